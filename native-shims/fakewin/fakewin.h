/*
 * fakewin: the Windows memory ABI sysgrab uses (kernel32 GlobalMemoryStatusEx
 * and GetLastError, psapi GetPerformanceInfo and EnumPageFilesW) served on
 * Linux from a snapshot. Internal header; nothing here is exported.
 *
 * Layouts are x64 Windows' (LLP64: DWORD 4 bytes, SIZE_T 8), from Wine's
 * include/winbase.h and include/psapi.h, which match the SDK:
 *   MEMORYSTATUSEX 64 bytes, PERFORMANCE_INFORMATION 104, ENUM_PAGE_FILE_INFORMATION 32.
 * WINAPI (__stdcall) is the only convention on x86-64, so on Linux x86-64
 * these are plain C functions with the same integer and pointer arguments.
 */
#ifndef FAKEWIN_H
#define FAKEWIN_H

#include <stddef.h>
#include <stdint.h>

#define HIDDEN __attribute__((visibility("hidden")))

typedef uint32_t DWORD;
typedef int32_t BOOL;
typedef uint64_t SIZE_T;
typedef uint64_t DWORDLONG;
typedef uint16_t WCHAR;

#define TRUE 1
#define FALSE 0

#define ERROR_ACCESS_DENIED 5
#define ERROR_NOT_ENOUGH_MEMORY 8
#define ERROR_BAD_LENGTH 24
#define ERROR_INVALID_PARAMETER 87
#define ERROR_NOACCESS 998
#define ERROR_FILE_NOT_FOUND 2

typedef struct {
	DWORD dwLength;
	DWORD dwMemoryLoad;
	DWORDLONG ullTotalPhys;
	DWORDLONG ullAvailPhys;
	DWORDLONG ullTotalPageFile;
	DWORDLONG ullAvailPageFile;
	DWORDLONG ullTotalVirtual;
	DWORDLONG ullAvailVirtual;
	DWORDLONG ullAvailExtendedVirtual;
} MEMORYSTATUSEX;

typedef struct {
	DWORD cb;
	SIZE_T CommitTotal;
	SIZE_T CommitLimit;
	SIZE_T CommitPeak;
	SIZE_T PhysicalTotal;
	SIZE_T PhysicalAvailable;
	SIZE_T SystemCache;
	SIZE_T KernelTotal;
	SIZE_T KernelPaged;
	SIZE_T KernelNonpaged;
	SIZE_T PageSize;
	DWORD HandleCount;
	DWORD ProcessCount;
	DWORD ThreadCount;
} PERFORMANCE_INFORMATION;

typedef struct {
	DWORD cb;
	DWORD Reserved;
	SIZE_T TotalSize;
	SIZE_T TotalInUse;
	SIZE_T PeakUsage;
} ENUM_PAGE_FILE_INFORMATION;

typedef BOOL (*PENUM_PAGE_FILE_CALLBACKW)(void *pContext, ENUM_PAGE_FILE_INFORMATION *pPageFileInfo, const WCHAR *lpFilename);

_Static_assert(sizeof(MEMORYSTATUSEX) == 64, "MEMORYSTATUSEX is 64 bytes");
_Static_assert(sizeof(PERFORMANCE_INFORMATION) == 104, "PERFORMANCE_INFORMATION is 104 bytes on x64");
_Static_assert(offsetof(PERFORMANCE_INFORMATION, PageSize) == 80, "PageSize at 80");
_Static_assert(offsetof(PERFORMANCE_INFORMATION, ThreadCount) == 96, "ThreadCount at 96");
_Static_assert(sizeof(ENUM_PAGE_FILE_INFORMATION) == 32, "ENUM_PAGE_FILE_INFORMATION is 32 bytes");

#define MAX_PAGEFILES 16	/* Windows supports up to 16 page files */

struct pagefile { char name[260]; SIZE_T total, in_use, peak; };

struct win_state {
	DWORD load_error;	/* the snapshot could not be read: ERROR_FILE_NOT_FOUND */
	MEMORYSTATUSEX mem;
	PERFORMANCE_INFORMATION perf;
	struct pagefile pagefiles[MAX_PAGEFILES];
	int npagefiles;
};

HIDDEN const struct win_state *fakewin_state(void);
/* The Windows error code injected for `target`, or 0. */
HIDDEN DWORD fakewin_fault(const char *target);
HIDDEN void fakewin_count(const char *key, const char *detail);
HIDDEN void fakewin_set_last_error(DWORD err);

#endif
