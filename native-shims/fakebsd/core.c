/*
 * fakebsd core: the snapshot, faults, call counts, and libc's sysctl entry
 * points (sysctlbyname, sysctlnametomib, sysctl). Scalars come from the
 * snapshot's `name: value` lines; structured values from the modules that
 * registered them.
 *
 * Behaviour copied from FreeBSD where sysgrab depends on it:
 *   - unknown name: -1/ENOENT; oldp == NULL: size only; buffer too small:
 *     partial copy, *oldlenp = bytes copied, -1/ENOMEM; newp: -1/EPERM;
 *   - vm.stats.vm.*, hw.pagesize and most scalars are 4 bytes; hw.physmem,
 *     hw.realmem, vfs.bufspace, kstat.*, vm.stats.sys.* and the swap pager
 *     counters (vm.stats.vm.v_swap*) are 8 bytes, the counters copied as 4
 *     truncated bytes to a caller that asks for exactly 4; a snapshot line
 *     `size: NAME BYTES` overrides (FreeBSD 11's u_int counters).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fakebsd.h"

#define MAX_FAULTS 64
#define MAX_REGISTERED 64
#define MAX_COUNTERS 256
#define MAX_SIZES 32
#define SCALAR_OID 0x5b00	/* {0, SCALAR_OID, index}: a scalar of the snapshot */
#define REGISTERED_OID 0x5c00	/* {REGISTERED_OID, index, extra...}: a module's sysctl */

struct entry { char name[128]; uint64_t value; };
struct fault { char target[128]; int err; };	/* err: errno, or -1 for NULL/-1 */
struct line { char prefix[64]; char *rest; };
struct counter { char key[160]; int calls; };
struct registered { char name[128]; fakebsd_sysctl_fn fn; };

static struct {
	char key[8192];		/* snapshot path + faults + xswdev: reload when it changes */
	int loaded;
	int load_errno;
	unsigned generation;
	struct entry *entries;
	int nentries;
	struct line *lines;
	int nlines;
	struct fault faults[MAX_FAULTS];
	int nfaults;
	int xswdev_v1_only;
	struct { char name[128]; size_t size; } sizes[MAX_SIZES];	/* `size: NAME BYTES` */
	int nsizes;
} st;

static struct counter counters[MAX_COUNTERS];
static int ncounters;
static struct registered registry[MAX_REGISTERED];
static int nregistered;

static int errno_by_name(const char *s)
{
	static const struct { const char *name; int value; } names[] = {
		{ "ENOENT", ENOENT }, { "EPERM", EPERM }, { "EACCES", EACCES },
		{ "ENOMEM", ENOMEM }, { "EIO", EIO }, { "EINVAL", EINVAL },
		{ "ENOSYS", ENOSYS }, { "ESRCH", ESRCH }, { "EFAULT", EFAULT },
		{ "EBUSY", EBUSY }, { "ENXIO", ENXIO },
		{ "ERANGE", ERANGE }, { "EOPNOTSUPP", EOPNOTSUPP }, { "E2BIG", E2BIG },
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

static void free_snapshot(void)
{
	for (int i = 0; i < st.nlines; i++)
		free(st.lines[i].rest);
	free(st.lines);
	free(st.entries);
}

static void add_line(const char *prefix, const char *rest)
{
	static int capacity;
	if (st.nlines == 0)
		capacity = 0;
	if (st.nlines == capacity) {
		capacity = capacity ? capacity * 2 : 256;
		st.lines = realloc(st.lines, (size_t)capacity * sizeof(*st.lines));
	}
	struct line *l = &st.lines[st.nlines++];
	snprintf(l->prefix, sizeof(l->prefix), "%s", prefix);
	l->rest = strdup(rest);
}

static void add_entry(const char *name, uint64_t value)
{
	static int capacity;
	if (st.nentries == 0)
		capacity = 0;
	if (st.nentries == capacity) {
		capacity = capacity ? capacity * 2 : 128;
		st.entries = realloc(st.entries, (size_t)capacity * sizeof(*st.entries));
	}
	struct entry *e = &st.entries[st.nentries++];
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->value = value;
}

static void parse_snapshot(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		st.load_errno = errno;
		return;
	}
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, fp) >= 0) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		/* A comment is a whole line: `#` inside a value is data (kern.version has "#0"). */
		if (*p == '#')
			continue;
		char *colon = strchr(p, ':');
		if (!colon || colon == p || colon - p >= 127)
			continue;
		*colon = '\0';
		char *rest = colon + 1;
		while (*rest == ' ' || *rest == '\t')
			rest++;
		add_line(p, rest);
		char sname[128];
		unsigned sbytes;
		if (strcmp(p, "size") == 0 && st.nsizes < MAX_SIZES && sscanf(rest, "%127s %u", sname, &sbytes) == 2 && (sbytes == 4 || sbytes == 8)) {
			snprintf(st.sizes[st.nsizes].name, sizeof(st.sizes[st.nsizes].name), "%s", sname);
			st.sizes[st.nsizes++].size = sbytes;
		}
		char *end;
		errno = 0;
		unsigned long long value = strtoull(rest, &end, 10);
		if (end != rest && errno == 0 && strchr(p, ' ') == NULL) {
			while (*end == ' ' || *end == '\t')
				end++;
			if (*end == '\0')
				add_entry(p, value);
		}
	}
	free(line);
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
	unsigned generation = st.generation + 1;
	free_snapshot();
	memset(&st, 0, sizeof(st));
	st.generation = generation;
	snprintf(st.key, sizeof(st.key), "%s", key);
	st.loaded = 1;
	st.xswdev_v1_only = xsw && strcmp(xsw, "1") == 0;
	if (faults)
		parse_faults(faults);
	if (snap && *snap)
		parse_snapshot(snap);
}

