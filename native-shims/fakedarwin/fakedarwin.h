/*
 * fakedarwin: macOS's libSystem memory ABI (Mach host statistics and
 * sysctlbyname) served on Linux from a snapshot, so that sysgrab's real
 * darwin code path runs in Linux CI. Internal header shared by the .c files
 * of this folder; nothing here is exported.
 *
 * Layouts and behaviour are XNU's (xnu-11417):
 *   struct vm_statistics64, 152 bytes, 8-aligned (osfmk/mach/vm_statistics.h)
 *   struct xsw_usage, 32 bytes (bsd/sys/sysctl.h)
 */
#ifndef FAKEDARWIN_H
#define FAKEDARWIN_H

#include <stddef.h>
#include <stdint.h>

#define HIDDEN __attribute__((visibility("hidden")))

typedef uint32_t mach_port_t;
typedef int kern_return_t;

#define KERN_SUCCESS 0
#define KERN_INVALID_ARGUMENT 4
#define KERN_FAILURE 5
#define KERN_INVALID_HOST 22
#define MIG_ARRAY_TOO_LARGE (-307)
#define MACH_SEND_INVALID_DEST 0x10000003

#define HOST_VM_INFO64 4
#define HOST_VM_INFO64_COUNT 38      /* sizeof(struct vm_statistics64) / 4 */
#define HOST_VM_INFO64_REV0_COUNT 24 /* up to and including speculative_count */
#define MIG_HOST_INFO64_MAX 256      /* mach_types.defs: array[*:256] of integer_t */
#define FAKE_HOST_PORT 0x0103u       /* the port name mach_host_self() hands out */

struct vm_statistics64 {
	uint32_t free_count;	/* includes speculative pages */
	uint32_t active_count;
	uint32_t inactive_count;
	uint32_t wire_count;
	uint64_t zero_fill_count;
	uint64_t reactivations;
	uint64_t pageins;
	uint64_t pageouts;
	uint64_t faults;
	uint64_t cow_faults;
	uint64_t lookups;
	uint64_t hits;
	uint64_t purges;
	uint32_t purgeable_count;
	uint32_t speculative_count;
	uint64_t decompressions;
	uint64_t compressions;
	uint64_t swapins;
	uint64_t swapouts;
	uint32_t compressor_page_count;
	uint32_t throttled_count;
	uint32_t external_page_count;
	uint32_t internal_page_count;
	uint64_t total_uncompressed_pages_in_compressor;
} __attribute__((aligned(8)));

_Static_assert(sizeof(struct vm_statistics64) == 152, "vm_statistics64 is 152 bytes");
_Static_assert(offsetof(struct vm_statistics64, purgeable_count) == 88, "purgeable_count at 88");
_Static_assert(offsetof(struct vm_statistics64, compressor_page_count) == 128, "compressor at 128");
_Static_assert(offsetof(struct vm_statistics64, total_uncompressed_pages_in_compressor) == 144, "at 144");

struct xsw_usage {
	uint64_t xsu_total;
	uint64_t xsu_avail;
	uint64_t xsu_used;
	uint32_t xsu_pagesize;
	int32_t xsu_encrypted;	/* boolean_t */
};

_Static_assert(sizeof(struct xsw_usage) == 32, "xsw_usage is 32 bytes");

#define MAX_SYSCTLS 64

struct sysctl_entry {
	char name[96];
	unsigned char value[64];
	size_t size;
};

/* What the snapshot describes. */
struct darwin_state {
	int load_errno;			/* the snapshot could not be read */
	int has_vm;			/* a vm_stat block was present */
	struct vm_statistics64 vm;
	uint64_t kernel_page_size;	/* "page size of N bytes" */
	unsigned int kernel_vm_count;	/* the kernel's HOST_VM_INFO64_COUNT (38 up to macOS 15) */
	struct sysctl_entry sysctls[MAX_SYSCTLS];
	int nsysctls;
};

/* Bring the parsed snapshot and faults in line with the environment; return the state. */
HIDDEN const struct darwin_state *fakedarwin_state(void);

/*
 * The fault injected for `target` (a function name or a sysctl name), as a
 * kern_return_t or errno value; 0 when none. *found says whether one was set
 * (a fault may legitimately be 0 for NULL-returning targets).
 */
HIDDEN int fakedarwin_fault(const char *target, int *found);

/* Count one call under `key`, and under `key:detail` too when detail is non-NULL (an event
 * such as "host_statistics64:count_above_kernel" is counted alone, with a NULL detail). */
HIDDEN void fakedarwin_count(const char *key, const char *detail);

#endif
