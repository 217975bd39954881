/*
 * fakedarwin: the Mach calls, with XNU's answers.
 *
 *   mach_port_t   mach_host_self(void);
 *   kern_return_t host_statistics64(host_t, host_flavor_t, host_info64_t, mach_msg_type_number_t *);
 *   kern_return_t host_page_size(host_t, vm_size_t *);
 *
 * host_statistics64(HOST_VM_INFO64) by count (osfmk/kern/host.c vm_stats(),
 * after the MIG stub capped the count at 256):
 *   count < 24 (REV0)          KERN_FAILURE, nothing written;
 *   24 <= count < kernel's     kernel count 38 (up to macOS 15): only the rev0
 *                              part is written (up to speculative_count),
 *                              *count = 24, KERN_SUCCESS;
 *                              a larger kernel count (macOS 26 and later):
 *                              MIG_ARRAY_TOO_LARGE, the first `count` ints
 *                              copied, *count = the kernel's count (what
 *                              macOS 27 answers, psutil #2853);
 *   count >= kernel's count    the whole struct (ints past the 38 known ones
 *                              are 0), *count = the kernel's count.
 * A count above the kernel's own is counted as
 * "host_statistics64:count_above_kernel" (macOS 26 logs a warning for it).
 */
#include <string.h>

#include "fakedarwin.h"

mach_port_t mach_host_self(void)
{
	fakedarwin_state();
	fakedarwin_count("mach_host_self", NULL);
	int found;
	fakedarwin_fault("mach_host_self", &found);
	return found ? 0 : FAKE_HOST_PORT;
}

kern_return_t host_statistics64(mach_port_t host, int flavor, int32_t *info, uint32_t *count)
{
	const struct darwin_state *st = fakedarwin_state();
	fakedarwin_count("host_statistics64", NULL);
	int found;
	int injected = fakedarwin_fault("host_statistics64", &found);
	if (found)
		return injected;
	if (host != FAKE_HOST_PORT)
		return MACH_SEND_INVALID_DEST;
	if (flavor != HOST_VM_INFO64)
		return KERN_INVALID_ARGUMENT;
	if (!count || !info)
		return KERN_INVALID_ARGUMENT;
	if (!st->has_vm)
		return KERN_FAILURE;
	unsigned int asked = *count > MIG_HOST_INFO64_MAX ? MIG_HOST_INFO64_MAX : *count;
	unsigned int kernel = st->kernel_vm_count;
	if (asked > kernel)
		fakedarwin_count("host_statistics64:count_above_kernel", NULL);
	if (asked < HOST_VM_INFO64_REV0_COUNT)
		return KERN_FAILURE;
	int32_t full[MIG_HOST_INFO64_MAX];
	memset(full, 0, sizeof(full));
	memcpy(full, &st->vm, sizeof(st->vm));
	if (asked >= kernel) {
		memcpy(info, full, kernel * sizeof(int32_t));
		*count = kernel;
		return KERN_SUCCESS;
	}
	if (kernel > HOST_VM_INFO64_COUNT) {
		memcpy(info, full, asked * sizeof(int32_t));
		*count = kernel;
		return MIG_ARRAY_TOO_LARGE;
	}
	memcpy(info, full, HOST_VM_INFO64_REV0_COUNT * sizeof(int32_t));
	*count = HOST_VM_INFO64_REV0_COUNT;
	return KERN_SUCCESS;
}

kern_return_t host_page_size(mach_port_t host, uint64_t *out_page_size)
{
	(void)host;	/* libsyscall ignores it too: the answer is vm_kernel_page_size */
	const struct darwin_state *st = fakedarwin_state();
	fakedarwin_count("host_page_size", NULL);
	int found;
	int injected = fakedarwin_fault("host_page_size", &found);
	if (found)
		return injected;
	if (!out_page_size)
		return KERN_INVALID_ARGUMENT;
	*out_page_size = st->kernel_page_size ? st->kernel_page_size : 4096;
	return KERN_SUCCESS;
}
