/*
 * fakebsd rctl: libc's rctl_get_racct, rctl_get_rules and rctl_get_limits
 * (FreeBSD's RACCT/RCTL syscalls, sys/sys/rctl.h), served from the snapshot:
 *
 *   caller: uid=N [jail=NAME]   the calling process: its uid (0 = root) and,
 *                               when jailed, the jail whose rules apply to it
 *   racct: SUBJECT OUTPUT       what rctl_get_racct(SUBJECT) returns, verbatim
 *                               (`racct: jail:web cputime=0,...,memoryuse=N,...`)
 *   rctl: RULE                  one rule as the kernel prints it
 *                               (`rctl: jail:web:memoryuse:deny=1073741824`)
 *
 * and the sysctls kern.racct.enable and security.jail.jailed. The checks come
 * in kern_rctl.c's order:
 *   1. ENOSYS unless kern.racct.enable is 1 (RACCT off, or a kernel without
 *      RCTL: the name absent);
 *   2. EPERM for a jailed caller (prison_priv_check refuses PRIV_RCTL_*) or a
 *      caller that is not root;
 *   3. EINVAL for an empty input, E2BIG past 4 KiB, EINVAL for a filter that
 *      does not parse (rctl_string_to_rule), ESRCH for an unknown pid;
 *   4. rctl_get_limits: EINVAL without a subject, EOPNOTSUPP for any subject
 *      but a process, EINVAL for a process without a pid;
 *   5. ERANGE when the output buffer cannot hold the answer and its NUL
 *      (nothing is copied then).
 * An unknown jail name is not an error: prison_racct_find() creates an empty
 * entry, so rctl_get_racct answers every resource 0.
 * Faults: FAKEBSD_FAULTS=rctl_get_racct=EIO and so on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fakebsd.h"

#define RCTL_MAX_INBUFSIZE 4096
#define RCTL_MAX_OUTBUFSIZE (16 * 1024 * 1024)
#define MAX_ITEMS 128

static const char *const resources[] = {
	"cputime", "datasize", "stacksize", "coredumpsize", "memoryuse", "memorylocked", "maxproc",
	"openfiles", "vmemoryuse", "pseudoterminals", "swapuse", "nthr", "msgqqueued", "msgqsize",
	"nmsgq", "nsem", "nsemop", "nshm", "shmsize", "wallclock", "pcpu", "readbps", "writebps",
	"readiops", "writeiops", NULL,
};
static const char *const subjects[] = { "process", "user", "loginclass", "jail", NULL };
static const char *const actions[] = {
	"sighup", "sigint", "sigquit", "sigill", "sigtrap", "sigabrt", "sigemt", "sigfpe", "sigkill",
	"sigbus", "sigsegv", "sigsys", "sigpipe", "sigalrm", "sigterm", "sigurg", "sigstop", "sigtstp",
	"sigchld", "sigttin", "sigttou", "sigio", "sigxcpu", "sigxfsz", "sigvtalrm", "sigprof",
	"sigwinch", "siginfo", "sigusr1", "sigusr2", "sigthr", "deny", "log", "devctl", "throttle", NULL,
};

static struct {
	unsigned generation;
	int racct_enable;
	int jailed;
	long uid;
	char caller_jail[256];
	char *racct_subject[MAX_ITEMS], *racct_output[MAX_ITEMS];
	int nracct;
	char *rules[MAX_ITEMS];
	int nrules;
} s;

static void on_scalar(const char *rest, void *ctx) { *(int *)ctx = atoi(rest); }

static void on_caller(const char *rest, void *ctx)
{
	(void)ctx;
	const char *uid = strstr(rest, "uid=");
	const char *jail = strstr(rest, "jail=");
	if (uid)
		s.uid = strtol(uid + 4, NULL, 10);
	if (jail)
		sscanf(jail + 5, "%255s", s.caller_jail);
}

static void on_racct(const char *rest, void *ctx)
{
	(void)ctx;
	const char *space = strchr(rest, ' ');
	if (!space || s.nracct >= MAX_ITEMS)
		return;
	s.racct_subject[s.nracct] = strndup(rest, (size_t)(space - rest));
	s.racct_output[s.nracct++] = strdup(space + 1);
}

static void on_rule(const char *rest, void *ctx)
{
	(void)ctx;
	if (s.nrules < MAX_ITEMS)
		s.rules[s.nrules++] = strdup(rest);
}

static void load(void)
{
	unsigned g = fakebsd_generation();
	if (g == s.generation)
		return;
	for (int i = 0; i < s.nracct; i++) {
		free(s.racct_subject[i]);
		free(s.racct_output[i]);
	}
	for (int i = 0; i < s.nrules; i++)
		free(s.rules[i]);
	memset(&s, 0, sizeof(s));
	s.generation = g;
	s.uid = 0;
	s.racct_enable = -1;	/* absent: a kernel without RACCT/RCTL */
	fakebsd_each_line("kern.racct.enable", on_scalar, &s.racct_enable);
	fakebsd_each_line("security.jail.jailed", on_scalar, &s.jailed);
	fakebsd_each_line("caller", on_caller, NULL);
	fakebsd_each_line("racct", on_racct, NULL);
	fakebsd_each_line("rctl", on_rule, NULL);
}

