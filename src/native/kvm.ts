import { POSIX2_LINE_MAX, readCString, SWIF_DEV_PREFIX, type KvmSwapRow } from './abi.js';
import type { KvmApi } from './driver.js';

/** Why libkvm could not give the swap rows: its own error text. */
export class KvmFailure extends Error {}

/** Rows to ask for first; doubled while the answer may have been cut short. */
const FIRST_MAX = 16;
const LAST_MAX = 4096;

/**
 * Swap devices and their total through libkvm, as top(1) and libstatgrab
 * do: a "live" handle on /dev/null (no /dev/mem, so no root needed), then
 * kvm_getswapinfo with SWIF_DEV_PREFIX. The handle is always closed.
 * @throws KvmFailure with libkvm's error text.
 */
export function kvmSwapRows(kvm: KvmApi): { devices: KvmSwapRow[]; total: KvmSwapRow } {
  const errbuf = Buffer.alloc(POSIX2_LINE_MAX);
  const kd = kvm.openfiles('/dev/null', errbuf);
  if (!kd) throw new KvmFailure(readCString(errbuf, 0, errbuf.length) || 'kvm_openfiles failed');
  try {
    for (let max = FIRST_MAX; ; max *= 2) {
      // Room for max - 1 devices and the total row after them.
      const answer = kvm.getswapinfo(kd, max, SWIF_DEV_PREFIX);
      if (!answer) throw new KvmFailure(kvm.geterr(kd) || 'kvm_getswapinfo failed');
      // A count of max - 1 may mean more devices than rows: ask again, bigger.
      if (answer.count < max - 1 || max >= LAST_MAX) {
        const devices = answer.rows.slice(0, -1);
        return { devices, total: answer.rows[answer.rows.length - 1]! };
      }
    }
  } finally {
    kvm.close(kd);
  }
}
