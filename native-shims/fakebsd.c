/*
 * fakebsd: FreeBSD's libc sysctl and libkvm swap ABI, served on Linux from a
 * snapshot file, so that sysgrab's real FreeBSD code path (koffi or ffi-rs
 * calling into a shared library) runs in Linux CI.
 *
 * Exports, with FreeBSD's signatures (LP64):
 *   sysctlbyname, sysctlnametomib, sysctl, devname           (libc.so.7)
 *   kvm_openfiles, kvm_getswapinfo, kvm_close, kvm_geterr    (libkvm.so.7)
 *   fakebsd_open_handles: kvm handles open now (for leak checks)
 *
 * Steered by the environment, read on every call (a change is picked up by
 * the next call):
 *   FAKEBSD_SNAPSHOT  path of a snapshot: `name: value` lines as sysctl(8)
 *                     prints them, `swapdev: NAME TOTAL_PAGES USED_PAGES`,
 *                     `#` comments. A name not in the file does not exist.
 *   FAKEBSD_FAULTS    comma-separated TARGET=FAULT. TARGET is a sysctl name,
 *                     or sysctlnametomib, sysctl, kvm_openfiles,
 *                     kvm_getswapinfo, devname. FAULT is an errno name
 *                     (ENOENT EPERM EACCES ENOMEM EIO EINVAL), NULL or -1.
 *   FAKEBSD_XSWDEV    "1": a FreeBSD 11 kernel, vm.swap_info serves only the
 *                     20-byte version 1 struct xswdev.
 *
 * Behaviour copied from FreeBSD where sysgrab depends on it:
 *   - unknown name: -1/ENOENT; oldp == NULL: size only; buffer too small:
 *     partial copy, *oldlenp = bytes copied, -1/ENOMEM; newp: -1/EPERM;
 *   - vm.stats.vm.* and hw.pagesize are 4 bytes, hw.physmem, vfs.bufspace and
 *     kstat.* are 8 bytes;
 *   - vm.swap_info.N: version 1 layout when the caller passes exactly 20
 *     bytes, else version 2 (32 bytes); ENOENT past the last device;
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

#define MAX_ENTRIES 256
#define MAX_DEVS 64
#define MAX_FAULTS 32
#define POSIX2_LINE_MAX 2048
#define SWIF_DEV_PREFIX 0x0002
#define KVM_MAGIC 0x6b766d21u

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

struct entry { char name[128]; uint64_t value; };
struct swapdev { char name[32]; unsigned int total, used; };
struct fault { char target[128]; int err; };	/* err: errno, or -1 for NULL/-1 */

static struct {
	char key[4096];		/* snapshot path + faults + xswdev: reload when it changes */
	int loaded;
	int load_errno;
	struct entry entries[MAX_ENTRIES];
	int nentries;
	struct swapdev devs[MAX_DEVS];
	int ndevs;
	struct fault faults[MAX_FAULTS];
	int nfaults;
	int xswdev_v1_only;
} st;

static int open_handles;

#define SWAP_INFO_OID 0x5a00	/* fake OIDs: {CTL_VM=2, SWAP_INFO_OID, dev} */
#define SCALAR_OID 0x5b00	/* {0, SCALAR_OID, index} for other names */
#define DEV_BASE 0x7100		/* fake dev_t of swap device i: DEV_BASE + i */

static int errno_by_name(const char *s)
{
	static const struct { const char *name; int value; } names[] = {
		{ "ENOENT", ENOENT }, { "EPERM", EPERM }, { "EACCES", EACCES },
		{ "ENOMEM", ENOMEM }, { "EIO", EIO }, { "EINVAL", EINVAL },
		{ "NULL", -1 }, { "-1", -1 },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].value;
	return 0;
}

static void parse_faults(const char *spec)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", spec);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok && st.nfaults < MAX_FAULTS; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		struct fault *f = &st.faults[st.nfaults];
		snprintf(f->target, sizeof(f->target), "%s", tok);
		f->err = errno_by_name(eq + 1);
		if (f->err != 0)
			st.nfaults++;
	}
}