static int in_list(const char *word, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcasecmp(word, list[i]) == 0)
			return 1;
	return 0;
}

/* A rule or filter split as rctl_string_to_rule() splits it; empty = any. */
struct rule {
	char subject[32], id[256], resource[32], action[32], amount[32], per[32];
};

/* strsep-like: the text up to any of `delims` into `out`; *p moves past it. */
static void field(const char **p, const char *delims, char *out, size_t size)
{
	out[0] = '\0';
	if (*p == NULL)
		return;
	size_t n = strcspn(*p, delims);
	snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), *p);
	*p = (*p)[n] ? *p + n + 1 : NULL;
}

/* 0, or EINVAL for names the kernel does not know (ESRCH is the caller's). */
static int parse_rule(const char *text, struct rule *r)
{
	const char *p = text;
	field(&p, ":", r->subject, sizeof(r->subject));
	field(&p, ":", r->id, sizeof(r->id));
	field(&p, ":", r->resource, sizeof(r->resource));
	field(&p, "=/", r->action, sizeof(r->action));
	field(&p, "/", r->amount, sizeof(r->amount));
	field(&p, "", r->per, sizeof(r->per));
	if (r->subject[0] && !in_list(r->subject, subjects))
		return EINVAL;
	if (!r->subject[0] && r->id[0])
		return EINVAL;
	if (r->resource[0] && !in_list(r->resource, resources))
		return EINVAL;
	if (r->action[0] && !in_list(r->action, actions))
		return EINVAL;
	if (r->per[0] && !in_list(r->per, subjects))
		return EINVAL;
	for (const char *c = r->amount; *c; c++)
		if (*c < '0' || *c > '9')
			return EINVAL;
	if (strcmp(r->subject, "process") == 0 && r->id[0]) {
		for (const char *c = r->id; *c; c++)
			if (*c < '0' || *c > '9')
				return EINVAL;
	}
	return 0;
}

static int field_matches(const char *filter, const char *value) { return !filter[0] || strcasecmp(filter, value) == 0; }

static int rule_matches(const struct rule *rule, const struct rule *filter)
{
	/* A rule without a per is per its subject (rctl_rule_add). */
	const char *per = rule->per[0] ? rule->per : rule->subject;
	return field_matches(filter->subject, rule->subject) && field_matches(filter->id, rule->id) &&
	    field_matches(filter->resource, rule->resource) && field_matches(filter->action, rule->action) &&
	    field_matches(filter->amount, rule->amount) && field_matches(filter->per, per);
}

/* The checks every rctl call makes before looking at its filter. */
static int common(const char *fn, const char *inbufp, size_t inbuflen, char *filter)
{
	load();
	int injected = fakebsd_fault(fn);
	if (injected > 0)
		return injected;
	if (s.racct_enable != 1)
		return ENOSYS;
	if (s.jailed || s.uid != 0)
		return EPERM;
	if (inbuflen == 0 || inbufp == NULL)
		return EINVAL;
	if (inbuflen > RCTL_MAX_INBUFSIZE)
		return E2BIG;
	/* copyinstr: the string must end within inbuflen. */
	if (memchr(inbufp, '\0', inbuflen) == NULL)
		return ENAMETOOLONG;
	snprintf(filter, RCTL_MAX_INBUFSIZE, "%s", inbufp);
	return 0;
}

