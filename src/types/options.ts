/** The FFI packages sysgrab can drive. */
export type FfiName = 'koffi' | 'ffi-rs';

/** FreeBSD's libraries (tests point them at the ABI double in native-shims/). */
export interface FreebsdOptions {
  /** Library with `sysctlbyname` & co. (`SYSGRAB_LIBC`, default `libc.so.7`). */
  libc?: string;
  /** Library with `kvm_getswapinfo` & co. (`SYSGRAB_LIBKVM`, default `libkvm.so.7`). */
  libkvm?: string;
}

/** macOS's library (tests point it at native-shims/fakedarwin/). */
export interface DarwinOptions {
  /** Library with `host_statistics64`, `sysctlbyname` & co. (`SYSGRAB_LIBSYSTEM`, default `/usr/lib/libSystem.B.dylib`). */
  libSystem?: string;
}

/** Windows' libraries (tests point them at native-shims/fakewin/). */
export interface Win32Options {
  /** Library with `GlobalMemoryStatusEx` and `GetLastError` (`SYSGRAB_KERNEL32`, default `kernel32.dll`). */
  kernel32?: string;
  /** Library with `GetPerformanceInfo` and `EnumPageFilesW` (`SYSGRAB_PSAPI`, default `psapi.dll`). */
  psapi?: string;
}

/** OpenBSD's library (tests point it at native-shims/fakeopenbsd/). */
export interface OpenbsdOptions {
  /** Library with `sysctl` and `swapctl` (`SYSGRAB_LIBC`, default `libc.so`: ld.so picks the installed version). */
  libc?: string;
}

/**
 * Where a backend reads from. Each option wins over its environment
 * variable, which wins over the default. The environment is read once, on
 * first use (see `reloadEnvironment()`).
 */
export interface StatOptions {
  /** Backend to use (`SYSGRAB_PLATFORM`, default `process.platform`); case-insensitive. */
  platform?: string;
  /** procfs root for the Linux backend (`HOST_PROC`, default `/proc`). */
  procRoot?: string;
  /** sysfs root for the Linux backend (`HOST_SYS`, default `/sys`). */
  sysRoot?: string;
  /** FFI package (`SYSGRAB_FFI`, default `koffi`). */
  ffi?: FfiName;
  /** FreeBSD's library names. */
  freebsd?: FreebsdOptions;
  /** macOS's library name. */
  darwin?: DarwinOptions;
  /** Windows' library names. */
  win32?: Win32Options;
  /** OpenBSD's library name. */
  openbsd?: OpenbsdOptions;
}
