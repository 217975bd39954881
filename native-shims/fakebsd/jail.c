/*
 * fakebsd jail: libjail's jail_getid() and jail_getname() (lib/libjail/
 * jail_getid.c, both built on jail_get(2)), and libc's strlcpy(), from the
 * snapshot's `jail: jid=N name=NAME` lines.
 *
 *   - jail_getid(name): a string of digits is returned as the number without
 *     a look-up (as libjail does); otherwise the jid of the jail so named, or
 *     -1 with errno ENOENT;
 *   - jail_getname(jid): a malloc'd copy of the name (the caller frees it),
 *     or NULL with errno ENOENT;
 *   - a jailed caller (security.jail.jailed: 1) sees no jail: jail_get only
 *     finds the caller's child jails, and the snapshots have none.
 * Every call is counted; FAKEBSD_FAULTS=jail_getname=EIO and so on inject.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fakebsd.h"

#define MAX_JAILS 64

static struct {
	unsigned generation;
	int jailed;
	int njails;
	int jid[MAX_JAILS];
	char name[MAX_JAILS][256];
} j;

static void on_jailed(const char *rest, void *ctx) { (void)ctx; j.jailed = atoi(rest); }

static void on_jail(const char *rest, void *ctx)
{
	(void)ctx;
	const char *jid = strstr(rest, "jid=");
	const char *name = strstr(rest, "name=");
	if (!jid || !name || j.njails >= MAX_JAILS)
		return;
	j.jid[j.njails] = atoi(jid + 4);
	sscanf(name + 5, "%255s", j.name[j.njails]);
	j.njails++;
}

static void load(void)
{
	unsigned g = fakebsd_generation();
	if (g == j.generation)
		return;
	memset(&j, 0, sizeof(j));
	j.generation = g;
	fakebsd_each_line("security.jail.jailed", on_jailed, NULL);
	fakebsd_each_line("jail", on_jail, NULL);
}

int jail_getid(const char *name)
{
	fakebsd_enter("jail_getid");
	load();
	int injected = fakebsd_fault("jail_getid");
	if (injected > 0)
		return fakebsd_fail(injected);
	char *end;
	long n = strtol(name, &end, 10);
	if (*name && !*end)
		return (int)n;
	for (int i = 0; !j.jailed && i < j.njails; i++)
		if (strcmp(j.name[i], name) == 0)
			return j.jid[i];
	return fakebsd_fail(ENOENT);
}

char *jail_getname(int jid)
{
	fakebsd_enter("jail_getname");
	load();
	int injected = fakebsd_fault("jail_getname");
	if (injected != 0) {
		errno = injected > 0 ? injected : EIO;
		return NULL;
	}
	for (int i = 0; !j.jailed && i < j.njails; i++)
		if (j.jid[i] == jid)
			return strdup(j.name[i]);
	errno = ENOENT;
	return NULL;
}

/* FreeBSD's libc has strlcpy (glibc only from 2.38): the length of src. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	fakebsd_enter("strlcpy");
	size_t n = strlen(src);
	if (size > 0) {
		size_t k = n < size - 1 ? n : size - 1;
		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return n;
}
