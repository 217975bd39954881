/*
 * fakebsd swap: the vm.swap_info sysctl (struct xswdev v1 and v2), libkvm's
 * kvm_openfiles/kvm_getswapinfo/kvm_close/kvm_geterr and libc's devname,
 * from the snapshot's `swapdev: NAME TOTAL_PAGES USED_PAGES` lines.
 *
 *   - vm.swap_info.N: version 1 layout when the caller passes exactly 20
 *     bytes (or FAKEBSD_XSWDEV=1), else version 2 (32 bytes); ENOENT past
 *     the last device;
 *   - kvm_openfiles with a NULL corefile opens /dev/mem, which fails for a
 *     non-root user: that is what it does here, always; "/dev/null" gives a
 *     live handle that needs no privilege.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fakebsd.h"

#define MAX_DEVS 64
#define POSIX2_LINE_MAX 2048
#define SWIF_DEV_PREFIX 0x0002
#define KVM_MAGIC 0x6b766d21u
#define DEV_BASE 0x7100		/* fake dev_t of swap device i: DEV_BASE + i */

struct kvm_swap {
	char ksw_devname[32];
	unsigned int ksw_used;
	unsigned int ksw_total;
	int ksw_flags;
	unsigned int ksw_reserved1;
	unsigned int ksw_reserved2;
};

struct xswdev {		/* version 2, FreeBSD 12+ LP64: 32 bytes */
	unsigned int xsw_version;
	uint64_t xsw_dev;
	int xsw_flags;
	int xsw_nblks;
	int xsw_used;
};

struct xswdev11 {	/* version 1: 20 bytes */
	unsigned int xsw_version;
	uint32_t xsw_dev;
	int xsw_flags;
	int xsw_nblks;
	int xsw_used;
};

typedef struct kvm {
	unsigned int magic;
	char errmsg[POSIX2_LINE_MAX];
} kvm_t;

struct swapdev { char name[32]; unsigned int total, used; };

static struct swapdev devs[MAX_DEVS];
static int ndevs;
static unsigned parsed_generation;
static int open_handles;

static void add_dev(const char *rest, void *ctx)
{
	(void)ctx;
	char name[32];
	unsigned int total, used;
	if (ndevs < MAX_DEVS && sscanf(rest, "%31s %u %u", name, &total, &used) == 3) {
		snprintf(devs[ndevs].name, sizeof(devs[ndevs].name), "%s", name);
		devs[ndevs].total = total;
		devs[ndevs++].used = used;
	}
}

/* The devices of the current snapshot, parsed again when it changed. */
static void load_devs(void)
{
	unsigned g = fakebsd_generation();
	if (g == parsed_generation)
		return;
	parsed_generation = g;
	ndevs = 0;
	fakebsd_each_line("swapdev", add_dev, NULL);
}

static int swap_info(const int *extra, unsigned nextra, void *oldp, size_t *oldlenp)
{
	load_devs();
	if (nextra != 1)
		return fakebsd_fail(ENOENT);
	int index = extra[0];
	if (index < 0 || index >= ndevs)
		return fakebsd_fail(ENOENT);
	const struct swapdev *d = &devs[index];
	if (fakebsd_xswdev_v1_only() || (oldlenp && *oldlenp == sizeof(struct xswdev11))) {
		fakebsd_count("xswdev:v1");
		struct xswdev11 x = { 1, (uint32_t)(DEV_BASE + index), 0, (int)d->total, (int)d->used };
		return fakebsd_sysctl_out(&x, sizeof(x), oldp, oldlenp);
	}
	fakebsd_count("xswdev:v2");
	struct xswdev x;
	memset(&x, 0, sizeof(x));
	x.xsw_version = 2;
	x.xsw_dev = DEV_BASE + index;
	x.xsw_nblks = (int)d->total;
	x.xsw_used = (int)d->used;
	return fakebsd_sysctl_out(&x, sizeof(x), oldp, oldlenp);
}

