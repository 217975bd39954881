import { Sysctl } from '../bsd/sysctl.js';
import { bindOnce } from '../ffi/index.js';
import { openbsdLibc, type Resolved } from '../options.js';

/*
 * OpenBSD's libc, bound once per (driver, path): sysctl(2) by MIB (there is
 * no sysctlbyname) and swapctl(2).
 */

/** @throws StatError `LIBRARY`. */
export function sysctlOf(o: Resolved): Sysctl {
  return bindOnce('sysctl', o.ffi, openbsdLibc(o), (lib, driver) => new Sysctl(lib, driver));
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
  return bindOnce('swapctl', o.ffi, openbsdLibc(o), (lib, driver) => {
    const nswap = lib.func('swapctl', 'int', ['int', 'null', 'int']);
    const stats = lib.func('swapctl', 'int', ['int', 'buffer', 'int']);
    return {
      count: () => nswap(3, null, 0) as number,
      stats: (buf, max) => stats(4, buf, max) as number,
      errno: () => driver.errno(),
    };
  });
}
