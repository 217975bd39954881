import { Sysctl } from '../bsd/sysctl.js';
import { bindOnce } from '../ffi/index.js';
import { openbsdLibc, type Resolved } from '../options.js';

/*
 * OpenBSD's libc, bound once per (driver, path): sysctl(2) by MIB (there is
 * no sysctlbyname) and swapctl(2).
 */

// The bindings of the library used last, so that a scrape loop does no
// look-up beyond comparing two strings.
let last: { ffi: string; path: string; sysctl?: Sysctl; swapctl?: SwapctlApi } | undefined;

function lastFor(o: Resolved): NonNullable<typeof last> {
  const path = openbsdLibc(o);
  if (last?.ffi !== o.ffi || last.path !== path) last = { ffi: o.ffi, path };
  return last;
}

/** @throws StatError `LIBRARY`. */
export function sysctlOf(o: Resolved): Sysctl {
  const l = lastFor(o);
  l.sysctl ??= bindOnce('sysctl', l.ffi, l.path, (lib, driver) => new Sysctl(lib, driver));
  return l.sysctl;
}

export interface SwapctlApi {
  /** swapctl(SWAP_NSWAP, NULL, 0): the device count, or -1. */
  count(): number;
  /** swapctl(SWAP_STATS, buf, max): the entries copied, or -1. */
  stats(buf: Buffer, max: number): number;
  /** errno after a -1. */
  errno(): number;
}

/** @throws StatError `LIBRARY`. */
export function swapctlOf(o: Resolved): SwapctlApi {
  const l = lastFor(o);
  l.swapctl ??= bindSwapctl(l.ffi, l.path);
  return l.swapctl;
}

function bindSwapctl(ffi: string, path: string): SwapctlApi {
  return bindOnce('swapctl', ffi, path, (lib, driver) => {
    const nswap = lib.func('swapctl', 'int', ['int', 'null', 'int']);
    const stats = lib.func('swapctl', 'int', ['int', 'buffer', 'int']);
    return {
      count: () => nswap(3, null, 0) as number,
      stats: (buf, max) => stats(4, buf, max) as number,
      errno: () => driver.errno(),
    };
  });
}
