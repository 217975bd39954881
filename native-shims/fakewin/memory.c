/*
 * fakewin: the three memory calls, with Windows' checks and errors.
 *
 *   BOOL GlobalMemoryStatusEx(MEMORYSTATUSEX *)                      kernel32
 *   BOOL GetPerformanceInfo(PERFORMANCE_INFORMATION *, DWORD cb)     psapi (-> K32GetPerformanceInfo)
 *   BOOL EnumPageFilesW(PENUM_PAGE_FILE_CALLBACKW, void *context)    psapi (-> K32EnumPageFilesW)
 *
 * GlobalMemoryStatusEx: dwLength must be sizeof(MEMORYSTATUSEX) (64), else
 * FALSE with ERROR_INVALID_PARAMETER (Wine kernelbase; Wine's heap.c test
 * asserts it on Windows). GetPerformanceInfo: cb below sizeof (104 on x64)
 * is FALSE with ERROR_BAD_LENGTH (Wine's psapi_main.c test asserts it on
 * Windows); a larger cb is accepted. EnumPageFilesW: calls the callback once
 * per page file with {cb = 32, Reserved = 0, TotalSize, TotalInUse,
 * PeakUsage} (pages) and the NUL-terminated UTF-16 name, stops when the
 * callback returns FALSE, returns TRUE (also with no page file at all).
 * Success leaves the last error alone, as Windows does.
 */
#include <string.h>

#include "fakewin.h"

static BOOL fail(DWORD err)
{
	fakewin_set_last_error(err);
	return FALSE;
}

BOOL GlobalMemoryStatusEx(MEMORYSTATUSEX *status)
{
	const struct win_state *st = fakewin_state();
	fakewin_count("GlobalMemoryStatusEx", NULL);
	DWORD injected = fakewin_fault("GlobalMemoryStatusEx");
	if (injected)
		return fail(injected);
	if (!status)
		return fail(ERROR_NOACCESS);
	if (status->dwLength != sizeof(MEMORYSTATUSEX))
		return fail(ERROR_INVALID_PARAMETER);
	if (st->load_error)
		return fail(st->load_error);
	*status = st->mem;
	return TRUE;
}

BOOL GetPerformanceInfo(PERFORMANCE_INFORMATION *info, DWORD cb)
{
	const struct win_state *st = fakewin_state();
	fakewin_count("GetPerformanceInfo", NULL);
	DWORD injected = fakewin_fault("GetPerformanceInfo");
	if (injected)
		return fail(injected);
	if (cb < sizeof(PERFORMANCE_INFORMATION))
		return fail(ERROR_BAD_LENGTH);
	if (!info)
		return fail(ERROR_NOACCESS);
	if (st->load_error)
		return fail(st->load_error);
	*info = st->perf;
	return TRUE;
}

/* UTF-8 (as the snapshot spells the name) to NUL-terminated UTF-16, BMP only. */
static void to_utf16(const char *s, WCHAR *out, size_t cap)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && n + 1 < cap) {
		unsigned int c = *p++;
		if (c >= 0xe0 && p[0] && p[1]) {
			c = ((c & 0x0f) << 12) | ((p[0] & 0x3f) << 6) | (p[1] & 0x3f);
			p += 2;
		} else if (c >= 0xc0 && p[0]) {
			c = ((c & 0x1f) << 6) | (p[0] & 0x3f);
			p += 1;
		}
		out[n++] = (WCHAR)c;
	}
	out[n] = 0;
}

BOOL EnumPageFilesW(PENUM_PAGE_FILE_CALLBACKW callback, void *context)
{
	const struct win_state *st = fakewin_state();
	fakewin_count("EnumPageFilesW", NULL);
	DWORD injected = fakewin_fault("EnumPageFilesW");
	if (injected)
		return fail(injected);
	if (!callback)
		return fail(ERROR_INVALID_PARAMETER);
	if (st->load_error)
		return fail(st->load_error);
	for (int i = 0; i < st->npagefiles; i++) {
		const struct pagefile *pf = &st->pagefiles[i];
		ENUM_PAGE_FILE_INFORMATION info;
		memset(&info, 0, sizeof(info));
		info.cb = sizeof(info);
		info.TotalSize = pf->total;
		info.TotalInUse = pf->in_use;
		info.PeakUsage = pf->peak;
		WCHAR name[260];
		to_utf16(pf->name, name, sizeof(name) / sizeof(name[0]));
		fakewin_count("EnumPageFilesW:callback", NULL);
		if (!callback(context, &info, name)) {
			fakewin_count("EnumPageFilesW:stopped", NULL);
			break;
		}
	}
	return TRUE;
}
