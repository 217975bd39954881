/*
 * shimkit: what the macOS, Windows and OpenBSD doubles share (the FreeBSD
 * double predates it): call counters, the FAKE<OS>_FAULTS list, and noticing
 * that the environment changed. Header-only and static, so each double
 * compiled from its own folder keeps its own state.
 */
#ifndef SHIMKIT_H
#define SHIMKIT_H

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* ---- call counters: "function" and "function:detail" keys ---- */

#define SHIM_MAX_COUNTERS 128

struct shim_counters {
	pthread_mutex_t lock;
	struct { char key[128]; unsigned long count; } c[SHIM_MAX_COUNTERS];
	int n;
};

#define SHIM_COUNTERS_INIT { PTHREAD_MUTEX_INITIALIZER, { { "", 0 } }, 0 }

static void shim_bump(struct shim_counters *k, const char *key)
{
	for (int i = 0; i < k->n; i++) {
		if (strcmp(k->c[i].key, key) == 0) {
			k->c[i].count++;
			return;
		}
	}
	if (k->n < SHIM_MAX_COUNTERS) {
		snprintf(k->c[k->n].key, sizeof(k->c[k->n].key), "%s", key);
		k->c[k->n++].count = 1;
	}
}

/* Count one call under `key`, and under `key:detail` too when detail is non-NULL. */
static void shim_count(struct shim_counters *k, const char *key, const char *detail)
{
	pthread_mutex_lock(&k->lock);
	shim_bump(k, key);
	if (detail) {
		char both[128];
		snprintf(both, sizeof(both), "%s:%s", key, detail);
		shim_bump(k, both);
	}
	pthread_mutex_unlock(&k->lock);
}

static int shim_calls(struct shim_counters *k, const char *key)
{
	int n = 0;
	pthread_mutex_lock(&k->lock);
	for (int i = 0; i < k->n; i++)
		if (strcmp(k->c[i].key, key) == 0)
			n = (int)k->c[i].count;
	pthread_mutex_unlock(&k->lock);
	return n;
}

static void shim_reset_calls(struct shim_counters *k)
{
	pthread_mutex_lock(&k->lock);
	k->n = 0;
	pthread_mutex_unlock(&k->lock);
}

/* ---- faults: "TARGET=NAME,..." with the double's own names ---- */

#define SHIM_MAX_FAULTS 32

struct shim_faults {
	struct { char target[96]; int value; } f[SHIM_MAX_FAULTS];
	int n;
};

/* The value of a fault's NAME (an errno, a kern_return_t, a Win32 error); 0 when unknown. */
typedef int (*shim_fault_value_fn)(const char *name, int *value);

static void shim_parse_faults(struct shim_faults *out, const char *spec, shim_fault_value_fn value_of)
{
	char buf[4096];
	out->n = 0;
	if (!spec)
		return;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok && out->n < SHIM_MAX_FAULTS; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		if (!value_of(eq + 1, &out->f[out->n].value))
			continue;
		snprintf(out->f[out->n].target, sizeof(out->f[out->n].target), "%s", tok);
		out->n++;
	}
}

/* The fault set for `target`: 1 with *value set, or 0. */
static int shim_fault(const struct shim_faults *faults, const char *target, int *value)
{
	for (int i = 0; i < faults->n; i++) {
		if (strcmp(faults->f[i].target, target) == 0) {
			*value = faults->f[i].value;
			return 1;
		}
	}
	return 0;
}

/* ---- the environment: has SNAPSHOT|FAULTS changed since `seen`? (then `seen` is updated) ---- */

static int shim_env_changed(char *seen, size_t size, const char *snapshot, const char *faults)
{
	char now[8192];
	snprintf(now, sizeof(now), "%s|%s", snapshot ? snapshot : "", faults ? faults : "");
	if (seen[0] != '\0' && strcmp(now, seen) == 0)
		return 0;
	snprintf(seen, size, "%s", now);
	return 1;
}

#endif
