/*
 * The C baseline of the OpenBSD bench row: the calls sysgrab's openbsd
 * getMemStats() makes (sysctl by MIB for vm.uvmexp, hw.physmem64 and
 * vfs.generic.bcachestat), in a tight loop against libfakeopenbsd
 * (FAKEOPENBSD_SNAPSHOT names the snapshot). Prints one line of JSON:
 * median and p99 nanoseconds per iteration.
 *
 * usage: bench-openbsd-mem ITERATIONS
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int sysctl(const int *name, unsigned int namelen, void *oldp, size_t *oldlenp, void *newp, size_t newlen);

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
	static const int uvmexp[] = { 2, 4 }, physmem[] = { 6, 19 }, bcache[] = { 10, 0, 3 };
	static int32_t uvm[256];
	static int64_t bc[64];
	volatile uint64_t sink = 0;
	for (long i = -n / 10; i < n; i++) {	/* the first tenth warms up */
		uint64_t t0 = now_ns();
		int64_t phys = 0;
		size_t l1 = sizeof(uvm), l2 = sizeof(phys), l3 = sizeof(bc) / 2;
		if (sysctl(uvmexp, 2, uvm, &l1, NULL, 0) == 0 && sysctl(physmem, 2, &phys, &l2, NULL, 0) == 0 &&
		    sysctl(bcache, 3, bc, &l3, NULL, 0) == 0)
			sink += (uint64_t)uvm[4] + (uint64_t)phys + (uint64_t)bc[1];
		if (i >= 0)
			samples[i] = now_ns() - t0;
	}
	qsort(samples, (size_t)n, sizeof(*samples), cmp);
	printf("{\"iterations\":%ld,\"medianNs\":%llu,\"p99Ns\":%llu}\n", n,
	    (unsigned long long)samples[n / 2], (unsigned long long)samples[(n * 99) / 100]);
	free(samples);
	return sink == 42 ? 1 : 0;
}
