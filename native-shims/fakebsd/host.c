/*
 * fakebsd host: the structured sysctls of host, CPU and load figures, from
 * the snapshot (line kinds: test/fixtures/freebsd/13-laptop-zfs-16g/README.md):
 *
 *   kern.ostype kern.osrelease kern.version kern.hostname hw.machine
 *   hw.machine_arch   `NAME: TEXT` (C escapes), served NUL-terminated
 *   kern.cp_time      `kern.cp_time: U N S I IDLE`: long[CPUSTATES]
 *   kern.cp_times     `kern.cp_times: U N S I IDLE ...`: long[CPUSTATES * n]
 *   kern.boottime     `kern.boottime: { sec = S, usec = U } ...`: struct timeval
 *   vm.loadavg        `loadavg: L1 L5 L15 FSCALE`: struct loadavg (LP64, 24 bytes)
 *
 * A line the snapshot does not have makes its sysctl ENOENT.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fakebsd.h"

#define CPUSTATES 5
#define MAX_CPUS 256
#define MAX_TEXT 4096

struct found { int seen; char text[MAX_TEXT]; };

static void take_first(const char *rest, void *ctx)
{
	struct found *f = ctx;
	if (!f->seen) {
		f->seen = 1;
		snprintf(f->text, sizeof(f->text), "%s", rest);
	}
}

/* The rest of the first snapshot line `prefix: rest`, or NULL. */
static const char *line_of(const char *prefix, struct found *f)
{
	f->seen = 0;
	fakebsd_each_line(prefix, take_first, f);
	return f->seen ? f->text : NULL;
}

static int string_sysctl(const char *name, void *oldp, size_t *oldlenp)
{
	struct found f;
	const char *rest = line_of(name, &f);
	if (!rest)
		return fakebsd_fail(ENOENT);
	char value[MAX_TEXT + 1];
	size_t n = fakebsd_unescape(rest, value, MAX_TEXT);
	value[n] = '\0';
	return fakebsd_sysctl_out(value, n + 1, oldp, oldlenp);
}

#define STRING_SYSCTL(fn, name) \
	static int fn(const int *extra, unsigned nextra, void *oldp, size_t *oldlenp) \
	{ (void)extra; (void)nextra; return string_sysctl(name, oldp, oldlenp); }

STRING_SYSCTL(ostype, "kern.ostype")
STRING_SYSCTL(osrelease, "kern.osrelease")
STRING_SYSCTL(version, "kern.version")
STRING_SYSCTL(hostname, "kern.hostname")
STRING_SYSCTL(machine, "hw.machine")
STRING_SYSCTL(machine_arch, "hw.machine_arch")

static int longs_sysctl(const char *name, void *oldp, size_t *oldlenp)
{
	struct found f;
	const char *rest = line_of(name, &f);
	if (!rest)
		return fakebsd_fail(ENOENT);
	static int64_t v[CPUSTATES * MAX_CPUS];
	size_t n = 0;
	char *end;
	for (const char *p = rest; n < CPUSTATES * MAX_CPUS; p = end) {
		long long x = strtoll(p, &end, 10);
		if (end == p)
			break;
		v[n++] = x;
	}
	if (n == 0 || n % CPUSTATES != 0)
		return fakebsd_fail(EIO);
	return fakebsd_sysctl_out(v, n * sizeof(v[0]), oldp, oldlenp);
}

static int cp_time(const int *extra, unsigned nextra, void *oldp, size_t *oldlenp)
{
	(void)extra; (void)nextra;
	return longs_sysctl("kern.cp_time", oldp, oldlenp);
}

static int cp_times(const int *extra, unsigned nextra, void *oldp, size_t *oldlenp)
{
	(void)extra; (void)nextra;
	return longs_sysctl("kern.cp_times", oldp, oldlenp);
}

struct timeval64 { int64_t tv_sec; int64_t tv_usec; };
_Static_assert(sizeof(struct timeval64) == 16, "struct timeval is 16 bytes on LP64");

static int boottime(const int *extra, unsigned nextra, void *oldp, size_t *oldlenp)
{
	(void)extra; (void)nextra;
	struct found f;
	const char *rest = line_of("kern.boottime", &f);
	long long sec, usec;
	if (!rest)
		return fakebsd_fail(ENOENT);
	if (sscanf(rest, "{ sec = %lld, usec = %lld }", &sec, &usec) != 2)
		return fakebsd_fail(EIO);
	struct timeval64 tv = { sec, usec };
	return fakebsd_sysctl_out(&tv, sizeof(tv), oldp, oldlenp);
}

struct loadavg { uint32_t ldavg[3]; long fscale; };
_Static_assert(sizeof(struct loadavg) == 24, "struct loadavg is 24 bytes on LP64");

static int loadavg(const int *extra, unsigned nextra, void *oldp, size_t *oldlenp)
{
	(void)extra; (void)nextra;
	struct found f;
	const char *rest = line_of("loadavg", &f);
	unsigned a, b, c;
	long scale;
	if (!rest)
		return fakebsd_fail(ENOENT);
	if (sscanf(rest, "%u %u %u %ld", &a, &b, &c, &scale) != 4)
		return fakebsd_fail(EIO);
	struct loadavg l;
	memset(&l, 0, sizeof(l));
	l.ldavg[0] = a;
	l.ldavg[1] = b;
	l.ldavg[2] = c;
	l.fscale = scale;
	return fakebsd_sysctl_out(&l, sizeof(l), oldp, oldlenp);
}

__attribute__((constructor)) static void register_host(void)
{
	fakebsd_register_sysctl("kern.ostype", ostype);
	fakebsd_register_sysctl("kern.osrelease", osrelease);
	fakebsd_register_sysctl("kern.version", version);
	fakebsd_register_sysctl("kern.hostname", hostname);
	fakebsd_register_sysctl("hw.machine", machine);
	fakebsd_register_sysctl("hw.machine_arch", machine_arch);
	fakebsd_register_sysctl("kern.cp_time", cp_time);
	fakebsd_register_sysctl("kern.cp_times", cp_times);
	fakebsd_register_sysctl("kern.boottime", boottime);
	fakebsd_register_sysctl("vm.loadavg", loadavg);
}
