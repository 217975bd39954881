/*
 * The timing loop of the C baselines of `npm run bench` (the platform ones;
 * bsd-sysctl.c predates it): run `body` ITERATIONS times after a tenth as
 * many warm-up runs, time each run, print one line of JSON with the median
 * and p99 nanoseconds per run.
 */
#ifndef BENCH_H
#define BENCH_H

#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t bench_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int bench_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Time `body(ctx)` n times; its result is summed so that no call is optimised away. Returns 0. */
static int bench_run(long n, uint64_t (*body)(void *ctx), void *ctx)
{
	if (n < 100)
		n = 100;
	uint64_t *samples = malloc(sizeof(*samples) * (size_t)n);
	volatile uint64_t sink = 0;
	for (long i = -n / 10; i < n; i++) {
		uint64_t t0 = bench_now_ns();
		sink += body(ctx);
		if (i >= 0)
			samples[i] = bench_now_ns() - t0;
	}
	qsort(samples, (size_t)n, sizeof(*samples), bench_cmp);
	printf("{\"iterations\":%ld,\"medianNs\":%llu,\"p99Ns\":%llu}\n", n,
	    (unsigned long long)samples[n / 2], (unsigned long long)samples[(n * 99) / 100]);
	free(samples);
	return sink == 42 ? 1 : 0;
}

#endif
