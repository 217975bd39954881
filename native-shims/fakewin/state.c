/*
 * fakewin: the snapshot, the injected faults, the call counters and the
 * thread's last error.
 *
 * Steered by the environment, re-read when it changes:
 *   FAKEWIN_SNAPSHOT  a snapshot file of `Name: value` lines, `#` comments:
 *       PERFORMANCE_INFORMATION fields by name (PageSize, PhysicalTotal,
 *       PhysicalAvailable, CommitTotal, CommitLimit, CommitPeak, SystemCache,
 *       KernelTotal, KernelPaged, KernelNonpaged in pages; HandleCount,
 *       ProcessCount, ThreadCount); MEMORYSTATUSEX fields without their
 *       prefix (MemoryLoad, TotalPhys, AvailPhys, TotalPageFile,
 *       AvailPageFile, TotalVirtual, AvailVirtual, AvailExtendedVirtual, in
 *       bytes) — each one absent is derived as Windows does: TotalPhys =
 *       PhysicalTotal x PageSize, AvailPhys = PhysicalAvailable x PageSize,
 *       TotalPageFile = CommitLimit x PageSize, AvailPageFile = (CommitLimit -
 *       CommitTotal) x PageSize, MemoryLoad = used percent of physical;
 *       `pagefile: NAME TOTAL_PAGES IN_USE_PAGES PEAK_PAGES`, one per page
 *       file, in the order EnumPageFilesW reports them.
 *   FAKEWIN_FAULTS    comma-separated FUNCTION=ERROR, FUNCTION one of
 *       GlobalMemoryStatusEx, GetPerformanceInfo, EnumPageFilesW, ERROR one of
 *       ERROR_ACCESS_DENIED ERROR_NOT_ENOUGH_MEMORY ERROR_BAD_LENGTH
 *       ERROR_INVALID_PARAMETER ERROR_NOACCESS: the call returns FALSE with
 *       that last error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/shimkit.h"
#include "fakewin.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char env_seen[8192];
static struct win_state state;
static struct shim_faults faults;
static struct shim_counters counters = SHIM_COUNTERS_INIT;
static __thread DWORD last_error;

static int error_by_name(const char *s, int *value)
{
	static const struct { const char *name; DWORD value; } names[] = {
		{ "ERROR_ACCESS_DENIED", ERROR_ACCESS_DENIED }, { "ERROR_NOT_ENOUGH_MEMORY", ERROR_NOT_ENOUGH_MEMORY },
		{ "ERROR_BAD_LENGTH", ERROR_BAD_LENGTH }, { "ERROR_INVALID_PARAMETER", ERROR_INVALID_PARAMETER },
		{ "ERROR_NOACCESS", ERROR_NOACCESS },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i].name) == 0) {
			*value = (int)names[i].value;
			return 1;
		}
	}
	return 0;
}

/* Snapshot keys: bit set when the MEMORYSTATUSEX field was given explicitly. */
enum { HAVE_LOAD = 1, HAVE_TOTAL = 2, HAVE_AVAIL = 4, HAVE_TOTALPF = 8, HAVE_AVAILPF = 16 };

static int set_field(const char *key, unsigned long long v, int *have)
{
	PERFORMANCE_INFORMATION *p = &state.perf;
	MEMORYSTATUSEX *m = &state.mem;
	static const struct { const char *name; size_t off; } perf_fields[] = {
		{ "CommitTotal", offsetof(PERFORMANCE_INFORMATION, CommitTotal) },
		{ "CommitLimit", offsetof(PERFORMANCE_INFORMATION, CommitLimit) },
		{ "CommitPeak", offsetof(PERFORMANCE_INFORMATION, CommitPeak) },
		{ "PhysicalTotal", offsetof(PERFORMANCE_INFORMATION, PhysicalTotal) },
		{ "PhysicalAvailable", offsetof(PERFORMANCE_INFORMATION, PhysicalAvailable) },
		{ "SystemCache", offsetof(PERFORMANCE_INFORMATION, SystemCache) },
		{ "KernelTotal", offsetof(PERFORMANCE_INFORMATION, KernelTotal) },
		{ "KernelPaged", offsetof(PERFORMANCE_INFORMATION, KernelPaged) },
		{ "KernelNonpaged", offsetof(PERFORMANCE_INFORMATION, KernelNonpaged) },
		{ "PageSize", offsetof(PERFORMANCE_INFORMATION, PageSize) },
	};
	for (size_t i = 0; i < sizeof(perf_fields) / sizeof(perf_fields[0]); i++) {
		if (strcmp(key, perf_fields[i].name) == 0) {
			SIZE_T s = v;
			memcpy((char *)p + perf_fields[i].off, &s, sizeof(s));
			return 1;
		}
	}
	if (strcmp(key, "HandleCount") == 0) { p->HandleCount = (DWORD)v; return 1; }
	if (strcmp(key, "ProcessCount") == 0) { p->ProcessCount = (DWORD)v; return 1; }
	if (strcmp(key, "ThreadCount") == 0) { p->ThreadCount = (DWORD)v; return 1; }
	if (strcmp(key, "MemoryLoad") == 0) { m->dwMemoryLoad = (DWORD)v; *have |= HAVE_LOAD; return 1; }
	if (strcmp(key, "TotalPhys") == 0) { m->ullTotalPhys = v; *have |= HAVE_TOTAL; return 1; }
	if (strcmp(key, "AvailPhys") == 0) { m->ullAvailPhys = v; *have |= HAVE_AVAIL; return 1; }
	if (strcmp(key, "TotalPageFile") == 0) { m->ullTotalPageFile = v; *have |= HAVE_TOTALPF; return 1; }
	if (strcmp(key, "AvailPageFile") == 0) { m->ullAvailPageFile = v; *have |= HAVE_AVAILPF; return 1; }
	if (strcmp(key, "TotalVirtual") == 0) { m->ullTotalVirtual = v; return 1; }
	if (strcmp(key, "AvailVirtual") == 0) { m->ullAvailVirtual = v; return 1; }
	if (strcmp(key, "AvailExtendedVirtual") == 0) { m->ullAvailExtendedVirtual = v; return 1; }
	return 0;
}

