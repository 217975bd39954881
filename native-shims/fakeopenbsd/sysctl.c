/*
 * fakeopenbsd: sysctl(2) by MIB, with OpenBSD's answers.
 *
 *   int sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
 *
 * Served: {CTL_VM, VM_UVMEXP} struct uvmexp; {CTL_HW, HW_PHYSMEM64} int64;
 * {CTL_HW, HW_PAGESIZE} int; {CTL_VFS, VFS_GENERIC, VFS_BCACHESTAT} struct
 * bcachestats. Behaviour of sysctl_rdstruct / SYSCTL_SCALAR_CORE_LEN
 * (kern_sysctl.c): oldp NULL gives the size; a buffer shorter than the value
 * is -1/ENOMEM with nothing copied and *oldlenp unchanged; newp is -1/EPERM
 * (read-only). namelen < 2 or > CTL_MAXNAME is EINVAL; a MIB this kernel
 * does not have is EOPNOTSUPP (uvm_sysctl, hw_sysctl, vfs_sysctl default).
 * OpenBSD has no sysctlbyname: this library does not export one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fakeopenbsd.h"

static int fail(int err)
{
	errno = err;
	return -1;
}

static int out(const void *value, size_t size, void *oldp, size_t *oldlenp, const void *newp)
{
	if (newp)
		return fail(EPERM);
	if (!oldlenp)
		return 0;
	if (!oldp) {
		*oldlenp = size;
		return 0;
	}
	if (*oldlenp < size)
		return fail(ENOMEM);
	memcpy(oldp, value, size);
	*oldlenp = size;
	return 0;
}

/* The MIB's name as sysctl(8) spells it, for faults and counters. */
static const char *mib_name(const int *name, unsigned int namelen)
{
	if (namelen == 2 && name[0] == CTL_VM && name[1] == VM_UVMEXP)
		return "vm.uvmexp";
	if (namelen == 2 && name[0] == CTL_HW && name[1] == HW_PHYSMEM64)
		return "hw.physmem64";
	if (namelen == 2 && name[0] == CTL_HW && name[1] == HW_PAGESIZE)
		return "hw.pagesize";
	if (namelen == 3 && name[0] == CTL_VFS && name[1] == VFS_GENERIC && name[2] == VFS_BCACHESTAT)
		return "vfs.generic.bcachestat";
	return NULL;
}

int sysctl(const int *name, unsigned int namelen, void *oldp, size_t *oldlenp, void *newp, size_t newlen)
{
	(void)newlen;
	const struct openbsd_state *st = fakeopenbsd_state();
	if (!name || namelen < 2 || namelen > CTL_MAXNAME) {
		fakeopenbsd_count("sysctl", NULL);
		return fail(EINVAL);
	}
	const char *mib = mib_name(name, namelen);
	char unknown[64];
	if (!mib) {
		snprintf(unknown, sizeof(unknown), "%d.%d", name[0], name[1]);
		mib = unknown;
	}
	fakeopenbsd_count("sysctl", mib);
	int injected = fakeopenbsd_fault("sysctl");
	if (!injected)
		injected = fakeopenbsd_fault(mib);
	if (injected)
		return fail(injected);
	if (st->load_errno)
		return fail(st->load_errno);
	if (strcmp(mib, "vm.uvmexp") == 0 && st->has_uvmexp) {
		unsigned char buf[4096];
		memset(buf, 0, sizeof(buf));
		size_t size = st->uvmexp_size < sizeof(buf) ? st->uvmexp_size : sizeof(buf);
		memcpy(buf, st->uvmexp, size < sizeof(st->uvmexp) ? size : sizeof(st->uvmexp));
		return out(buf, size, oldp, oldlenp, newp);
	}
	if (strcmp(mib, "hw.physmem64") == 0 && st->has_physmem64)
		return out(&st->physmem64, sizeof(st->physmem64), oldp, oldlenp, newp);
	if (strcmp(mib, "hw.pagesize") == 0 && st->uvmexp[0])
		return out(&st->uvmexp[0], sizeof(int32_t), oldp, oldlenp, newp);
	if (strcmp(mib, "vfs.generic.bcachestat") == 0 && st->has_bcachestats) {
		unsigned char buf[1024];
		memset(buf, 0, sizeof(buf));
		size_t size = st->bcachestats_size < sizeof(buf) ? st->bcachestats_size : sizeof(buf);
		memcpy(buf, st->bcachestats, size < sizeof(st->bcachestats) ? size : sizeof(st->bcachestats));
		return out(buf, size, oldp, oldlenp, newp);
	}
	return fail(EOPNOTSUPP);
}
