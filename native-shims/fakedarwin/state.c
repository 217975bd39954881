/*
 * fakedarwin: the snapshot, the injected faults and the call counters.
 *
 * Steered by the environment, re-read when it changes (the next call sees it):
 *   FAKEDARWIN_SNAPSHOT  a snapshot file. It holds what a Mac printed:
 *       - `vm_stat` output verbatim: the header "Mach Virtual Memory
 *         Statistics: (page size of N bytes)" gives host_page_size(), and
 *         each "Label: N." line a vm_statistics64 field, mapped back the way
 *         vm_stat(1) printed it (its "Pages free" is free_count minus
 *         speculative_count, so free_count = "Pages free" + "Pages speculative");
 *       - sysctl(8) lines `name: value`, e.g. `hw.memsize: 17179869184`;
 *         `vm.swapusage: TOTAL AVAIL USED PAGESIZE ENCRYPTED` takes the five
 *         struct xsw_usage fields in bytes (sysctl(8) prints them rounded to
 *         0.01 MiB, so the snapshot keeps the exact bytes);
 *       - `host_vm_info64_count: N`: the kernel's own count (38 up to macOS
 *         15; 40 models the larger struct of macOS 26 and later);
 *       - `#` comments. A sysctl name not in the file does not exist (ENOENT).
 *   FAKEDARWIN_FAULTS    comma-separated TARGET=FAULT. TARGET is
 *       mach_host_self (FAULT NULL: returns MACH_PORT_NULL), host_statistics64,
 *       host_page_size (FAULT a kern_return_t name: KERN_FAILURE,
 *       KERN_INVALID_ARGUMENT, KERN_INVALID_HOST, MIG_ARRAY_TOO_LARGE,
 *       MACH_SEND_INVALID_DEST), sysctlbyname (every name) or one sysctl name
 *       (FAULT an errno name: ENOENT EPERM EACCES ENOMEM EIO EINVAL).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/shimkit.h"
#include "fakedarwin.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char env_seen[8192];
static struct darwin_state state;
static struct shim_faults faults;
static struct shim_counters counters = SHIM_COUNTERS_INIT;

static int value_by_name(const char *s, int *value)
{
	static const struct { const char *name; int value; } names[] = {
		{ "KERN_FAILURE", KERN_FAILURE }, { "KERN_INVALID_ARGUMENT", KERN_INVALID_ARGUMENT },
		{ "KERN_INVALID_HOST", KERN_INVALID_HOST }, { "MIG_ARRAY_TOO_LARGE", MIG_ARRAY_TOO_LARGE },
		{ "MACH_SEND_INVALID_DEST", MACH_SEND_INVALID_DEST }, { "NULL", 0 },
		{ "ENOENT", ENOENT }, { "EPERM", EPERM }, { "EACCES", EACCES },
		{ "ENOMEM", ENOMEM }, { "EIO", EIO }, { "EINVAL", EINVAL },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i].name) == 0) {
			*value = names[i].value;
			return 1;
		}
	}
	return 0;
}

/* vm_stat(1) labels and the vm_statistics64 field each one printed. */
enum vm_field {
	F_FREE_MINUS_SPEC, F_ACTIVE, F_INACTIVE, F_SPECULATIVE, F_THROTTLED, F_WIRED, F_PURGEABLE,
	F_FAULTS, F_COW, F_ZERO_FILL, F_REACTIVATED, F_PURGED, F_EXTERNAL, F_INTERNAL,
	F_STORED, F_OCCUPIED, F_DECOMPRESSIONS, F_COMPRESSIONS, F_PAGEINS, F_PAGEOUTS,
	F_SWAPINS, F_SWAPOUTS,
};

static const struct { const char *label; enum vm_field field; } vm_labels[] = {
	{ "Pages free", F_FREE_MINUS_SPEC }, { "Pages active", F_ACTIVE },
	{ "Pages inactive", F_INACTIVE }, { "Pages speculative", F_SPECULATIVE },
	{ "Pages throttled", F_THROTTLED }, { "Pages wired down", F_WIRED },
	{ "Pages purgeable", F_PURGEABLE }, { "\"Translation faults\"", F_FAULTS },
	{ "Pages copy-on-write", F_COW }, { "Pages zero filled", F_ZERO_FILL },
	{ "Pages reactivated", F_REACTIVATED }, { "Pages purged", F_PURGED },
	{ "File-backed pages", F_EXTERNAL }, { "Anonymous pages", F_INTERNAL },
	{ "Pages stored in compressor", F_STORED }, { "Pages occupied by compressor", F_OCCUPIED },
	{ "Decompressions", F_DECOMPRESSIONS }, { "Compressions", F_COMPRESSIONS },
	{ "Pageins", F_PAGEINS }, { "Pageouts", F_PAGEOUTS },
	{ "Swapins", F_SWAPINS }, { "Swapouts", F_SWAPOUTS },
};

