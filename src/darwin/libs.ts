import { Sysctl } from '../bsd/sysctl.js';
import { bindOnce } from '../ffi/index.js';
import { readU32, readU64Number, writeU32 } from '../ffi/memory.js';
import { darwinLibSystem, type Resolved } from '../options.js';
import { StatError } from '../errors.js';
import { HOST_INFO_MAX, HOST_VM_INFO64, HOST_VM_INFO64_COUNT } from './abi.js';

/*
 * libSystem, bound once per (driver, path): the Mach host calls and
 * sysctlbyname.
 */

export interface MachApi {
  /**
   * The host port, asked of mach_host_self() once and kept: every call of it
   * adds a send-right reference the caller would have to give back.
   * @throws StatError `NATIVE` when it is MACH_PORT_NULL.
   */
  host(): number;
  /** host_statistics64(host, HOST_VM_INFO64, info, &count): the kern_return_t; `count` in/out. */
  vmStatistics(count: number): { kr: number; count: number; info: Buffer };
  /**
   * The count to pass: HOST_VM_INFO64_COUNT, or the larger one a newer
   * kernel asked for (kept, so it is asked for once per process).
   */
  vmCount: number;
  /** host_page_size(host, &size): the kern_return_t and the size. */
  pageSize(): { kr: number; size: number };
}

// The bindings of the library used last, so that a scrape loop does no
// look-up beyond comparing two strings.
let last: { ffi: string; path: string; mach?: MachApi; sysctl?: Sysctl } | undefined;

function lastFor(o: Resolved): NonNullable<typeof last> {
  const path = darwinLibSystem(o);
  if (last?.ffi !== o.ffi || last.path !== path) last = { ffi: o.ffi, path };
  return last;
}

/** @throws StatError `LIBRARY`. */
export function machOf(o: Resolved): MachApi {
  const l = lastFor(o);
  l.mach ??= bindMach(l.ffi, l.path);
  return l.mach;
}

function bindMach(ffi: string, path: string): MachApi {
  return bindOnce('mach', ffi, path, (lib) => {
    const hostSelf = lib.func('mach_host_self', 'uint', []);
    const statistics64 = lib.func('host_statistics64', 'int', ['uint', 'int', 'buffer', 'buffer']);
    const hostPageSize = lib.func('host_page_size', 'int', ['uint', 'buffer']);
    // Allocated once: HOST_INFO_MAX integers, whatever count is passed.
    const info = Buffer.alloc(HOST_INFO_MAX * 4);
    const countBuf = Buffer.alloc(4);
    const sizeBuf = Buffer.alloc(8);
    let port = 0;
    const api: MachApi = {
      host() {
        if (port === 0) {
          port = hostSelf() as number;
          if (port === 0) throw new StatError('NATIVE', 'mach_host_self', 'cannot read memory statistics: mach_host_self() returned MACH_PORT_NULL');
        }
        return port;
      },
      vmStatistics(count) {
        writeU32(countBuf, count, 0);
        const kr = statistics64(api.host(), HOST_VM_INFO64, info, countBuf) as number;
        return { kr, count: readU32(countBuf, 0), info };
      },
      vmCount: HOST_VM_INFO64_COUNT,
      pageSize() {
        sizeBuf.fill(0);
        const kr = hostPageSize(api.host(), sizeBuf) as number;
        return { kr, size: readU64Number(sizeBuf, 0) ?? 0 };
      },
    };
    return api;
  });
}

/** sysctlbyname over libSystem. @throws StatError `LIBRARY`. */
export function sysctlOf(o: Resolved): Sysctl {
  const l = lastFor(o);
  l.sysctl ??= bindOnce('sysctl', l.ffi, l.path, (lib, driver) => new Sysctl(lib, driver));
  return l.sysctl;
}