static void parse_snapshot(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		state.load_error = ERROR_FILE_NOT_FOUND;
		return;
	}
	int have = 0;
	char line[600];
	while (fgets(line, sizeof(line), fp)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char name[260];
		unsigned long long total, in_use, peak, v;
		char key[64];
		if (sscanf(line, " pagefile: %259s %llu %llu %llu", name, &total, &in_use, &peak) == 4) {
			if (state.npagefiles < MAX_PAGEFILES) {
				struct pagefile *pf = &state.pagefiles[state.npagefiles++];
				snprintf(pf->name, sizeof(pf->name), "%s", name);
				pf->total = total;
				pf->in_use = in_use;
				pf->peak = peak;
			}
		} else if (sscanf(line, " %63[A-Za-z]: %llu", key, &v) == 2) {
			set_field(key, v, &have);
		}
	}
	fclose(fp);
	PERFORMANCE_INFORMATION *p = &state.perf;
	MEMORYSTATUSEX *m = &state.mem;
	p->cb = sizeof(*p);
	if (!p->PageSize)
		p->PageSize = 4096;
	m->dwLength = sizeof(*m);
	if (!(have & HAVE_TOTAL))
		m->ullTotalPhys = p->PhysicalTotal * p->PageSize;
	if (!(have & HAVE_AVAIL))
		m->ullAvailPhys = p->PhysicalAvailable * p->PageSize;
	if (!(have & HAVE_TOTALPF))
		m->ullTotalPageFile = p->CommitLimit * p->PageSize;
	if (!(have & HAVE_AVAILPF))
		m->ullAvailPageFile = (p->CommitLimit - p->CommitTotal) * p->PageSize;
	if (!(have & HAVE_LOAD) && m->ullTotalPhys)
		m->dwMemoryLoad = (DWORD)((m->ullTotalPhys - m->ullAvailPhys) / (m->ullTotalPhys / 100));
}

const struct win_state *fakewin_state(void)
{
	const char *snap = getenv("FAKEWIN_SNAPSHOT");
	const char *spec = getenv("FAKEWIN_FAULTS");
	pthread_mutex_lock(&lock);
	if (shim_env_changed(env_seen, sizeof(env_seen), snap, spec)) {
		memset(&state, 0, sizeof(state));
		shim_parse_faults(&faults, spec, error_by_name);
		if (snap && *snap)
			parse_snapshot(snap);
		else
			state.load_error = ERROR_FILE_NOT_FOUND;
	}
	pthread_mutex_unlock(&lock);
	return &state;
}

DWORD fakewin_fault(const char *target)
{
	int value = 0;
	return shim_fault(&faults, target, &value) ? (DWORD)value : 0;
}

void fakewin_count(const char *key, const char *detail)
{
	shim_count(&counters, key, detail);
}

void fakewin_set_last_error(DWORD err)
{
	last_error = err;
}

/* Exported, kernel32: the calling thread's last error. */
DWORD GetLastError(void)
{
	fakewin_count("GetLastError", NULL);
	return last_error;
}

/* Exported, kernel32: set it (tests use it to prove a failure overwrote it). */
void SetLastError(DWORD err)
{
	last_error = err;
}

/* Exported: how many times `key` ("EnumPageFilesW", "EnumPageFilesW:callback") was called. */
int fakewin_calls(const char *key)
{
	return shim_calls(&counters, key);
}

/* Exported: forget every count. */
void fakewin_reset_calls(void)
{
	shim_reset_calls(&counters);
}
