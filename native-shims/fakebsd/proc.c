/*
 * fakebsd proc: kern.proc.proc and kern.proc.args.<pid> from the snapshot.
 *
 *   `kinfo_proc: key=value ...`   one struct kinfo_proc (FreeBSD LP64, 1088
 *                                 bytes; keys in the fixtures' README), in
 *                                 line order; missing keys are 0
 *   `kern.proc.args: PID BYTES`   C-escaped argument bytes (`\0` after each);
 *                                 `!ERRNO` makes the sysctl fail with ERRNO;
 *                                 no line: 0 bytes for a listed pid, ESRCH else
 *
 * kern.proc.proc behaves as FreeBSD's: oldp NULL gives the size (plus room
 * for a few more processes, as the kernel over-estimates), a short buffer a
 * partial copy and ENOMEM. The layout is checked at compile time against the
 * offsets sysgrab decodes (src/freebsd/abi.ts).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fakebsd.h"

struct timeval64 { int64_t tv_sec; int64_t tv_usec; };
struct rusage64 {
	struct timeval64 ru_utime, ru_stime;
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap, ru_inblock,
	     ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};
struct priority { unsigned char pri_class, pri_level, pri_native, pri_user; };
typedef struct { uint32_t bits[4]; } sigset;

/* sys/sys/user.h, FreeBSD 12-15 on LP64 (amd64, arm64): KINFO_PROC_SIZE 1088. */
struct kinfo_proc {
	int ki_structsize, ki_layout;
	void *ki_args, *ki_paddr, *ki_addr, *ki_tracep, *ki_textvp, *ki_fd, *ki_vmspace;
	const void *ki_wchan;
	int32_t ki_pid, ki_ppid, ki_pgid, ki_tpgid, ki_sid, ki_tsid;
	short ki_jobc, ki_spare_short1;
	uint32_t ki_tdev_freebsd11;
	sigset ki_siglist, ki_sigmask, ki_sigignore, ki_sigcatch;
	uint32_t ki_uid, ki_ruid, ki_svuid, ki_rgid, ki_svgid;
	short ki_ngroups, ki_spare_short2;
	uint32_t ki_groups[16];
	uint64_t ki_size;
	int64_t ki_rssize, ki_swrss, ki_tsize, ki_dsize, ki_ssize;
	unsigned short ki_xstat, ki_acflag;
	uint32_t ki_pctcpu;
	unsigned ki_estcpu, ki_slptime, ki_swtime, ki_cow;
	uint64_t ki_runtime;
	struct timeval64 ki_start, ki_childtime;
	long ki_flag, ki_kiflag;
	int ki_traceflag;
	char ki_stat;
	signed char ki_nice;
	char ki_lock, ki_rqindex;
	unsigned char ki_oncpu_old, ki_lastcpu_old;
	char ki_tdname[17], ki_wmesg[9], ki_login[18], ki_lockname[9], ki_comm[20], ki_emul[17],
	     ki_loginclass[18], ki_moretdname[4], ki_sparestrings[46];
	int ki_spareints[2];
	uint64_t ki_tdev;
	int ki_oncpu, ki_lastcpu, ki_tracer, ki_flag2, ki_fibnum;
	unsigned ki_cr_flags;
	int ki_jid, ki_numthreads;
	int32_t ki_tid;
	struct priority ki_pri;
	struct rusage64 ki_rusage, ki_rusage_ch;
	void *ki_pcb, *ki_kstack, *ki_udata, *ki_tdaddr, *ki_pd, *ki_spareptrs[5];
	long ki_sparelongs[12];
	long ki_sflag, ki_tdflags;
};
_Static_assert(sizeof(struct kinfo_proc) == 1088, "KINFO_PROC_SIZE");
_Static_assert(offsetof(struct kinfo_proc, ki_pid) == 72, "ki_pid");
_Static_assert(offsetof(struct kinfo_proc, ki_sid) == 88, "ki_sid");
_Static_assert(offsetof(struct kinfo_proc, ki_uid) == 168, "ki_uid");
_Static_assert(offsetof(struct kinfo_proc, ki_svgid) == 184, "ki_svgid");
_Static_assert(offsetof(struct kinfo_proc, ki_groups) == 192, "ki_groups");
_Static_assert(offsetof(struct kinfo_proc, ki_size) == 256, "ki_size");
_Static_assert(offsetof(struct kinfo_proc, ki_rssize) == 264, "ki_rssize");
_Static_assert(offsetof(struct kinfo_proc, ki_pctcpu) == 308, "ki_pctcpu");
_Static_assert(offsetof(struct kinfo_proc, ki_runtime) == 328, "ki_runtime");
_Static_assert(offsetof(struct kinfo_proc, ki_start) == 336, "ki_start");
_Static_assert(offsetof(struct kinfo_proc, ki_flag) == 368, "ki_flag");
_Static_assert(offsetof(struct kinfo_proc, ki_stat) == 388, "ki_stat");
_Static_assert(offsetof(struct kinfo_proc, ki_comm) == 447, "ki_comm");
_Static_assert(offsetof(struct kinfo_proc, ki_numthreads) == 596, "ki_numthreads");
_Static_assert(offsetof(struct kinfo_proc, ki_rusage) + offsetof(struct rusage64, ru_nvcsw) == 736, "ru_nvcsw");
_Static_assert(offsetof(struct kinfo_proc, ki_rusage) + offsetof(struct rusage64, ru_nivcsw) == 744, "ru_nivcsw");

