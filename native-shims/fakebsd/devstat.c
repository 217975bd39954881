/*
 * fakebsd devstat: the kern.devstat.all sysctl (a `long` generation, then
 * one struct devstat per device, DEVSTAT_VERSION 6) from the snapshot's
 * `devstat:` lines; kern.devstat.version, .numdevs, .generation and
 * debug.sizeof.devstat are plain scalar lines.
 *
 *   - FAKEBSD_DEVSTAT_BUSY=N: the first N reads with a buffer fail with
 *     EBUSY, as the kernel does when the device list changes during the
 *     copy (counted from the snapshot's load).
 * Faults: kern.devstat.all (by sysctl name).
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

#define MAX_DEVICES 128

struct bintime { int64_t sec; uint64_t frac; };

struct devstat {		/* sys/sys/devicestat.h, DEVSTAT_VERSION 6 */
	uint32_t sequence0;
	int allocated;
	uint32_t start_count;
	uint32_t end_count;
	struct bintime busy_from;
	void *dev_links;
	uint32_t device_number;
	char device_name[16];
	int unit_number;
	uint64_t bytes[4];		/* DEVSTAT_NO_DATA, READ, WRITE, FREE */
	uint64_t operations[4];
	struct bintime duration[4];
	struct bintime busy_time;
	struct bintime creation_time;
	uint32_t block_size;
	uint64_t tag_types[3];
	int flags;
	int device_type;
	int priority;
	const void *id;
	uint32_t sequence1;
};
_Static_assert(sizeof(struct devstat) == 288, "struct devstat is 288 bytes on LP64");
_Static_assert(offsetof(struct devstat, device_name) == 44, "device_name at 44");
_Static_assert(offsetof(struct devstat, bytes) == 64, "bytes at 64");
_Static_assert(offsetof(struct devstat, operations) == 96, "operations at 96");
_Static_assert(offsetof(struct devstat, device_type) == 260, "device_type at 260");

struct all {
	long generation;
	struct devstat dev[MAX_DEVICES];
};

static struct all all;
static int ndev;
static unsigned parsed_generation;
static int busy_served;

static void add_dev(const char *rest, void *ctx)
{
	(void)ctx;
	if (ndev >= MAX_DEVICES)
		return;
	char name[64];
	int unit;
	if (sscanf(rest, "%63s %d", name, &unit) != 2)
		return;
	struct devstat *d = &all.dev[ndev];
	memset(d, 0, sizeof(*d));
	d->allocated = 1;
	d->device_number = (uint32_t)ndev;
	snprintf(d->device_name, sizeof(d->device_name), "%.15s", name);
	d->unit_number = unit;
	d->bytes[0] = (uint64_t)fakebsd_kv(rest, "nodata_bytes", 0);
	d->bytes[1] = (uint64_t)fakebsd_kv(rest, "read_bytes", 0);
	d->bytes[2] = (uint64_t)fakebsd_kv(rest, "write_bytes", 0);
	d->bytes[3] = (uint64_t)fakebsd_kv(rest, "free_bytes", 0);
	d->operations[0] = (uint64_t)fakebsd_kv(rest, "other_ops", 0);
	d->operations[1] = (uint64_t)fakebsd_kv(rest, "read_ops", 0);
	d->operations[2] = (uint64_t)fakebsd_kv(rest, "write_ops", 0);
	d->operations[3] = (uint64_t)fakebsd_kv(rest, "free_ops", 0);
	d->start_count = d->end_count = (uint32_t)(d->operations[0] + d->operations[1] + d->operations[2] + d->operations[3]);
	d->block_size = (uint32_t)fakebsd_kv(rest, "block_size", 512);
	d->device_type = (int)fakebsd_kv(rest, "type", 0);
	d->priority = 0x110;
	ndev++;
}

static void set_generation(const char *rest, void *ctx)
{
	(void)ctx;
	all.generation = strtol(rest, NULL, 10);
}

static void load(void)
{
	unsigned g = fakebsd_generation();
	if (g == parsed_generation)
		return;
	parsed_generation = g;
	ndev = 0;
	busy_served = 0;
	all.generation = 1;
	fakebsd_each_line("devstat", add_dev, NULL);
	fakebsd_each_line("kern.devstat.generation", set_generation, NULL);
}

static int devstat_all(const int *extra, unsigned nextra, void *oldp, size_t *oldlenp)
{
	(void)extra;
	if (nextra)
		return fakebsd_fail(ENOENT);
	load();
	const char *busy = getenv("FAKEBSD_DEVSTAT_BUSY");
	if (oldp && busy && busy_served < atoi(busy)) {
		busy_served++;
		return fakebsd_fail(EBUSY);
	}
	return fakebsd_sysctl_out(&all, sizeof(long) + (size_t)ndev * sizeof(struct devstat), oldp, oldlenp);
}

__attribute__((constructor)) static void register_devstat(void)
{
	fakebsd_register_sysctl("kern.devstat.all", devstat_all);
}