void fakebsd_count(const char *key)
{
	for (int i = 0; i < ncounters; i++)
		if (strcmp(counters[i].key, key) == 0) {
			counters[i].calls++;
			return;
		}
	if (ncounters < MAX_COUNTERS) {
		snprintf(counters[ncounters].key, sizeof(counters[ncounters].key), "%s", key);
		counters[ncounters++].calls = 1;
	}
}

void fakebsd_enter(const char *fn)
{
	refresh();
	fakebsd_count(fn);
}

/* How many times `key` was called since the last reset (a function name, or "sysctl:NAME"). */
int fakebsd_calls(const char *key)
{
	for (int i = 0; i < ncounters; i++)
		if (strcmp(counters[i].key, key) == 0)
			return counters[i].calls;
	return 0;
}

void fakebsd_reset_calls(void)
{
	ncounters = 0;
}

int fakebsd_fault(const char *target)
{
	for (int i = 0; i < st.nfaults; i++)
		if (strcmp(st.faults[i].target, target) == 0)
			return st.faults[i].err;
	return 0;
}

int fakebsd_load_errno(void) { return st.load_errno; }
unsigned fakebsd_generation(void) { refresh(); return st.generation; }
int fakebsd_xswdev_v1_only(void) { return st.xswdev_v1_only; }

void fakebsd_each_line(const char *prefix, fakebsd_line_fn fn, void *ctx)
{
	refresh();
	for (int i = 0; i < st.nlines; i++)
		if (strcmp(st.lines[i].prefix, prefix) == 0)
			fn(st.lines[i].rest, ctx);
}

void fakebsd_register_sysctl(const char *name, fakebsd_sysctl_fn fn)
{
	if (nregistered < MAX_REGISTERED) {
		snprintf(registry[nregistered].name, sizeof(registry[nregistered].name), "%s", name);
		registry[nregistered++].fn = fn;
	}
}

int fakebsd_fail(int err)
{
	errno = err;
	return -1;
}

int fakebsd_sysctl_out(const void *value, size_t size, void *oldp, size_t *oldlenp)
{
	if (!oldlenp)
		return fakebsd_fail(EFAULT);
	if (!oldp) {
		*oldlenp = size;
		return 0;
	}
	if (*oldlenp < size) {
		memcpy(oldp, value, *oldlenp);
		return fakebsd_fail(ENOMEM);
	}
	memcpy(oldp, value, size);
	*oldlenp = size;
	return 0;
}

/* FreeBSD's vmmeter counters (counter_u64_t since 12): u64, "QU" in vm_meter.c. */
static int is_u64_counter(const char *name)
{
	static const char *const vm[] = { "v_swapin", "v_swapout", "v_swappgsin", "v_swappgsout", NULL };
	if (strncmp(name, "vm.stats.sys.", 13) == 0)
		return 1;
	if (strncmp(name, "vm.stats.vm.", 12) == 0)
		for (int i = 0; vm[i]; i++)
			if (strcmp(name + 12, vm[i]) == 0)
				return 1;
	return 0;
}

static size_t size_of(const char *name)
{
	for (int i = 0; i < st.nsizes; i++)
		if (strcmp(st.sizes[i].name, name) == 0)
			return st.sizes[i].size;
	if (strncmp(name, "kstat.", 6) == 0 || strcmp(name, "hw.physmem") == 0 ||
	    strcmp(name, "hw.realmem") == 0 || strcmp(name, "vfs.bufspace") == 0 ||
	    strcmp(name, "kern.devstat.generation") == 0 || is_u64_counter(name))
		return 8;
	return 4;
}

