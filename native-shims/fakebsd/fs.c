/*
 * fakebsd fs: getfsstat(2), statfs(2) and the vfs.conflist sysctl, from the
 * snapshot's `statfs:` and `vfsconf:` lines (test/fixtures/freebsd/
 * fsdisknet-14-zfs-server/README.md).
 *
 *   - struct statfs as FreeBSD 12+ lays it out (STATFS_VERSION 0x20140518,
 *     2344 bytes), or FreeBSD 11's (0x20030518, 472 bytes, names cut to 87
 *     bytes) when the snapshot has `statfs_version: 0x20030518`;
 *   - getfsstat(NULL, 0, mode): the number of mounts; with a buffer: as many
 *     as fit in bufsize, returned count = records written; each call also
 *     counts under "getfsstat:MNT_WAIT" / ":MNT_NOWAIT" / ":MNT_LAZY";
 *   - FAKEBSD_FSSTAT_HIDE=N: the NULL call reports N mounts fewer (a mount
 *     that appeared between the two calls);
 *   - statfs(path): the row mounted on `path`, else ENOENT.
 * Faults: getfsstat, statfs, vfs.conflist.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fakebsd.h"
#include "kv.h"

#define STATFS_VERSION 0x20140518u
#define FREEBSD11_STATFS_VERSION 0x20030518u
#define MNT_WAIT 1
#define MNT_NOWAIT 2
#define MNT_LAZY 3
#define MAX_MOUNTS 256
#define MAX_VFS 64

struct fsid { int32_t val[2]; };

/* sys/sys/mount.h: FreeBSD 11 and 12+ share every field up to the names. */
#define STATFS_HEAD \
	uint32_t f_version; \
	uint32_t f_type; \
	uint64_t f_flags; \
	uint64_t f_bsize; \
	uint64_t f_iosize; \
	uint64_t f_blocks; \
	uint64_t f_bfree; \
	int64_t f_bavail; \
	uint64_t f_files; \
	int64_t f_ffree; \
	uint64_t f_syncwrites; \
	uint64_t f_asyncwrites; \
	uint64_t f_syncreads; \
	uint64_t f_asyncreads; \
	uint64_t f_spare[10]; \
	uint32_t f_namemax; \
	uint32_t f_owner; \
	struct fsid f_fsid; \
	char f_charspare[80]; \
	char f_fstypename[16];

struct statfs {			/* FreeBSD 12+, STATFS_VERSION 0x20140518 */
	STATFS_HEAD
	char f_mntfromname[1024];
	char f_mntonname[1024];
};
_Static_assert(sizeof(struct statfs) == 2344, "struct statfs is 2344 bytes");
_Static_assert(offsetof(struct statfs, f_fstypename) == 280, "f_fstypename at 280");
_Static_assert(offsetof(struct statfs, f_mntonname) == 1320, "f_mntonname at 1320");

struct freebsd11_statfs {	/* FreeBSD 11, 0x20030518: 88-byte names */
	STATFS_HEAD
	char f_mntfromname[88];
	char f_mntonname[88];
};
_Static_assert(sizeof(struct freebsd11_statfs) == 472, "FreeBSD 11 struct statfs is 472 bytes");

struct xvfsconf {		/* sys/sys/mount.h */
	void *vfc_vfsops;
	char vfc_name[16];
	int vfc_typenum;
	int vfc_refcount;
	int vfc_flags;
	void *vfc_next;
};
_Static_assert(sizeof(struct xvfsconf) == 48, "struct xvfsconf is 48 bytes on LP64");

static struct statfs mounts[MAX_MOUNTS];
static int nmounts;
static int old_version;
static struct xvfsconf vfs[MAX_VFS];
static int nvfs;
static unsigned parsed_generation;

static void add_mount(const char *rest, void *ctx)
{
	(void)ctx;
	if (nmounts >= MAX_MOUNTS)
		return;
	struct statfs *s = &mounts[nmounts];
	memset(s, 0, sizeof(*s));
	char type[64], from[2048], on[2048];
	if (!fakebsd_word(rest, 0, type, sizeof(type)) || !fakebsd_word(rest, 1, from, sizeof(from)) || !fakebsd_word(rest, 2, on, sizeof(on)))
		return;
	s->f_version = STATFS_VERSION;
	s->f_type = (uint32_t)nmounts + 1;
	s->f_flags = (uint64_t)fakebsd_kv(rest, "flags", 0);
	s->f_bsize = (uint64_t)fakebsd_kv(rest, "bsize", 0);
	s->f_iosize = (uint64_t)fakebsd_kv(rest, "iosize", 0);
	s->f_blocks = (uint64_t)fakebsd_kv(rest, "blocks", 0);
	s->f_bfree = (uint64_t)fakebsd_kv(rest, "bfree", 0);
	s->f_bavail = fakebsd_kv(rest, "bavail", 0);
	s->f_files = (uint64_t)fakebsd_kv(rest, "files", 0);
	s->f_ffree = fakebsd_kv(rest, "ffree", 0);
	s->f_syncwrites = (uint64_t)fakebsd_kv(rest, "syncwrites", 0);
	s->f_asyncwrites = (uint64_t)fakebsd_kv(rest, "asyncwrites", 0);
	s->f_syncreads = (uint64_t)fakebsd_kv(rest, "syncreads", 0);
	s->f_asyncreads = (uint64_t)fakebsd_kv(rest, "asyncreads", 0);
	s->f_namemax = (uint32_t)fakebsd_kv(rest, "namemax", 255);
	s->f_owner = (uint32_t)fakebsd_kv(rest, "owner", 0);
	s->f_fsid.val[0] = 0x5f000000 + nmounts;
	snprintf(s->f_fstypename, sizeof(s->f_fstypename), "%.15s", type);
	snprintf(s->f_mntfromname, sizeof(s->f_mntfromname), "%.1023s", from);
	snprintf(s->f_mntonname, sizeof(s->f_mntonname), "%.1023s", on);
	nmounts++;
}

