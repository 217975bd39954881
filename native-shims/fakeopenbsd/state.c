/*
 * fakeopenbsd: the snapshot, the injected faults and the call counters.
 *
 * Steered by the environment, re-read when it changes:
 *   FAKEOPENBSD_SNAPSHOT  a snapshot file holding what an OpenBSD host printed,
 *       `#` comments:
 *       - `vmstat -s` lines verbatim ("4096 bytes per page", "58543 pages
 *         managed", "36556 pages free", ... "583252 swap pages", "4301 swap
 *         pages in use"), mapped back to struct uvmexp as vmstat.c dosum()
 *         printed them; any field also as `uvmexp.NAME: N`;
 *       - sysctl(8) lines, `hw.physmem=N` (OpenBSD prints `=`; `:` also works),
 *         `hw.pagesize=N`;
 *       - `bcachestats.NAME: N` (numbufpages, numbufs, ...). Without any,
 *         vfs.generic.bcachestat does not exist (EOPNOTSUPP, an old kernel);
 *       - `swapctl -l` rows verbatim ("/dev/sd0b 4194304 0 4194304 0% 0":
 *         device, 512-blocks, used, avail, capacity, priority), enabled and in
 *         use; or `swapent: PATH NBLKS INUSE PRIORITY FLAGS` to set se_flags;
 *       - `uvmexp_size: N`, `bcachestats_size: N`: the kernel's struct sizes
 *         (default 344 and 144) to model older or newer kernels.
 *   FAKEOPENBSD_FAULTS    comma-separated TARGET=ERRNO (ENOENT EPERM EACCES
 *       ENOMEM EIO EINVAL EFAULT EOPNOTSUPP). TARGET: sysctl (every MIB),
 *       vm.uvmexp, hw.physmem64, hw.pagesize, vfs.generic.bcachestat, swapctl
 *       (both commands), swapctl:SWAP_NSWAP, swapctl:SWAP_STATS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/shimkit.h"
#include "fakeopenbsd.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char env_seen[8192];
static struct openbsd_state state;
static struct shim_faults faults;
static struct shim_counters counters = SHIM_COUNTERS_INIT;

/* struct uvmexp field names in order (sys/uvm/uvmexp.h rev 1.24). */
static const char *const uvmexp_names[UVMEXP_INTS] = {
	"pagesize", "pagemask", "pageshift", "npages", "free", "active", "inactive", "paging", "wired",
	"zeropages", "reserve_pagedaemon", "reserve_kernel", "percpucaches", "vnodepages", "vtextpages",
	"freemin", "freetarg", "inactarg", "wiredmax", "anonmin", "vtextmin", "vnodemin",
	"anonminpct", "vtextminpct", "vnodeminpct",
	"nswapdev", "swpages", "swpginuse", "swpgonly", "nswget", "nanon", "unused05", "unused06",
	"faults", "traps", "intrs", "swtch", "softs", "syscalls", "pageins", "pcphit", "pcpmiss",
	"pgswapin", "pgswapout", "forks", "forks_ppwait", "forks_sharevm", "pga_zerohit",
	"pga_zeromiss", "unused09",
	"fltnoram", "fltnoanon", "fltnoamap", "fltpgwait", "fltpgrele", "fltrelck", "fltnorelck",
	"fltanget", "fltanretry", "fltamcopy", "fltnamap", "fltnomap", "fltlget", "fltget",
	"flt_anon", "flt_acow", "flt_obj", "flt_prcopy", "flt_przero", "fltup", "fltnoup",
	"pdwoke", "pdrevs", "pdswout", "pdfreed", "pdscans", "pdanscan", "pdobscan", "pdreact",
	"pdbusy", "pdpageouts", "pdpending", "pddeact",
	"unused13", "fpswtch", "kmapent",
};

/* vmstat -s labels (usr.bin/vmstat/vmstat.c dosum()) and the field each printed. */
static const struct { const char *label; const char *field; } vmstat_labels[] = {
	{ "bytes per page", "pagesize" }, { "pages managed", "npages" }, { "pages free", "free" },
	{ "pages active", "active" }, { "pages inactive", "inactive" },
	{ "pages being paged out", "paging" }, { "pages wired", "wired" }, { "pages zeroed", "zeropages" },
	{ "pages reserved for pagedaemon", "reserve_pagedaemon" },
	{ "pages reserved for kernel", "reserve_kernel" }, { "swap pages", "swpages" },
	{ "swap pages in use", "swpginuse" }, { "page faults", "faults" }, { "traps", "traps" },
	{ "interrupts", "intrs" }, { "cpu context switches", "swtch" },
	{ "fpu context switches", "fpswtch" }, { "software interrupts", "softs" },
	{ "syscalls", "syscalls" }, { "pagein operations", "pageins" }, { "forks", "forks" },
	{ "forks where vmspace is shared", "forks_sharevm" }, { "kernel map entries", "kmapent" },
};

static const char *const bcachestats_names[BCACHESTATS_FIELDS] = {
	"numbufs", "numbufpages", "numdirtypages", "numcleanpages", "pendingwrites", "pendingreads",
	"numwrites", "numreads", "cachehits", "busymapped", "dmapages", "highpages", "delwribufs",
	"kvaslots", "kvaslots_avail", "highflips", "highflops", "dmaflips",
};

static int uvmexp_index(const char *field)
{
	for (int i = 0; i < UVMEXP_INTS; i++)
		if (strcmp(uvmexp_names[i], field) == 0)
			return i;
	return -1;
}

