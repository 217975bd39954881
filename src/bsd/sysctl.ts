import { describeErrno, StatError } from '../errors.js';
import type { CFunction, FfiDriver, NativeLibrary } from '../ffi/index.js';
import { readI32, readU32, readU64, SizeT, writeI32 } from '../ffi/memory.js';

/*
 * sysctl(3) as the BSDs and macOS share it, on top of any FFI driver: by
 * name (sysctlbyname; FreeBSD, macOS) and by MIB (sysctl; everywhere, and
 * the only way on OpenBSD). A name or MIB the kernel does not have (ENOENT)
 * is "absent" (undefined), never an error: read every name, decide nothing
 * by OS version. Buffers are reused, so a scrape loop allocates only its
 * results. Each function is declared on first use, so a libc without
 * sysctlbyname (OpenBSD's) is fine as long as nobody asks by name.
 */

export const ENOENT = 2;
export const ENOMEM = 12;
/** The deepest MIB a kernel accepts. */
export const CTL_MAXNAME = 24;
/** What a value read by bytes() may grow to before it is refused. */
const MAX_VALUE_BYTES = 64 * 1024 * 1024;

function sysctlError(name: string, errno: number, what = 'cannot read'): StatError {
  return new StatError('SYSCTL', name, `${what} sysctl ${name}: ${describeErrno(errno)}`, errno);
}

export class Sysctl {
  private byName: CFunction | undefined;
  private byMib: CFunction | undefined;
  private nameToMib: CFunction | undefined;
  private readonly value = Buffer.alloc(8);
  private readonly length = new SizeT();
  /** Names as NUL-terminated bytes, encoded on first use. */
  private readonly names = new Map<string, Buffer>();
  private readonly mibBuffer = Buffer.alloc(4 * CTL_MAXNAME);
  /** The size each variable-length value had last time: the next read starts there. */
  private readonly lastSizes = new Map<string, number>();

  constructor(
    private readonly lib: NativeLibrary,
    private readonly driver: FfiDriver,
  ) {}

  private cName(name: string): Buffer {
    let c = this.names.get(name);
    if (c === undefined) {
      c = Buffer.from(`${name}\0`, 'utf8');
      this.names.set(name, c);
    }
    return c;
  }

  /** sysctlbyname(name, out, &length, NULL, 0): the length, or -errno. */
  private callByName(name: string, out: Buffer, size: number): number {
    this.byName ??= this.lib.func('sysctlbyname', 'int', ['buffer', 'buffer', 'buffer', 'null', 'size_t']);
    this.length.set(size);
    if (this.byName(this.cName(name), out, this.length.buffer, null, 0) !== 0) return -this.driver.errno();
    return this.length.get();
  }

  /** sysctl(mib, depth, out, &length, NULL, 0): the length, or -errno. */
  private callByMib(mib: readonly number[], out: Buffer, size: number): number {
    this.byMib ??= this.lib.func('sysctl', 'int', ['buffer', 'uint', 'buffer', 'buffer', 'null', 'size_t']);
    if (mib.length > CTL_MAXNAME) return -ENOENT;
    for (let i = 0; i < mib.length; i++) writeI32(this.mibBuffer, mib[i]!, i * 4);
    this.length.set(size);
    if (this.byMib(this.mibBuffer, mib.length, out, this.length.buffer, null, 0) !== 0) return -this.driver.errno();
    return this.length.get();
  }

  /** A 4- or 8-byte answer as a number; `label` names it in errors. */
  private decodeNumber(label: string, got: number): number | undefined {
    if (got === -ENOENT) return undefined;
    if (got === -ENOMEM) throw new StatError('SYSCTL', label, `sysctl ${label} is larger than 8 bytes: not a number`, ENOMEM);
    if (got < 0) throw sysctlError(label, -got);
    if (got === 4) return readU32(this.value, 0);
    if (got === 8) {
      const v = readU64(this.value, 0);
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new StatError('SYSCTL', label, `sysctl ${label} is out of range (${v})`);
      return Number(v);
    }
    throw new StatError('SYSCTL', label, `sysctl ${label} returned ${got} bytes, not a 4- or 8-byte number`);
  }