static int write_out(const char *text, char *outbufp, size_t outbuflen)
{
	size_t n = strlen(text) + 1;
	if (outbuflen < n)
		return fakebsd_fail(ERANGE);
	memcpy(outbufp, text, n);
	return 0;
}

int rctl_get_racct(const char *inbufp, size_t inbuflen, char *outbufp, size_t outbuflen)
{
	fakebsd_enter("rctl_get_racct");
	char filter[RCTL_MAX_INBUFSIZE];
	int err = common("rctl_get_racct", inbufp, inbuflen, filter);
	if (err)
		return fakebsd_fail(err);
	struct rule f;
	if ((err = parse_rule(filter, &f)) != 0)
		return fakebsd_fail(err);
	if (!f.subject[0] || !f.id[0])
		return fakebsd_fail(EINVAL);
	char subject[300];
	snprintf(subject, sizeof(subject), "%s:%s", f.subject, f.id);
	for (int i = 0; i < s.nracct; i++)
		if (strcmp(s.racct_subject[i], subject) == 0)
			return write_out(s.racct_output[i], outbufp, outbuflen);
	if (strcmp(f.subject, "process") == 0)
		return fakebsd_fail(ESRCH);
	/* A name nobody used yet: the kernel makes an empty racct for it. */
	char zeros[1024] = "";
	for (int i = 0; resources[i]; i++) {
		strcat(zeros, resources[i]);
		strcat(zeros, resources[i + 1] ? "=0," : "=0");
	}
	return write_out(zeros, outbufp, outbuflen);
}

/* Rules matching `f` (those of `only_jail` too when set), comma-joined into out. */
static int list_rules(const struct rule *f, int process_pid, char *outbufp, size_t outbuflen)
{
	if (outbuflen > RCTL_MAX_OUTBUFSIZE)
		return fakebsd_fail(E2BIG);
	size_t cap = 1024, len = 0;
	char *text = malloc(cap);
	text[0] = '\0';
	for (int i = 0; i < s.nrules; i++) {
		struct rule r;
		if (parse_rule(s.rules[i], &r) != 0)
			continue;
		int match;
		if (process_pid > 0) {
			/* Every rule linked to the process: its own and its jail's. */
			char pid[32];
			snprintf(pid, sizeof(pid), "%d", process_pid);
			match = (strcmp(r.subject, "process") == 0 && strcmp(r.id, pid) == 0) ||
			    (s.caller_jail[0] && strcmp(r.subject, "jail") == 0 && strcmp(r.id, s.caller_jail) == 0);
		} else {
			match = rule_matches(&r, f);
		}
		if (!match)
			continue;
		size_t n = strlen(s.rules[i]);
		if (len + n + 2 > cap) {
			cap = (len + n + 2) * 2;
			text = realloc(text, cap);
		}
		if (len)
			text[len++] = ',';
		memcpy(text + len, s.rules[i], n + 1);
		len += n;
	}
	int rc = write_out(text, outbufp, outbuflen);
	free(text);
	return rc;
}

int rctl_get_rules(const char *inbufp, size_t inbuflen, char *outbufp, size_t outbuflen)
{
	fakebsd_enter("rctl_get_rules");
	char filter[RCTL_MAX_INBUFSIZE];
	int err = common("rctl_get_rules", inbufp, inbuflen, filter);
	if (err)
		return fakebsd_fail(err);
	struct rule f;
	if ((err = parse_rule(filter, &f)) != 0)
		return fakebsd_fail(err);
	return list_rules(&f, 0, outbufp, outbuflen);
}

int rctl_get_limits(const char *inbufp, size_t inbuflen, char *outbufp, size_t outbuflen)
{
	fakebsd_enter("rctl_get_limits");
	char filter[RCTL_MAX_INBUFSIZE];
	int err = common("rctl_get_limits", inbufp, inbuflen, filter);
	if (err)
		return fakebsd_fail(err);
	struct rule f;
	if ((err = parse_rule(filter, &f)) != 0)
		return fakebsd_fail(err);
	if (!f.subject[0])
		return fakebsd_fail(EINVAL);
	if (strcmp(f.subject, "process") != 0)
		return fakebsd_fail(EOPNOTSUPP);
	if (!f.id[0])
		return fakebsd_fail(EINVAL);
	int pid = atoi(f.id);
	if (pid != (int)getpid())
		return fakebsd_fail(ESRCH);
	return list_rules(&f, pid, outbufp, outbuflen);
}