static int out_scalar(const struct entry *e, void *oldp, size_t *oldlenp)
{
	size_t size = size_of(e->name);
	uint32_t v32 = (uint32_t)e->value;
	uint64_t v64 = e->value;
	/* COMPAT_FREEBSD11 (vm_meter.c sysctl_handle_vmstat): a u64 counter asked
	 * for in exactly 4 bytes is copied truncated to 32 bits. */
	if (size == 8 && is_u64_counter(e->name) && oldp && oldlenp && *oldlenp == 4)
		size = 4;
	return fakebsd_sysctl_out(size == 4 ? (const void *)&v32 : (const void *)&v64, size, oldp, oldlenp);
}

static int find_entry(const char *name)
{
	for (int i = 0; i < st.nentries; i++)
		if (strcmp(st.entries[i].name, name) == 0)
			return i;
	return -1;
}

static int find_registered(const char *name)
{
	for (int i = 0; i < nregistered; i++)
		if (strcmp(registry[i].name, name) == 0)
			return i;
	return -1;
}

static void count_sysctl(const char *name)
{
	char key[160];
	snprintf(key, sizeof(key), "sysctl:%s", name);
	fakebsd_count(key);
}

int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, const void *newp, size_t newlen)
{
	(void)newlen;
	fakebsd_enter("sysctlbyname");
	count_sysctl(name);
	if (st.load_errno)
		return fakebsd_fail(st.load_errno);
	int injected = fakebsd_fault(name);
	if (injected > 0)
		return fakebsd_fail(injected);
	if (newp)
		return fakebsd_fail(EPERM);
	int r = find_registered(name);
	if (r >= 0)
		return registry[r].fn(NULL, 0, oldp, oldlenp);
	int i = find_entry(name);
	if (i < 0)
		return fakebsd_fail(ENOENT);
	return out_scalar(&st.entries[i], oldp, oldlenp);
}

int sysctlnametomib(const char *name, int *mibp, size_t *sizep)
{
	fakebsd_enter("sysctlnametomib");
	int injected = fakebsd_fault("sysctlnametomib");
	if (injected > 0)
		return fakebsd_fail(injected);
	if (st.load_errno)
		return fakebsd_fail(st.load_errno);
	if (!mibp || !sizep || *sizep < 2)
		return fakebsd_fail(ENOMEM);
	if ((injected = fakebsd_fault(name)) > 0)
		return fakebsd_fail(injected);
	int r = find_registered(name);
	if (r >= 0) {
		mibp[0] = REGISTERED_OID;
		mibp[1] = r;
		*sizep = 2;
		return 0;
	}
	int i = find_entry(name);
	if (i < 0 || *sizep < 3)
		return fakebsd_fail(i < 0 ? ENOENT : ENOMEM);
	mibp[0] = 0;
	mibp[1] = SCALAR_OID;
	mibp[2] = i;
	*sizep = 3;
	return 0;
}

int sysctl(const int *name, unsigned int namelen, void *oldp, size_t *oldlenp, const void *newp, size_t newlen)
{
	(void)newlen;
	fakebsd_enter("sysctl");
	int injected = fakebsd_fault("sysctl");
	if (injected > 0)
		return fakebsd_fail(injected);
	if (st.load_errno)
		return fakebsd_fail(st.load_errno);
	if (newp)
		return fakebsd_fail(EPERM);
	if (namelen >= 2 && name[0] == REGISTERED_OID && name[1] >= 0 && name[1] < nregistered) {
		const struct registered *r = &registry[name[1]];
		count_sysctl(r->name);
		if ((injected = fakebsd_fault(r->name)) > 0)
			return fakebsd_fail(injected);
		return r->fn(name + 2, namelen - 2, oldp, oldlenp);
	}
	if (namelen == 3 && name[0] == 0 && name[1] == SCALAR_OID && name[2] >= 0 && name[2] < st.nentries) {
		count_sysctl(st.entries[name[2]].name);
		return out_scalar(&st.entries[name[2]], oldp, oldlenp);
	}
	return fakebsd_fail(ENOENT);
}

size_t fakebsd_unescape(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = in; *p && n < cap; p++) {
		char c = *p;
		if (c == '\\' && p[1]) {
			p++;
			switch (*p) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case '0': c = '\0'; break;
			case '\\': c = '\\'; break;
			case 'x':
				if (p[1] && p[2]) {
					char hex[3] = { p[1], p[2], 0 };
					c = (char)strtol(hex, NULL, 16);
					p += 2;
				}
				break;
			default: c = *p; break;
			}
		}
		out[n++] = c;
	}
	return n;
}