static void set_version(const char *rest, void *ctx)
{
	(void)ctx;
	old_version = strtoul(rest, NULL, 0) == FREEBSD11_STATFS_VERSION;
}

static void add_vfs(const char *rest, void *ctx)
{
	(void)ctx;
	if (nvfs >= MAX_VFS)
		return;
	char name[64];
	int typenum, refcount;
	unsigned flags;
	if (sscanf(rest, "%63s %d %d %x", name, &typenum, &refcount, &flags) != 4)
		return;
	struct xvfsconf *v = &vfs[nvfs++];
	memset(v, 0, sizeof(*v));
	snprintf(v->vfc_name, sizeof(v->vfc_name), "%.15s", name);
	v->vfc_typenum = typenum;
	v->vfc_refcount = refcount;
	v->vfc_flags = (int)flags;
}

static void load(void)
{
	unsigned g = fakebsd_generation();
	if (g == parsed_generation)
		return;
	parsed_generation = g;
	nmounts = nvfs = old_version = 0;
	fakebsd_each_line("statfs", add_mount, NULL);
	fakebsd_each_line("statfs_version", set_version, NULL);
	fakebsd_each_line("vfsconf", add_vfs, NULL);
}

/* Write mount i in the layout the snapshot's kernel uses; returns its size. */
static size_t put(const struct statfs *s, void *out)
{
	if (!old_version) {
		memcpy(out, s, sizeof(*s));
		return sizeof(*s);
	}
	struct freebsd11_statfs o;
	memset(&o, 0, sizeof(o));
	memcpy(&o, s, offsetof(struct statfs, f_mntfromname));
	o.f_version = FREEBSD11_STATFS_VERSION;
	/* That kernel cuts names to MNAMELEN - 1 = 87 bytes (strlcpy). */
	memcpy(o.f_mntfromname, s->f_mntfromname, sizeof(o.f_mntfromname) - 1);
	memcpy(o.f_mntonname, s->f_mntonname, sizeof(o.f_mntonname) - 1);
	memcpy(out, &o, sizeof(o));
	return sizeof(o);
}

int getfsstat(void *buf, long bufsize, int mode)
{
	fakebsd_enter("getfsstat");
	fakebsd_count(mode == MNT_WAIT ? "getfsstat:MNT_WAIT" : mode == MNT_NOWAIT ? "getfsstat:MNT_NOWAIT" : mode == MNT_LAZY ? "getfsstat:MNT_LAZY" : "getfsstat:other");
	load();
	int injected = fakebsd_fault("getfsstat");
	if (injected > 0)
		return fakebsd_fail(injected);
	if (injected < 0)
		return -1;
	if (mode != MNT_WAIT && mode != MNT_NOWAIT && mode != MNT_LAZY)
		return fakebsd_fail(EINVAL);
	if (!buf) {
		const char *hide = getenv("FAKEBSD_FSSTAT_HIDE");
		int n = nmounts - (hide ? atoi(hide) : 0);
		return n < 0 ? 0 : n;
	}
	size_t size = old_version ? sizeof(struct freebsd11_statfs) : sizeof(struct statfs);
	long fit = bufsize < 0 ? 0 : bufsize / (long)size;
	int n = 0;
	for (; n < nmounts && n < fit; n++)
		put(&mounts[n], (char *)buf + (size_t)n * size);
	return n;
}

int statfs(const char *path, void *buf)
{
	fakebsd_enter("statfs");
	load();
	int injected = fakebsd_fault("statfs");
	if (injected > 0)
		return fakebsd_fail(injected);
	if (injected < 0)
		return -1;
	if (!path || !buf)
		return fakebsd_fail(EFAULT);
	for (int i = 0; i < nmounts; i++)
		if (strcmp(mounts[i].f_mntonname, path) == 0) {
			put(&mounts[i], buf);
			return 0;
		}
	return fakebsd_fail(ENOENT);
}

static int vfs_conflist(const int *extra, unsigned nextra, void *oldp, size_t *oldlenp)
{
	(void)extra;
	if (nextra)
		return fakebsd_fail(ENOENT);
	load();
	if (nvfs == 0)
		return fakebsd_fail(ENOENT);
	return fakebsd_sysctl_out(vfs, (size_t)nvfs * sizeof(vfs[0]), oldp, oldlenp);
}

__attribute__((constructor)) static void register_fs(void)
{
	fakebsd_register_sysctl("vfs.conflist", vfs_conflist);
}