static void parse_snapshot(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		st.load_errno = errno;
		return;
	}
	char line[512];
	while (fgets(line, sizeof(line), fp)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char name[128];
		unsigned long long value;
		unsigned int total, used;
		char dev[32];
		if (sscanf(line, " swapdev: %31s %u %u", dev, &total, &used) == 3) {
			if (st.ndevs < MAX_DEVS) {
				struct swapdev *d = &st.devs[st.ndevs++];
				snprintf(d->name, sizeof(d->name), "%s", dev);
				d->total = total;
				d->used = used;
			}
		} else if (sscanf(line, " %127[^: \t]: %llu", name, &value) == 2) {
			if (st.nentries < MAX_ENTRIES) {
				struct entry *e = &st.entries[st.nentries++];
				snprintf(e->name, sizeof(e->name), "%s", name);
				e->value = value;
			}
		}
	}
	fclose(fp);
}

/* Bring the parsed state in line with the environment. */
static void refresh(void)
{
	const char *snap = getenv("FAKEBSD_SNAPSHOT");
	const char *faults = getenv("FAKEBSD_FAULTS");
	const char *xsw = getenv("FAKEBSD_XSWDEV");
	char key[sizeof(st.key)];
	snprintf(key, sizeof(key), "%s|%s|%s", snap ? snap : "", faults ? faults : "", xsw ? xsw : "");
	if (st.loaded && strcmp(key, st.key) == 0)
		return;
	memset(&st, 0, sizeof(st));
	snprintf(st.key, sizeof(st.key), "%s", key);
	st.loaded = 1;
	st.xswdev_v1_only = xsw && strcmp(xsw, "1") == 0;
	if (faults)
		parse_faults(faults);
	if (snap && *snap)
		parse_snapshot(snap);
}

/* The fault injected for `target`, or 0. */
static int fault_for(const char *target)
{
	for (int i = 0; i < st.nfaults; i++)
		if (strcmp(st.faults[i].target, target) == 0)
			return st.faults[i].err;
	return 0;
}

static size_t size_of(const char *name)
{
	if (strncmp(name, "kstat.", 6) == 0 || strcmp(name, "hw.physmem") == 0 ||
	    strcmp(name, "hw.realmem") == 0 || strcmp(name, "vfs.bufspace") == 0)
		return 8;
	return 4;
}

/* Copy a value out as the kernel's SYSCTL_OUT does. */
static int sysctl_out(const void *value, size_t size, void *oldp, size_t *oldlenp)
{
	if (!oldlenp) {
		errno = EFAULT;
		return -1;
	}
	if (!oldp) {
		*oldlenp = size;
		return 0;
	}
	if (*oldlenp < size) {
		memcpy(oldp, value, *oldlenp);
		errno = ENOMEM;
		return -1;
	}
	memcpy(oldp, value, size);
	*oldlenp = size;
	return 0;
}

static int out_scalar(const struct entry *e, void *oldp, size_t *oldlenp)
{
	size_t size = size_of(e->name);
	uint32_t v32 = (uint32_t)e->value;
	uint64_t v64 = e->value;
	return sysctl_out(size == 4 ? (const void *)&v32 : (const void *)&v64, size, oldp, oldlenp);
}

static int find_entry(const char *name)
{
	for (int i = 0; i < st.nentries; i++)
		if (strcmp(st.entries[i].name, name) == 0)
			return i;
	return -1;
}

static int fail(int err)
{
	errno = err;
	return -1;
}

int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, const void *newp, size_t newlen)
{
	(void)newlen;
	refresh();
	if (st.load_errno)
		return fail(st.load_errno);
	int injected = fault_for(name);
	if (injected > 0)
		return fail(injected);
	if (newp)
		return fail(EPERM);
	int i = find_entry(name);
	if (i < 0)
		return fail(ENOENT);
	return out_scalar(&st.entries[i], oldp, oldlenp);
}

int sysctlnametomib(const char *name, int *mibp, size_t *sizep)
{
	refresh();
	int injected = fault_for("sysctlnametomib");
	if (injected > 0)
		return fail(injected);
	if (st.load_errno)
		return fail(st.load_errno);
	if (!mibp || !sizep || *sizep < 2)
		return fail(ENOMEM);
	if (strcmp(name, "vm.swap_info") == 0) {
		if ((injected = fault_for("vm.swap_info")) > 0)
			return fail(injected);
		mibp[0] = 2;
		mibp[1] = SWAP_INFO_OID;
		*sizep = 2;
		return 0;
	}
	int i = find_entry(name);
	if (i < 0 || *sizep < 3)
		return fail(i < 0 ? ENOENT : ENOMEM);
	mibp[0] = 0;
	mibp[1] = SCALAR_OID;
	mibp[2] = i;
	*sizep = 3;
	return 0;
}

