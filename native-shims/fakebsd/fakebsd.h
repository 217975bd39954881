/*
 * fakebsd: FreeBSD's libc and libkvm ABI, served on Linux from a snapshot
 * file, so that sysgrab's real FreeBSD code path (an FFI driver calling into
 * a shared library) runs in Linux CI. Every .c file of this folder is
 * compiled into one libfakebsd.so (native-shims/build.sh).
 *
 * core.c owns the shared state and the sysctl entry points; each other file
 * serves one family of calls (swap.c: vm.swap_info and libkvm; rctl.c:
 * RACCT/RCTL; jail.c: libjail's jid <-> name; host.c and proc.c: issue 12's
 * sysctls; fs.c: getfsstat and statfs; devstat.c: kern.devstat.all; net.c:
 * getifaddrs, socket and SIOCGIFMEDIA) and registers the structured sysctls
 * it answers.
 *
 * Steered by the environment, read on every call (a change is picked up by
 * the next call):
 *   FAKEBSD_SNAPSHOT  path of a snapshot: `name: value` lines as sysctl(8)
 *                     prints them; other line kinds belong to the modules
 *                     (`swapdev: NAME TOTAL_PAGES USED_PAGES`); a line
 *                     starting with `#` is a comment (a `#` inside a
 *                     value is data). A name not in the file does not exist.
 *                     Line kinds: test/fixtures/freebsd/13-laptop-zfs-16g/
 *                     README.md.
 *   FAKEBSD_FAULTS    comma-separated TARGET=FAULT. TARGET is a sysctl name
 *                     or a function name (sysctlnametomib, sysctl,
 *                     kvm_openfiles, kvm_getswapinfo, devname, ...). FAULT is
 *                     an errno name (ENOENT EPERM EACCES ENOMEM EIO EINVAL
 *                     ENOSYS ESRCH EFAULT ERANGE EOPNOTSUPP E2BIG EBUSY
 *                     ENXIO) or NULL / -1.
 *   FAKEBSD_XSWDEV    "1": a FreeBSD 11 kernel, vm.swap_info serves only the
 *                     20-byte version 1 struct xswdev.
 *
 * Every exported function counts its calls (fakebsd_calls("kvm_getswapinfo")),
 * and each sysctl read counts under "sysctl:NAME" too, so a test can prove
 * which path ran.
 */
#ifndef FAKEBSD_H
#define FAKEBSD_H

#include <stddef.h>
#include <stdint.h>

/* Start of every exported function: follow the environment, count the call. */
void fakebsd_enter(const char *fn);
/* Count one more call under `key` (used for "sysctl:NAME"). */
void fakebsd_count(const char *key);
/* The fault injected for `target`: an errno (> 0), -1 for NULL/-1, or 0. */
int fakebsd_fault(const char *target);
/* errno from opening the snapshot (0 when it loaded). */
int fakebsd_load_errno(void);
/* Changes whenever the snapshot or the faults change: modules re-parse then. */
unsigned fakebsd_generation(void);
/* The snapshot's `FAKEBSD_XSWDEV` setting. */
int fakebsd_xswdev_v1_only(void);

/* Each snapshot line `PREFIX: rest` (comment stripped), in file order. */
typedef void (*fakebsd_line_fn)(const char *rest, void *ctx);
void fakebsd_each_line(const char *prefix, fakebsd_line_fn fn, void *ctx);

/* Copy a value out as the kernel's SYSCTL_OUT does: NULL oldp gives the
 * size; a short buffer gets a partial copy, *oldlenp = bytes copied and
 * -1/ENOMEM. */
int fakebsd_sysctl_out(const void *value, size_t size, void *oldp, size_t *oldlenp);
/* errno = err, return -1. */
int fakebsd_fail(int err);

/*
 * A structured sysctl served by a module. `extra` are the MIB elements after
 * the name's own (kern.proc.args.<pid>, vm.swap_info.<n>); none when asked
 * by name. Return 0, or -1 with errno set.
 */
typedef int (*fakebsd_sysctl_fn)(const int *extra, unsigned nextra, void *oldp, size_t *oldlenp);
/* Register from a constructor: __attribute__((constructor)). */
void fakebsd_register_sysctl(const char *name, fakebsd_sysctl_fn fn);

/* Undo C escapes (\n \t \\ \0 \xHH) of `in` into `out` (at most `cap` bytes); the length. */
size_t fakebsd_unescape(const char *in, char *out, size_t cap);

#endif
