/*
 * The C baseline of `npm run bench`: the same sysctlbyname() calls that
 * sysgrab's FreeBSD getMemStats() makes, in a tight loop against the shim
 * (FAKEBSD_SNAPSHOT names the snapshot). Prints one line of JSON with the
 * median and p99 nanoseconds per iteration, so the FFI overhead is the ratio.
 *
 * usage: bench-sysctl ITERATIONS
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, const void *newp, size_t newlen);

static const char *const names[] = {
	"vm.stats.vm.v_page_size", "vm.stats.vm.v_page_count", "vm.stats.vm.v_free_count",
	"vm.stats.vm.v_inactive_count", "vm.stats.vm.v_active_count", "vm.stats.vm.v_wire_count",
	"vm.stats.vm.v_cache_count", "vm.stats.vm.v_laundry_count", "kstat.zfs.misc.arcstats.size",
	"kstat.zfs.misc.arcstats.c_min", "kstat.zfs.misc.arcstats.c_max",
};

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
	volatile uint64_t sink = 0;
	for (long i = -n / 10; i < n; i++) {	/* the first tenth warms up */
		uint64_t t0 = now_ns();
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			uint64_t value = 0;
			size_t len = sizeof(value);
			if (sysctlbyname(names[k], &value, &len, NULL, 0) == 0)
				sink += value;
		}
		if (i >= 0)
			samples[i] = now_ns() - t0;
	}
	qsort(samples, (size_t)n, sizeof(*samples), cmp);
	printf("{\"iterations\":%ld,\"medianNs\":%llu,\"p99Ns\":%llu}\n", n,
	    (unsigned long long)samples[n / 2], (unsigned long long)samples[(n * 99) / 100]);
	free(samples);
	return sink == 42 ? 1 : 0;
}
