/*
 * The C baseline of the macOS bench row: the calls sysgrab's darwin
 * getMemStats() makes (host_statistics64 with the SDK's count into a
 * HOST_INFO_MAX buffer, host_page_size, sysctlbyname("hw.memsize")) against
 * libfakedarwin (FAKEDARWIN_SNAPSHOT names the snapshot). The host port is
 * asked for once, as sysgrab does.
 *
 * usage: bench-darwin-mem ITERATIONS
 */
#include "bench.h"

uint32_t mach_host_self(void);
int host_statistics64(uint32_t host, int flavor, int32_t *info, uint32_t *count);
int host_page_size(uint32_t host, uint64_t *size);
int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);

static uint64_t mem(void *ctx)
{
	static int32_t info[1024];
	uint32_t host = *(uint32_t *)ctx, count = 38;
	uint64_t page = 0, memsize = 0;
	size_t len = sizeof(memsize);
	if (host_statistics64(host, 4, info, &count) == 0 && host_page_size(host, &page) == 0 &&
	    sysctlbyname("hw.memsize", &memsize, &len, NULL, 0) == 0)
		return (uint64_t)(uint32_t)info[0] * page + memsize;
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t host = mach_host_self();
	return bench_run(argc > 1 ? atol(argv[1]) : 100000, mem, &host);
}
