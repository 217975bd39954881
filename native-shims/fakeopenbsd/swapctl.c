/*
 * fakeopenbsd: swapctl(2), the two unprivileged commands.
 *
 *   int swapctl(int cmd, const void *arg, int misc);
 *
 * As sys_swapctl (sys/uvm/uvm_swap.c) answers them: SWAP_NSWAP returns the
 * number of configured devices; SWAP_STATS copies at most `misc` struct
 * swapent (1048 bytes each) to arg and returns how many it copied (a NULL
 * arg with devices to copy is EFAULT, copyout's answer). Every other command
 * needs root: -1/EPERM, as for a user.
 */
#include <errno.h>
#include <string.h>

#include "fakeopenbsd.h"

static int fail(int err)
{
	errno = err;
	return -1;
}

int swapctl(int cmd, const void *arg, int misc)
{
	const struct openbsd_state *st = fakeopenbsd_state();
	const char *what = cmd == SWAP_NSWAP ? "SWAP_NSWAP" : cmd == SWAP_STATS ? "SWAP_STATS" : "other";
	fakeopenbsd_count("swapctl", what);
	char target[64] = "swapctl:";
	strncat(target, what, sizeof(target) - strlen(target) - 1);
	int injected = fakeopenbsd_fault("swapctl");
	if (!injected)
		injected = fakeopenbsd_fault(target);
	if (injected)
		return fail(injected);
	if (cmd != SWAP_NSWAP && cmd != SWAP_STATS)
		return fail(EPERM);
	if (st->load_errno)
		return fail(st->load_errno);
	if (cmd == SWAP_NSWAP)
		return st->nswapdevs;
	int count = 0;
	struct swapent *sep = (struct swapent *)arg;
	for (int i = 0; i < st->nswapdevs && count < misc; i++) {
		if (!sep)
			return fail(EFAULT);
		memcpy(&sep[count], &st->swapdevs[i], sizeof(struct swapent));
		count++;
	}
	return count;
}
