/*
 * The C baseline of the macOS bench row: the calls sysgrab's darwin
 * getMemStats() makes (host_statistics64 with the SDK's count into a
 * HOST_INFO_MAX buffer, host_page_size, sysctlbyname("hw.memsize")), in a
 * tight loop against libfakedarwin (FAKEDARWIN_SNAPSHOT names the snapshot).
 * The host port is asked for once, as sysgrab does. Prints one line of JSON:
 * median and p99 nanoseconds per iteration.
 *
 * usage: bench-darwin-mem ITERATIONS
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

uint32_t mach_host_self(void);
int host_statistics64(uint32_t host, int flavor, int32_t *info, uint32_t *count);
int host_page_size(uint32_t host, uint64_t *size);
int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	if (n < 100)
		n = 100;
	uint64_t *samples = malloc(sizeof(*samples) * (size_t)n);
	static int32_t info[1024];
	volatile uint64_t sink = 0;
	uint32_t host = mach_host_self();
	for (long i = -n / 10; i < n; i++) {	/* the first tenth warms up */
		uint64_t t0 = now_ns();
		uint32_t count = 38;
		uint64_t page = 0, memsize = 0;
		size_t len = sizeof(memsize);
		if (host_statistics64(host, 4, info, &count) == 0 && host_page_size(host, &page) == 0 &&
		    sysctlbyname("hw.memsize", &memsize, &len, NULL, 0) == 0)
			sink += (uint64_t)(uint32_t)info[0] * page + memsize;
		if (i >= 0)
			samples[i] = now_ns() - t0;
	}
	qsort(samples, (size_t)n, sizeof(*samples), cmp);
	printf("{\"iterations\":%ld,\"medianNs\":%llu,\"p99Ns\":%llu}\n", n,
	    (unsigned long long)samples[n / 2], (unsigned long long)samples[(n * 99) / 100]);
	free(samples);
	return sink == 42 ? 1 : 0;
}