static void set_vm(struct vm_statistics64 *vm, enum vm_field f, unsigned long long v, unsigned long long *free_minus_spec)
{
	switch (f) {
	case F_FREE_MINUS_SPEC: *free_minus_spec = v; break;
	case F_ACTIVE: vm->active_count = (uint32_t)v; break;
	case F_INACTIVE: vm->inactive_count = (uint32_t)v; break;
	case F_SPECULATIVE: vm->speculative_count = (uint32_t)v; break;
	case F_THROTTLED: vm->throttled_count = (uint32_t)v; break;
	case F_WIRED: vm->wire_count = (uint32_t)v; break;
	case F_PURGEABLE: vm->purgeable_count = (uint32_t)v; break;
	case F_FAULTS: vm->faults = v; break;
	case F_COW: vm->cow_faults = v; break;
	case F_ZERO_FILL: vm->zero_fill_count = v; break;
	case F_REACTIVATED: vm->reactivations = v; break;
	case F_PURGED: vm->purges = v; break;
	case F_EXTERNAL: vm->external_page_count = (uint32_t)v; break;
	case F_INTERNAL: vm->internal_page_count = (uint32_t)v; break;
	case F_STORED: vm->total_uncompressed_pages_in_compressor = v; break;
	case F_OCCUPIED: vm->compressor_page_count = (uint32_t)v; break;
	case F_DECOMPRESSIONS: vm->decompressions = v; break;
	case F_COMPRESSIONS: vm->compressions = v; break;
	case F_PAGEINS: vm->pageins = v; break;
	case F_PAGEOUTS: vm->pageouts = v; break;
	case F_SWAPINS: vm->swapins = v; break;
	case F_SWAPOUTS: vm->swapouts = v; break;
	}
}

/* XNU's width for the names sysgrab reads; any other name is 4 bytes if it fits, else 8. */
static size_t width_of(const char *name, unsigned long long value)
{
	if (strcmp(name, "hw.memsize") == 0 || strcmp(name, "hw.pagesize") == 0 ||
	    strcmp(name, "hw.memsize_usable") == 0)
		return 8;
	if (strcmp(name, "vm.pagesize") == 0 || strcmp(name, "kern.memorystatus_vm_pressure_level") == 0)
		return 4;
	return value > 0xffffffffull ? 8 : 4;
}

static void add_sysctl(const char *name, const char *text)
{
	if (state.nsysctls >= MAX_SYSCTLS)
		return;
	struct sysctl_entry *e = &state.sysctls[state.nsysctls];
	snprintf(e->name, sizeof(e->name), "%s", name);
	if (strcmp(name, "vm.swapusage") == 0) {
		unsigned long long total, avail, used;
		unsigned int pagesize;
		int encrypted;
		if (sscanf(text, "%llu %llu %llu %u %d", &total, &avail, &used, &pagesize, &encrypted) != 5)
			return;
		struct xsw_usage x = { total, avail, used, pagesize, encrypted };
		memcpy(e->value, &x, sizeof(x));
		e->size = sizeof(x);
	} else {
		unsigned long long v;
		if (sscanf(text, "%llu", &v) != 1)
			return;
		e->size = width_of(name, v);
		if (e->size == 4) {
			uint32_t v32 = (uint32_t)v;
			memcpy(e->value, &v32, 4);
		} else {
			uint64_t v64 = v;
			memcpy(e->value, &v64, 8);
		}
	}
	state.nsysctls++;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

static void parse_snapshot(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		state.load_errno = errno;
		return;
	}
	unsigned long long free_minus_spec = 0;
	char line[512];
	while (fgets(line, sizeof(line), fp)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		unsigned long long page;
		if (sscanf(line, " Mach Virtual Memory Statistics: (page size of %llu bytes)", &page) == 1) {
			state.kernel_page_size = page;
			state.has_vm = 1;
			continue;
		}
		char *colon = strrchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		char *key = trim(line), *value = trim(colon + 1);
		if (*key == '\0' || *value == '\0')
			continue;
		if (strcmp(key, "host_vm_info64_count") == 0) {
			state.kernel_vm_count = (unsigned int)strtoul(value, NULL, 10);
			continue;
		}
		int matched = 0;
		for (size_t i = 0; i < sizeof(vm_labels) / sizeof(vm_labels[0]); i++) {
			if (strcmp(key, vm_labels[i].label) == 0) {
				set_vm(&state.vm, vm_labels[i].field, strtoull(value, NULL, 10), &free_minus_spec);
				state.has_vm = 1;
				matched = 1;
				break;
			}
		}
		if (!matched && strchr(key, '.') && !strchr(key, ' '))
			add_sysctl(key, value);
	}
	fclose(fp);
	state.vm.free_count = (uint32_t)(free_minus_spec + state.vm.speculative_count);
}

const struct darwin_state *fakedarwin_state(void)
{
	const char *snap = getenv("FAKEDARWIN_SNAPSHOT");
	const char *spec = getenv("FAKEDARWIN_FAULTS");
	pthread_mutex_lock(&lock);
	if (shim_env_changed(env_seen, sizeof(env_seen), snap, spec)) {
		memset(&state, 0, sizeof(state));
		state.kernel_vm_count = HOST_VM_INFO64_COUNT;
		shim_parse_faults(&faults, spec, value_by_name);
		if (snap && *snap)
			parse_snapshot(snap);
		else
			state.load_errno = ENOENT;
	}
	pthread_mutex_unlock(&lock);
	return &state;
}

int fakedarwin_fault(const char *target, int *found)
{
	int value = 0;
	*found = shim_fault(&faults, target, &value);
	return value;
}

void fakedarwin_count(const char *key, const char *detail)
{
	shim_count(&counters, key, detail);
}

/* Exported: how many times `key` ("host_statistics64", "sysctlbyname:hw.memsize") was called. */
int fakedarwin_calls(const char *key)
{
	return shim_calls(&counters, key);
}

/* Exported: forget every count. */
void fakedarwin_reset_calls(void)
{
	shim_reset_calls(&counters);
}
