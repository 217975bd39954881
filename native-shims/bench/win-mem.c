/*
 * The C baselines of the Windows bench rows, against libfakewin
 * (FAKEWIN_SNAPSHOT names the snapshot): MODE "mem" makes the calls of
 * sysgrab's win32 getMemStats() (GlobalMemoryStatusEx, GetPerformanceInfo),
 * MODE "swap" those of getSwapStats() (GetPerformanceInfo, EnumPageFilesW
 * with a C callback reading each page file).
 *
 * usage: bench-win-mem mem|swap ITERATIONS
 */
#include <string.h>

#include "bench.h"

typedef struct { uint32_t cb, reserved; uint64_t total, inuse, peak; } EPFI;
int GlobalMemoryStatusEx(void *status);
int GetPerformanceInfo(void *info, uint32_t cb);
int EnumPageFilesW(int (*cb)(void *, EPFI *, const uint16_t *), void *ctx);

static int visit(void *ctx, EPFI *info, const uint16_t *name)
{
	*(uint64_t *)ctx += info->total + info->inuse + name[0];
	return 1;
}

static uint64_t mem(void *ctx)
{
	(void)ctx;
	unsigned char status[64] = { 64 }, perf[104] = { 0 };
	return GlobalMemoryStatusEx(status) && GetPerformanceInfo(perf, sizeof(perf)) ? status[8] + perf[48] : 0;
}

static uint64_t swap(void *ctx)
{
	(void)ctx;
	unsigned char perf[104] = { 0 };
	uint64_t sum = 0;
	return GetPerformanceInfo(perf, sizeof(perf)) && EnumPageFilesW(visit, &sum) ? sum : 0;
}

int main(int argc, char **argv)
{
	int swapping = argc > 1 && strcmp(argv[1], "swap") == 0;
	return bench_run(argc > 2 ? atol(argv[2]) : 100000, swapping ? swap : mem, NULL);
}
