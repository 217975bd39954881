import type { Sysctl } from '../bsd/sysctl.js';
import { StatError } from '../errors.js';
import { readCString } from '../ffi/memory.js';
import type { SwapDevice, SwapStats } from '../types/swap.js';
import { decodeKvmSwap, decodeXswdev, KVM_SWAP, O_RDONLY, POSIX2_LINE_MAX, S_IFCHR, SWIF_DEV_PREFIX, XSWDEV_V2 } from './abi.js';
import type { KvmApi } from './libs.js';

/*
 * FreeBSD swap: libkvm's kvm_getswapinfo (what top(1) and libstatgrab ask),
 * else the vm.swap_info sysctl walk. swapStatsFromPages() is pure.
 */

/** A swap device in pages, as libkvm or vm.swap_info report it. */
export interface SwapPages {
  name: string;
  totalPages: number;
  usedPages: number;
}

/** SwapStats from per-device pages and the total row (or the devices' sum). */
export function swapStatsFromPages(devices: SwapPages[], total: { totalPages: number; usedPages: number }, pageSize: number): SwapStats {
  const toDevice = (d: SwapPages): SwapDevice => ({ name: d.name, total: d.totalPages * pageSize, used: Math.min(d.usedPages, d.totalPages) * pageSize });
  const totalBytes = total.totalPages * pageSize;
  const used = Math.min(total.usedPages, total.totalPages) * pageSize;
  return { total: totalBytes, used, free: totalBytes - used, devices: devices.map(toDevice) };
}

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
export function kvmSwap(kvm: KvmApi): { devices: SwapPages[]; total: SwapPages } {
  const errbuf = Buffer.alloc(POSIX2_LINE_MAX);
  const kd = kvm.openfiles('/dev/null', O_RDONLY, errbuf);
  if (!kd) throw new KvmFailure(readCString(errbuf, 0, errbuf.length) || 'kvm_openfiles failed');
  try {
    for (let max = FIRST_MAX; ; max *= 2) {
      // Room for max - 1 devices and the total row after them.
      const ary = Buffer.alloc(max * KVM_SWAP.size);
      const count = kvm.getswapinfo(kd, ary, max, SWIF_DEV_PREFIX);
      if (count < 0) throw new KvmFailure(kvm.geterr(kd) || 'kvm_getswapinfo failed');
      // A count of max - 1 may mean more devices than rows: ask again, bigger.
      if (count < max - 1 || max >= LAST_MAX) {
        const rows: SwapPages[] = [];
        for (let i = 0; i <= Math.min(count, max - 1); i++) {
          const r = decodeKvmSwap(ary, i);
          rows.push({ name: r.devname, totalPages: r.totalPages, usedPages: r.usedPages });
        }
        const total = rows.pop()!;
        return { devices: rows, total };
      }
    }
  } finally {
    kvm.close(kd);
  }
}

/**
 * Walk vm.swap_info.N (N = 0, 1, ...) until ENOENT, decoding each struct
 * xswdev by its returned length and version; names from devname(3), as
 * swapinfo(8) prints them.
 * @throws StatError `SYSCTL` when the walk fails.
 */
export function swapInfoDevices(s: Sysctl, devname: (dev: bigint, type: number) => string | null): SwapPages[] {
  const name = 'vm.swap_info';
  const mib = s.mib(name);
  if (mib === undefined) throw new StatError('SYSCTL', name, `cannot look up sysctl ${name}: it does not exist`, 2);
  const xswdev = Buffer.alloc(XSWDEV_V2.size);
  const devices: SwapPages[] = [];
  for (let index = 0; ; index++) {
    const label = `${name}.${index}`;
    xswdev.fill(0);
    const length = s.intoByMib([...mib, index], label, xswdev);
    if (length < 0) return devices;
    const row = decodeXswdev(xswdev, length);
    if (!row) throw new StatError('SYSCTL', label, `sysctl ${label} returned a struct xswdev of unknown length or version`);
    const dev = devname(row.dev, S_IFCHR);
    devices.push({ name: !dev ? `#${row.dev}` : dev.startsWith('#') ? dev : `/dev/${dev}`, totalPages: row.nblksPages, usedPages: Math.min(row.usedPages, row.nblksPages) });
  }
}