#define MAX_PROCS 4096
/* The kernel's size estimate leaves room for this many more (kern_proc.c). */
#define ESTIMATE_SLACK 5

static struct kinfo_proc procs[MAX_PROCS];
static int nprocs;
static unsigned parsed_generation;

static void parse_timeval(const char *v, struct timeval64 *tv)
{
	long long sec = 0, usec = 0;
	sscanf(v, "%lld.%lld", &sec, &usec);
	tv->tv_sec = sec;
	tv->tv_usec = usec;
}

static void add_proc(const char *rest, void *ctx)
{
	(void)ctx;
	if (nprocs >= MAX_PROCS)
		return;
	struct kinfo_proc *k = &procs[nprocs++];
	memset(k, 0, sizeof(*k));
	k->ki_structsize = (int)sizeof(*k);
	char buf[2048];
	snprintf(buf, sizeof(buf), "%s", rest);
	for (char *save = NULL, *tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		char *eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		const char *key = tok, *v = eq + 1;
		long long n = strtoll(v, NULL, 0);
		if (!strcmp(key, "pid")) k->ki_pid = (int32_t)n;
		else if (!strcmp(key, "ppid")) k->ki_ppid = (int32_t)n;
		else if (!strcmp(key, "pgid")) k->ki_pgid = (int32_t)n;
		else if (!strcmp(key, "sid")) k->ki_sid = (int32_t)n;
		else if (!strcmp(key, "tpgid")) k->ki_tpgid = (int32_t)n;
		else if (!strcmp(key, "uid")) k->ki_uid = (uint32_t)n;
		else if (!strcmp(key, "ruid")) k->ki_ruid = (uint32_t)n;
		else if (!strcmp(key, "svuid")) k->ki_svuid = (uint32_t)n;
		else if (!strcmp(key, "rgid")) k->ki_rgid = (uint32_t)n;
		else if (!strcmp(key, "svgid")) k->ki_svgid = (uint32_t)n;
		else if (!strcmp(key, "groups")) {
			char *gs = NULL;
			short ng = 0;
			for (char *g = strtok_r((char *)v, ",", &gs); g && ng < 16; g = strtok_r(NULL, ",", &gs))
				k->ki_groups[ng++] = (uint32_t)strtoul(g, NULL, 10);
			k->ki_ngroups = ng;
		}
		else if (!strcmp(key, "size")) k->ki_size = (uint64_t)n;
		else if (!strcmp(key, "rssize")) k->ki_rssize = n;
		else if (!strcmp(key, "pctcpu")) k->ki_pctcpu = (uint32_t)n;
		else if (!strcmp(key, "runtime")) k->ki_runtime = (uint64_t)strtoull(v, NULL, 10);
		else if (!strcmp(key, "start")) parse_timeval(v, &k->ki_start);
		else if (!strcmp(key, "stat")) k->ki_stat = (char)n;
		else if (!strcmp(key, "nice")) k->ki_nice = (signed char)n;
		else if (!strcmp(key, "flag")) k->ki_flag = (long)n;
		else if (!strcmp(key, "comm")) snprintf(k->ki_comm, sizeof(k->ki_comm), "%s", v);
		else if (!strcmp(key, "tdname")) snprintf(k->ki_tdname, sizeof(k->ki_tdname), "%s", v);
		else if (!strcmp(key, "numthreads")) k->ki_numthreads = (int)n;
		else if (!strcmp(key, "nvcsw")) k->ki_rusage.ru_nvcsw = (long)n;
		else if (!strcmp(key, "nivcsw")) k->ki_rusage.ru_nivcsw = (long)n;
		else if (!strcmp(key, "utime")) parse_timeval(v, &k->ki_rusage.ru_utime);
		else if (!strcmp(key, "stime")) parse_timeval(v, &k->ki_rusage.ru_stime);
		else if (!strcmp(key, "structsize")) k->ki_structsize = (int)n;
	}
}