static int out_swap_info(int index, void *oldp, size_t *oldlenp)
{
	if (index < 0 || index >= st.ndevs)
		return fail(ENOENT);
	const struct swapdev *d = &st.devs[index];
	if (st.xswdev_v1_only || (oldlenp && *oldlenp == sizeof(struct xswdev11))) {
		struct xswdev11 x = { 1, (uint32_t)(DEV_BASE + index), 0, (int)d->total, (int)d->used };
		return sysctl_out(&x, sizeof(x), oldp, oldlenp);
	}
	struct xswdev x;
	memset(&x, 0, sizeof(x));
	x.xsw_version = 2;
	x.xsw_dev = DEV_BASE + index;
	x.xsw_nblks = (int)d->total;
	x.xsw_used = (int)d->used;
	return sysctl_out(&x, sizeof(x), oldp, oldlenp);
}

int sysctl(const int *name, unsigned int namelen, void *oldp, size_t *oldlenp, const void *newp, size_t newlen)
{
	(void)newlen;
	refresh();
	int injected = fault_for("sysctl");
	if (injected > 0)
		return fail(injected);
	if (st.load_errno)
		return fail(st.load_errno);
	if (newp)
		return fail(EPERM);
	if (namelen == 3 && name[0] == 2 && name[1] == SWAP_INFO_OID)
		return out_swap_info(name[2], oldp, oldlenp);
	if (namelen == 3 && name[0] == 0 && name[1] == SCALAR_OID && name[2] >= 0 && name[2] < st.nentries)
		return out_scalar(&st.entries[name[2]], oldp, oldlenp);
	return fail(ENOENT);
}

char *devname(uint64_t dev, uint16_t type)
{
	static char buf[64];
	(void)type;
	refresh();
	if (fault_for("devname") == -1)
		return NULL;
	uint64_t i = dev - DEV_BASE;
	if (dev >= DEV_BASE && i < (uint64_t)st.ndevs)
		return st.devs[i].name;
	/* FreeBSD's answer for a device it cannot name. */
	snprintf(buf, sizeof(buf), "#C:%#jx", (uintmax_t)dev);
	return buf;
}

kvm_t *kvm_openfiles(const char *execfile, const char *corefile, const char *swapfile, int flags, char *errbuf)
{
	(void)execfile; (void)swapfile; (void)flags;
	refresh();
	if (fault_for("kvm_openfiles") != 0) {
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
	if (!kd || kd->magic != KVM_MAGIC)
		return -1;
	refresh();
	if (fault_for("kvm_getswapinfo") != 0) {
		snprintf(kd->errmsg, sizeof(kd->errmsg), "kvm_getswapinfo: injected failure");
		return -1;
	}
	if (st.load_errno) {
		snprintf(kd->errmsg, sizeof(kd->errmsg), "kvm_getswapinfo: %s", strerror(st.load_errno));
		return -1;
	}
	if (max <= 0)
		return 0;
	struct kvm_swap total;
	memset(&total, 0, sizeof(total));
	snprintf(total.ksw_devname, sizeof(total.ksw_devname), "Total");
	int n = st.ndevs < max - 1 ? st.ndevs : max - 1;
	for (int i = 0; i < st.ndevs; i++) {
		if (i < n) {
			memset(&ary[i], 0, sizeof(ary[i]));
			snprintf(ary[i].ksw_devname, sizeof(ary[i].ksw_devname), "%s%s",
			    (flags & SWIF_DEV_PREFIX) ? "/dev/" : "", st.devs[i].name);
			ary[i].ksw_total = st.devs[i].total;
			ary[i].ksw_used = st.devs[i].used;
		}
		total.ksw_total += st.devs[i].total;
		total.ksw_used += st.devs[i].used;
	}
	ary[n] = total;
	return n;
}

int kvm_close(kvm_t *kd)
{
	if (!kd || kd->magic != KVM_MAGIC)
		return -1;
	kd->magic = 0;
	free(kd);
	open_handles--;
	return 0;
}

char *kvm_geterr(kvm_t *kd)
{
	if (!kd || kd->magic != KVM_MAGIC)
		return "";
	return kd->errmsg;
}

int fakebsd_open_handles(void)
{
	return open_handles;
}
