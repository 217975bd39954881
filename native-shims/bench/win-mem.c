/*
 * The C baselines of the Windows bench rows, against libfakewin
 * (FAKEWIN_SNAPSHOT names the snapshot): MODE "mem" makes the calls of
 * sysgrab's win32 getMemStats() (GlobalMemoryStatusEx, GetPerformanceInfo),
 * MODE "swap" those of getSwapStats() (GetPerformanceInfo, EnumPageFilesW
 * with a C callback reading each page file). Prints one line of JSON:
 * median and p99 nanoseconds per iteration.
 *
 * usage: bench-win-mem mem|swap ITERATIONS
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { uint32_t cb, reserved; uint64_t total, inuse, peak; } EPFI;
int GlobalMemoryStatusEx(void *status);
int GetPerformanceInfo(void *info, uint32_t cb);
int EnumPageFilesW(int (*cb)(void *, EPFI *, const uint16_t *), void *ctx);

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

static int visit(void *ctx, EPFI *info, const uint16_t *name)
{
	uint64_t *sum = ctx;
	*sum += info->total + info->inuse + name[0];
	return 1;
}

int main(int argc, char **argv)
{
	int swap = argc > 1 && strcmp(argv[1], "swap") == 0;
	long n = argc > 2 ? atol(argv[2]) : 100000;
	if (n < 100)
		n = 100;
	uint64_t *samples = malloc(sizeof(*samples) * (size_t)n);
	unsigned char status[64], perf[104];
	volatile uint64_t sink = 0;
	for (long i = -n / 10; i < n; i++) {	/* the first tenth warms up */
		uint64_t t0 = now_ns();
		uint64_t sum = 0;
		memset(perf, 0, sizeof(perf));
		if (swap) {
			if (GetPerformanceInfo(perf, sizeof(perf)) && EnumPageFilesW(visit, &sum))
				sink += sum;
		} else {
			memset(status, 0, sizeof(status));
			status[0] = 64;
			if (GlobalMemoryStatusEx(status) && GetPerformanceInfo(perf, sizeof(perf)))
				sink += status[8] + perf[48];
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