  /**
   * An unsigned scalar by name: a zeroed 8-byte buffer, decoded by the
   * length the kernel returns (4: u32, 8: u64).
   * @returns undefined when the name does not exist on this host (ENOENT).
   * @throws StatError `SYSCTL` for any other failure or an unexpected size.
   */
  number(name: string): number | undefined {
    this.value.writeDoubleLE(0, 0);
    return this.decodeNumber(name, this.callByName(name, this.value, 8));
  }

  /** An unsigned scalar by MIB, as number(). */
  numberByMib(mib: readonly number[], label: string): number | undefined {
    this.value.writeDoubleLE(0, 0);
    return this.decodeNumber(label, this.callByMib(mib, this.value, 8));
  }

  /**
   * A value of any size by name (a struct, an array of structs, a string):
   * the bytes the kernel returned. Starts from the size it had last time and
   * doubles while the kernel answers ENOMEM (a list that grew meanwhile).
   * @returns undefined when the name does not exist (ENOENT).
   * @throws StatError `SYSCTL` for any other failure, or past 64 MiB.
   */
  bytes(name: string, firstSize = 4096): Buffer | undefined {
    return this.grow(name, firstSize, (out) => this.callByName(name, out, out.length));
  }

  /** bytes(), by MIB. */
  bytesByMib(mib: readonly number[], label: string, firstSize = 4096): Buffer | undefined {
    return this.grow(label, firstSize, (out) => this.callByMib(mib, out, out.length));
  }

  private grow(label: string, firstSize: number, call: (out: Buffer) => number): Buffer | undefined {
    for (let size = Math.max(firstSize, this.lastSizes.get(label) ?? 0); ; size *= 2) {
      if (size > MAX_VALUE_BYTES) throw new StatError('SYSCTL', label, `sysctl ${label} is larger than ${MAX_VALUE_BYTES / 1048576} MiB`);
      const out = Buffer.alloc(size);
      const got = call(out);
      if (got === -ENOENT) return undefined;
      if (got === -ENOMEM || got === size) continue; // cut short, or exactly full: it may have more
      if (got < 0) throw sysctlError(label, -got);
      this.lastSizes.set(label, got);
      return out.subarray(0, got);
    }
  }

  /**
   * Exactly `out.length` bytes by MIB into `out` (a struct the caller sized,
   * such as one xswdev): the length the kernel returned.
   * @returns -1 when the MIB does not exist (ENOENT).
   * @throws StatError `SYSCTL` for any other failure (ENOMEM included).
   */
  intoByMib(mib: readonly number[], label: string, out: Buffer): number {
    const got = this.callByMib(mib, out, out.length);
    if (got === -ENOENT) return -1;
    if (got < 0) throw sysctlError(label, -got);
    return got;
  }

  /**
   * The MIB of `name` (sysctlnametomib). Not cached: it is asked for on
   * paths that are not hot (a fallback, a per-process walk), and a kernel
   * module loaded meanwhile may add the name.
   * @returns undefined when the name does not exist (ENOENT).
   * @throws StatError `SYSCTL` for any other failure.
   */
  mib(name: string): number[] | undefined {
    this.nameToMib ??= this.lib.func('sysctlnametomib', 'int', ['cstring', 'buffer', 'buffer']);
    this.length.set(CTL_MAXNAME);
    if (this.nameToMib(name, this.mibBuffer, this.length.buffer) !== 0) {
      const errno = this.driver.errno();
      if (errno === ENOENT) return undefined;
      throw sysctlError(name, errno, 'cannot look up');
    }
    const depth = this.length.get();
    if (!(depth >= 1 && depth < CTL_MAXNAME)) throw new StatError('SYSCTL', name, `sysctl ${name} has an unexpected MIB length ${depth}`);
    return Array.from({ length: depth }, (_, i) => readI32(this.mibBuffer, i * 4));
  }
}
