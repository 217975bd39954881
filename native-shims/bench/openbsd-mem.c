/*
 * The C baseline of the OpenBSD bench row: the calls sysgrab's openbsd
 * getMemStats() makes (sysctl by MIB for vm.uvmexp, hw.physmem64 and
 * vfs.generic.bcachestat, into buffers of the sizes sysgrab passes) against
 * libfakeopenbsd (FAKEOPENBSD_SNAPSHOT names the snapshot).
 *
 * usage: bench-openbsd-mem ITERATIONS
 */
#include "bench.h"

int sysctl(const int *name, unsigned int namelen, void *oldp, size_t *oldlenp, void *newp, size_t newlen);

static uint64_t mem(void *ctx)
{
	(void)ctx;
	static const int uvmexp[] = { 2, 4 }, physmem[] = { 6, 19 }, bcache[] = { 10, 0, 3 };
	static int32_t uvm[256];
	static int64_t bc[64];
	int64_t phys = 0;
	size_t l1 = sizeof(uvm), l2 = sizeof(phys), l3 = sizeof(bc);
	if (sysctl(uvmexp, 2, uvm, &l1, NULL, 0) == 0 && sysctl(physmem, 2, &phys, &l2, NULL, 0) == 0 &&
	    sysctl(bcache, 3, bc, &l3, NULL, 0) == 0)
		return (uint64_t)uvm[4] + (uint64_t)phys + (uint64_t)bc[1];
	return 0;
}

int main(int argc, char **argv)
{
	return bench_run(argc > 1 ? atol(argv[1]) : 100000, mem, NULL);
}
