/** The FFI packages sysgrab can drive. */
export type FfiName = 'koffi' | 'ffi-rs';

/** FreeBSD's libraries (tests point them at the ABI double in native-shims/). */
export interface FreebsdOptions {
  /** Library with `sysctlbyname` & co. (`SYSGRAB_LIBC`, default `libc.so.7`). */
  libc?: string;
  /** Library with `kvm_getswapinfo` & co. (`SYSGRAB_LIBKVM`, default `libkvm.so.7`). */
  libkvm?: string;
  /** Library with `jail_getid`/`jail_getname` (`SYSGRAB_LIBJAIL`, default `libjail.so.1`). */
  libjail?: string;
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
 * Whose memory getMemStats()/getSwapStats() describe: the machine's
 * (`host`, libstatgrab's meanings), the container's (`container`: its limit
 * is the total, its working set the used), or the container's only where a
 * limit applies (`auto`).
 */
export type Scope = 'host' | 'container' | 'auto';

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
  /**
   * The login records getUserStats() reads (`SYSGRAB_UTMP`; default
   * `/var/run/utmp` on Linux, `/var/run/utx.active` on FreeBSD).
   */
  utmp?: string;
  /** FreeBSD's library names. */
  freebsd?: FreebsdOptions;
  /** Host or container figures for getMemStats()/getSwapStats()/getMemPressure() (`SYSGRAB_SCOPE`, default `host`). */
  scope?: Scope;
  /**
   * FreeBSD, on the host: the jail getContainerMemStats() describes, by name
   * or jid (a jid is resolved to its name: the kernel's RCTL reads `jail:3` as
   * a jail named "3"). Needs root and RACCT for the figures.
   */
  jail?: string | number;
  /** macOS's library name. */
  darwin?: DarwinOptions;
  /** Windows' library names. */
  win32?: Win32Options;
  /** OpenBSD's library name. */
  openbsd?: OpenbsdOptions;
}