static void load_procs(void)
{
	unsigned g = fakebsd_generation();
	if (g == parsed_generation)
		return;
	nprocs = 0;
	fakebsd_each_line("kinfo_proc", add_proc, NULL);
	parsed_generation = g;
}

static int proc_proc(const int *extra, unsigned nextra, void *oldp, size_t *oldlenp)
{
	(void)extra;
	if (nextra != 0)
		return fakebsd_fail(EINVAL);
	load_procs();
	if (nprocs == 0)
		return fakebsd_fail(ENOENT);
	size_t size = (size_t)nprocs * sizeof(procs[0]);
	if (!oldp && oldlenp) {
		*oldlenp = size + ESTIMATE_SLACK * sizeof(procs[0]);
		return 0;
	}
	return fakebsd_sysctl_out(procs, size, oldp, oldlenp);
}

struct args_query { int pid; int found; char bytes[65536]; size_t n; int err; };

static void find_args(const char *rest, void *ctx)
{
	struct args_query *q = ctx;
	char *end;
	long pid = strtol(rest, &end, 10);
	if (q->found || end == rest || pid != q->pid)
		return;
	while (*end == ' ' || *end == '\t')
		end++;
	q->found = 1;
	if (*end == '!') {
		static const struct { const char *name; int value; } errs[] = {
			{ "ESRCH", ESRCH }, { "EPERM", EPERM }, { "EACCES", EACCES }, { "ENOMEM", ENOMEM }, { "EINVAL", EINVAL }, { "EIO", EIO },
		};
		q->err = EIO;
		for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
			if (strcmp(end + 1, errs[i].name) == 0)
				q->err = errs[i].value;
		return;
	}
	q->n = fakebsd_unescape(end, q->bytes, sizeof(q->bytes));
}

static int proc_args(const int *extra, unsigned nextra, void *oldp, size_t *oldlenp)
{
	if (nextra != 1)
		return fakebsd_fail(EINVAL);
	static struct args_query q;
	memset(&q, 0, offsetof(struct args_query, bytes));
	q.n = 0;
	q.err = 0;
	q.pid = extra[0];
	fakebsd_each_line("kern.proc.args", find_args, &q);
	if (q.err)
		return fakebsd_fail(q.err);
	if (!q.found) {
		load_procs();
		int listed = 0;
		for (int i = 0; i < nprocs; i++)
			if (procs[i].ki_pid == q.pid)
				listed = 1;
		if (!listed)
			return fakebsd_fail(ESRCH);
	}
	return fakebsd_sysctl_out(q.bytes, q.n, oldp, oldlenp);
}

__attribute__((constructor)) static void register_proc(void)
{
	fakebsd_register_sysctl("kern.proc.proc", proc_proc);
	fakebsd_register_sysctl("kern.proc.args", proc_args);
}