__attribute__((constructor)) static void register_swap(void)
{
	fakebsd_register_sysctl("vm.swap_info", swap_info);
}

char *devname(uint64_t dev, uint16_t type)
{
	static char buf[64];
	(void)type;
	fakebsd_enter("devname");
	load_devs();
	if (fakebsd_fault("devname") == -1)
		return NULL;
	uint64_t i = dev - DEV_BASE;
	if (dev >= DEV_BASE && i < (uint64_t)ndevs)
		return devs[i].name;
	/* FreeBSD's answer for a device it cannot name. */
	snprintf(buf, sizeof(buf), "#C:%#jx", (uintmax_t)dev);
	return buf;
}

kvm_t *kvm_openfiles(const char *execfile, const char *corefile, const char *swapfile, int flags, char *errbuf)
{
	(void)execfile; (void)swapfile; (void)flags;
	fakebsd_enter("kvm_openfiles");
	if (fakebsd_fault("kvm_openfiles") != 0) {
		snprintf(errbuf, POSIX2_LINE_MAX, "kvm_openfiles: injected failure");
		return NULL;
	}
	if (corefile == NULL) {
		/* The kernel's memory through /dev/mem: root or group kmem only. */
		snprintf(errbuf, POSIX2_LINE_MAX, "/dev/mem: Permission denied");
		return NULL;
	}
	if (strcmp(corefile, "/dev/null") != 0) {
		snprintf(errbuf, POSIX2_LINE_MAX, "%s: crash dumps are not served by fakebsd", corefile);
		return NULL;
	}
	kvm_t *kd = calloc(1, sizeof(*kd));
	if (!kd) {
		snprintf(errbuf, POSIX2_LINE_MAX, "out of memory");
		return NULL;
	}
	kd->magic = KVM_MAGIC;
	open_handles++;
	return kd;
}

int kvm_getswapinfo(kvm_t *kd, struct kvm_swap *ary, int max, int flags)
{
	fakebsd_enter("kvm_getswapinfo");
	if (!kd || kd->magic != KVM_MAGIC)
		return -1;
	load_devs();
	if (fakebsd_fault("kvm_getswapinfo") != 0) {
		snprintf(kd->errmsg, sizeof(kd->errmsg), "kvm_getswapinfo: injected failure");
		return -1;
	}
	if (fakebsd_load_errno()) {
		snprintf(kd->errmsg, sizeof(kd->errmsg), "kvm_getswapinfo: %s", strerror(fakebsd_load_errno()));
		return -1;
	}
	if (max <= 0)
		return 0;
	struct kvm_swap total;
	memset(&total, 0, sizeof(total));
	snprintf(total.ksw_devname, sizeof(total.ksw_devname), "Total");
	int n = ndevs < max - 1 ? ndevs : max - 1;
	for (int i = 0; i < ndevs; i++) {
		if (i < n) {
			memset(&ary[i], 0, sizeof(ary[i]));
			snprintf(ary[i].ksw_devname, sizeof(ary[i].ksw_devname), "%s%.26s",
			    (flags & SWIF_DEV_PREFIX) ? "/dev/" : "", devs[i].name);
			ary[i].ksw_total = devs[i].total;
			ary[i].ksw_used = devs[i].used;
		}
		total.ksw_total += devs[i].total;
		total.ksw_used += devs[i].used;
	}
	ary[n] = total;
	return n;
}

int kvm_close(kvm_t *kd)
{
	fakebsd_enter("kvm_close");
	if (!kd || kd->magic != KVM_MAGIC)
		return -1;
	kd->magic = 0;
	free(kd);
	open_handles--;
	return 0;
}

char *kvm_geterr(kvm_t *kd)
{
	fakebsd_enter("kvm_geterr");
	if (!kd || kd->magic != KVM_MAGIC)
		return "";
	return kd->errmsg;
}

/* kvm handles open now (for leak checks). */
int fakebsd_open_handles(void)
{
	return open_handles;
}