static int errno_by_name(const char *s, int *value)
{
	static const struct { const char *name; int value; } names[] = {
		{ "ENOENT", ENOENT }, { "EPERM", EPERM }, { "EACCES", EACCES }, { "ENOMEM", ENOMEM },
		{ "EIO", EIO }, { "EINVAL", EINVAL }, { "EFAULT", EFAULT }, { "EOPNOTSUPP", EOPNOTSUPP },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i].name) == 0) {
			*value = names[i].value;
			return 1;
		}
	}
	return 0;
}

static void add_swapdev(const char *path, long long nblks, long long inuse, int priority, int flags)
{
	if (state.nswapdevs >= MAX_SWAPDEVS)
		return;
	struct swapent *se = &state.swapdevs[state.nswapdevs];
	memset(se, 0, sizeof(*se));
	se->se_dev = 0x0401 + state.nswapdevs;	/* makedev(4, 1): sd0b on amd64, then sd0c... */
	se->se_flags = flags;
	se->se_nblks = (int)nblks;
	se->se_inuse = (int)inuse;
	se->se_priority = priority;
	snprintf(se->se_path, sizeof(se->se_path), "%s", path);
	state.nswapdevs++;
}

static void parse_line(char *line)
{
	unsigned long long v;
	char label[128], path[1025], pct[16];
	long long nblks, inuse, avail;
	int priority, flags, n;
	if (sscanf(line, " swapent: %1024s %lld %lld %d %d", path, &nblks, &inuse, &priority, &flags) == 5) {
		add_swapdev(path, nblks, inuse, priority, flags);
		return;
	}
	if (sscanf(line, " %1024s %lld %lld %lld %15s %d", path, &nblks, &inuse, &avail, pct, &priority) == 6 &&
	    path[0] == '/' && strchr(pct, '%')) {
		add_swapdev(path, nblks, inuse, priority, SWF_INUSE | SWF_ENABLE);
		return;
	}
	if (sscanf(line, " %llu %127[^\n]%n", &v, label, &n) >= 2) {
		char *end = label + strlen(label);
		while (end > label && (end[-1] == ' ' || end[-1] == '\r'))
			*--end = '\0';
		for (size_t i = 0; i < sizeof(vmstat_labels) / sizeof(vmstat_labels[0]); i++) {
			if (strcmp(label, vmstat_labels[i].label) == 0) {
				state.uvmexp[uvmexp_index(vmstat_labels[i].field)] = (int32_t)v;
				state.has_uvmexp = 1;
				return;
			}
		}
		return;
	}
	char key[128];
	if (sscanf(line, " %127[^:= \t] %*[:=] %llu", key, &v) != 2)
		return;
	if (strncmp(key, "uvmexp.", 7) == 0) {
		int i = uvmexp_index(key + 7);
		if (i >= 0) {
			state.uvmexp[i] = (int32_t)v;
			state.has_uvmexp = 1;
		}
	} else if (strncmp(key, "bcachestats.", 12) == 0) {
		for (int i = 0; i < BCACHESTATS_FIELDS; i++) {
			if (strcmp(bcachestats_names[i], key + 12) == 0) {
				state.bcachestats[i] = (int64_t)v;
				state.has_bcachestats = 1;
			}
		}
	} else if (strcmp(key, "hw.physmem") == 0 || strcmp(key, "hw.physmem64") == 0) {
		state.physmem64 = (int64_t)v;
		state.has_physmem64 = 1;
	} else if (strcmp(key, "hw.pagesize") == 0) {
		state.uvmexp[0] = (int32_t)v;
	} else if (strcmp(key, "uvmexp_size") == 0) {
		state.uvmexp_size = v;
	} else if (strcmp(key, "bcachestats_size") == 0) {
		state.bcachestats_size = v;
	}
}

static void parse_snapshot(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		state.load_errno = errno;
		return;
	}
	char line[1200];
	while (fgets(line, sizeof(line), fp)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		parse_line(line);
	}
	fclose(fp);
	int nswapdev = uvmexp_index("nswapdev");
	if (state.uvmexp[nswapdev] == 0)
		state.uvmexp[nswapdev] = state.nswapdevs;
}

const struct openbsd_state *fakeopenbsd_state(void)
{
	const char *snap = getenv("FAKEOPENBSD_SNAPSHOT");
	const char *spec = getenv("FAKEOPENBSD_FAULTS");
	pthread_mutex_lock(&lock);
	if (shim_env_changed(env_seen, sizeof(env_seen), snap, spec)) {
		memset(&state, 0, sizeof(state));
		state.uvmexp_size = UVMEXP_INTS * sizeof(int32_t);
		state.bcachestats_size = BCACHESTATS_FIELDS * sizeof(int64_t);
		shim_parse_faults(&faults, spec, errno_by_name);
		if (snap && *snap)
			parse_snapshot(snap);
		else
			state.load_errno = ENOENT;
	}
	pthread_mutex_unlock(&lock);
	return &state;
}

int fakeopenbsd_fault(const char *target)
{
	int value = 0;
	return shim_fault(&faults, target, &value) ? value : 0;
}

void fakeopenbsd_count(const char *key, const char *detail)
{
	shim_count(&counters, key, detail);
}

/* Exported: how many times `key` ("sysctl", "sysctl:vm.uvmexp", "swapctl:SWAP_STATS") was called. */
int fakeopenbsd_calls(const char *key)
{
	return shim_calls(&counters, key);
}

/* Exported: forget every count. */
void fakeopenbsd_reset_calls(void)
{
	shim_reset_calls(&counters);
}
