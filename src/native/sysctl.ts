import { describeErrno, StatError } from '../errors.js';
import { CTL_MAXNAME, decodeXswdev, ENOENT, ENOMEM, readU32, readU64, S_IFCHR, SizeT, writeI32, XSWDEV_V2 } from './abi.js';
import type { LibcApi } from './driver.js';

/*
 * Robust sysctl reads on top of any driver's LibcApi. Buffers are allocated
 * once per Sysctl and reused: a scrape loop allocates only its results.
 */

/** One swap device from vm.swap_info, in pages, named as swapinfo(8) does. */
export interface SwapInfoDevice {
  name: string;
  totalPages: number;
  usedPages: number;
}

function sysctlError(name: string, errno: number, what = 'cannot read'): StatError {
  return new StatError('SYSCTL', name, `${what} sysctl ${name}: ${describeErrno(errno)}`, errno);
}

export class Sysctl {
  private readonly value = Buffer.alloc(8);
  private readonly length = new SizeT();
  /** Names as NUL-terminated bytes, encoded on first use. */
  private readonly names = new Map<string, Buffer>();
  private readonly mib = Buffer.alloc(4 * CTL_MAXNAME);
  private readonly xswdev = Buffer.alloc(XSWDEV_V2.size);

  constructor(private readonly libc: LibcApi) {}

  /**
   * A scalar by name, as the ABI notes recommend: a zeroed 8-byte buffer,
   * decoded by the length the kernel returns (4: u32, 8: u64).
   * @returns undefined when the name does not exist on this host (ENOENT).
   * @throws StatError `SYSCTL` for any other failure or an unexpected size.
   */
  number(name: string): number | undefined {
    let cName = this.names.get(name);
    if (!cName) {
      cName = Buffer.from(`${name}\0`, 'utf8');
      this.names.set(name, cName);
    }
    this.value.writeDoubleLE(0, 0);
    this.length.set(8);
    if (this.libc.sysctlbyname(cName, this.value, this.length.buffer) !== 0) {
      const errno = this.libc.errno();
      if (errno === ENOENT) return undefined;
      if (errno === ENOMEM) throw new StatError('SYSCTL', name, `sysctl ${name} is larger than 8 bytes: not a number`, errno);
      throw sysctlError(name, errno);
    }
    const size = this.length.get();
    if (size === 4) return readU32(this.value, 0);
    if (size === 8) {
      const v = readU64(this.value, 0);
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new StatError('SYSCTL', name, `sysctl ${name} is out of range (${v})`);
      return Number(v);
    }
    throw new StatError('SYSCTL', name, `sysctl ${name} returned ${size} bytes, not a 4- or 8-byte number`);
  }

  /**
   * Walk vm.swap_info.N (N = 0, 1, ...) until ENOENT, decoding each struct
   * xswdev by its returned length and version; names from devname(3).
   * @throws StatError `SYSCTL` when the walk fails.
   */
  swapInfo(): SwapInfoDevice[] {
    const name = 'vm.swap_info';
    this.length.set(CTL_MAXNAME);
    if (this.libc.sysctlnametomib(name, this.mib, this.length.buffer) !== 0) throw sysctlError(name, this.libc.errno(), 'cannot look up');
    const depth = this.length.get();
    if (depth < 1 || depth >= CTL_MAXNAME) throw new StatError('SYSCTL', name, `sysctl ${name} has an unexpected MIB length ${depth}`);
    const devices: SwapInfoDevice[] = [];
    for (let index = 0; ; index++) {
      writeI32(this.mib, index, depth * 4);
      this.xswdev.fill(0);
      this.length.set(XSWDEV_V2.size);
      if (this.libc.sysctl(this.mib, depth + 1, this.xswdev, this.length.buffer) !== 0) {
        const errno = this.libc.errno();
        if (errno === ENOENT) return devices;
        throw sysctlError(`${name}.${index}`, errno);
      }
      const row = decodeXswdev(this.xswdev, this.length.get());
      if (!row) throw new StatError('SYSCTL', `${name}.${index}`, `sysctl ${name}.${index} returned a struct xswdev of unknown length or version`);
      const dev = this.libc.devname(row.dev, S_IFCHR);
      devices.push({ name: !dev ? `#${row.dev}` : dev.startsWith('#') ? dev : `/dev/${dev}`, totalPages: row.nblksPages, usedPages: Math.min(row.usedPages, row.nblksPages) });
    }
  }
}
