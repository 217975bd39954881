/*
 * fakeopenbsd: OpenBSD's libc sysctl(2) by MIB and swapctl(2), served on
 * Linux from a snapshot. Internal header; nothing here is exported.
 *
 * Layouts from OpenBSD's headers:
 *   struct uvmexp     86 ints, 344 bytes (sys/uvm/uvmexp.h rev 1.24)
 *   struct bcachestats 18 int64, 144 bytes (sys/sys/mount.h rev 1.153)
 *   struct swapent    1048 bytes: se_path is PATH_MAX + 1 (sys/sys/swap.h)
 */
#ifndef FAKEOPENBSD_H
#define FAKEOPENBSD_H

#include <stddef.h>
#include <stdint.h>

#define HIDDEN __attribute__((visibility("hidden")))

#define CTL_VM 2
#define VM_UVMEXP 4
#define CTL_HW 6
#define HW_PAGESIZE 7
#define HW_PHYSMEM64 19
#define CTL_VFS 10
#define VFS_GENERIC 0
#define VFS_BCACHESTAT 3
#define CTL_MAXNAME 12

#define SWAP_NSWAP 3
#define SWAP_STATS 4
#define SWF_INUSE 0x1
#define SWF_ENABLE 0x2

#define UVMEXP_INTS 86
#define BCACHESTATS_FIELDS 18
#define OPENBSD_PATH_MAX 1024

struct swapent {
	int32_t se_dev;		/* dev_t is 32 bits on OpenBSD */
	int se_flags;
	int se_nblks;		/* 512-byte blocks */
	int se_inuse;		/* 512-byte blocks */
	int se_priority;
	char se_path[OPENBSD_PATH_MAX + 1];
};

_Static_assert(offsetof(struct swapent, se_path) == 20, "se_path at 20");
_Static_assert(sizeof(struct swapent) == 1048, "struct swapent is 1048 bytes");

#define MAX_SWAPDEVS 16

struct openbsd_state {
	int load_errno;
	int32_t uvmexp[UVMEXP_INTS];
	size_t uvmexp_size;		/* the kernel's sizeof(struct uvmexp) */
	int has_uvmexp;
	int64_t physmem64;
	int has_physmem64;
	int64_t bcachestats[BCACHESTATS_FIELDS];
	size_t bcachestats_size;	/* the kernel's sizeof(struct bcachestats) */
	int has_bcachestats;		/* VFS_BCACHESTAT exists on this kernel */
	struct swapent swapdevs[MAX_SWAPDEVS];
	int nswapdevs;
};

HIDDEN const struct openbsd_state *fakeopenbsd_state(void);
/* The errno injected for `target`, or 0. */
HIDDEN int fakeopenbsd_fault(const char *target);
HIDDEN void fakeopenbsd_count(const char *key, const char *detail);

#endif
