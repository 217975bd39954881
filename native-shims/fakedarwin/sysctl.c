/*
 * fakedarwin: sysctlbyname(3) with XNU's answers.
 *
 *   int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
 *
 * As bsd/kern/kern_newsysctl.c does it: an unknown name is -1/ENOENT; oldp
 * NULL gives the size in *oldlenp; a buffer shorter than the value is
 * -1/ENOMEM with NOTHING copied and *oldlenp set to 0 (sysctl_old_user
 * returns before copying; FreeBSD would copy the part that fits); a larger
 * buffer gets the value and *oldlenp = its size; newp on these read-only
 * names is -1/EPERM. When the snapshot cannot be read every call fails with
 * its errno.
 */
#include <errno.h>
#include <string.h>

#include "fakedarwin.h"

static int fail(int err)
{
	errno = err;
	return -1;
}

int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen)
{
	(void)newlen;
	const struct darwin_state *st = fakedarwin_state();
	fakedarwin_count("sysctlbyname", name);
	int found;
	int injected = fakedarwin_fault("sysctlbyname", &found);
	if (!found)
		injected = fakedarwin_fault(name, &found);
	if (found)
		return fail(injected);
	if (st->load_errno)
		return fail(st->load_errno);
	const struct sysctl_entry *e = NULL;
	for (int i = 0; i < st->nsysctls; i++)
		if (strcmp(st->sysctls[i].name, name) == 0)
			e = &st->sysctls[i];
	if (!e)
		return fail(ENOENT);
	if (newp)
		return fail(EPERM);
	if (!oldlenp)
		return fail(EFAULT);
	if (!oldp) {
		*oldlenp = e->size;
		return 0;
	}
	if (*oldlenp < e->size) {
		*oldlenp = 0;
		return fail(ENOMEM);
	}
	memcpy(oldp, e->value, e->size);
	*oldlenp = e->size;
	return 0;
}
