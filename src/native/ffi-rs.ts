import { StatError } from '../errors.js';
import { decodeKvmSwap, KVM_SWAP, O_RDONLY, type KvmSwapRow } from './abi.js';
import type { FfiDriver, KvmApi, KvmHandle, LibcApi } from './driver.js';

/*
 * The ffi-rs driver: a second FFI package, for the platforms it ships
 * binaries for (Linux, macOS, Windows; no BSD). Buffers are passed as
 * U8Array, which ffi-rs hands to C in place. ffi-rs has no NULL pointer
 * value, so NULL arguments are passed as a 64-bit zero, which is what a NULL
 * pointer is on every LP64 ABI ffi-rs supports. struct kvm_swap rows are
 * decoded with abi.ts's layout table.
 */

type FfiRs = typeof import('ffi-rs');

function loadFfiRs(): FfiRs {
  if (process.platform === 'freebsd') {
    throw new StatError('LIBRARY', 'ffi-rs', 'ffi-rs ships no FreeBSD binaries: use the koffi driver (unset SYSGRAB_FFI or pass ffi: "koffi")');
  }
  try {
    return require('ffi-rs') as FfiRs;
  } catch (err) {
    throw new StatError('LIBRARY', 'ffi-rs', `cannot load the ffi-rs FFI package (${(err as Error).message.split('\n')[0]}): install it with "npm install ffi-rs", or use koffi`);
  }
}

const ffi = loadFfiRs();
const { DataType } = ffi;

function openLibrary(path: string): string {
  const key = `sysgrab:${path}`;
  try {
    ffi.open({ library: key, path });
  } catch (err) {
    throw new StatError('LIBRARY', path, `cannot load ${path}: ${(err as Error).message}`);
  }
  return key;
}

type Call = (values: unknown[]) => unknown;

/** Bind one C function; a symbol the library lacks surfaces as LIBRARY on first call. */
function bind(library: string, path: string, funcName: string, retType: unknown, paramsType: unknown[], errno = false): Call {
  const fn = (ffi.define({ [funcName]: { library, retType, paramsType, errno } } as never) as unknown as Record<string, Call>)[funcName]!;
  return (values) => {
    try {
      return fn(values);
    } catch (err) {
      throw new StatError('LIBRARY', path, `cannot call ${funcName} in ${path}: ${(err as Error).message}`);
    }
  };
}
/** A C string behind a returned pointer, or null for NULL. */
function cString(ptr: unknown): string | null {
  const external = ptr as import('ffi-rs').JsExternal;
  if (ffi.isNullPointer(external)) return null;
  return ffi.restorePointer({ retType: [DataType.String], paramsValue: ffi.wrapPointer([external]) })[0] as unknown as string;
}

type WithErrno = { value: number; errnoCode: number };

export const ffiRsDriver: FfiDriver = {
  name: 'ffi-rs',

  loadLibc(path: string): LibcApi {
    const lib = openLibrary(path);
    const { I32, U64, U8Array, String: Str, External } = DataType;
    const sysctlbyname = bind(lib, path, 'sysctlbyname', I32, [U8Array, U8Array, U8Array, U64, U64], true);
    const sysctlnametomib = bind(lib, path, 'sysctlnametomib', I32, [Str, U8Array, U8Array], true);
    const sysctl = bind(lib, path, 'sysctl', I32, [U8Array, I32, U8Array, U8Array, U64, U64], true);
    const devname = bind(lib, path, 'devname', External, [U64, I32]);
    let lastErrno = 0;
    const withErrno = (r: unknown): number => {
      const { value, errnoCode } = r as WithErrno;
      lastErrno = errnoCode;
      return value;
    };
    return {
      sysctlbyname: (name, oldp, oldlenp) => withErrno(sysctlbyname([name, oldp, oldlenp, 0, 0])),
      sysctlnametomib: (name, mibp, sizep) => withErrno(sysctlnametomib([name, mibp, sizep])),
      sysctl: (mib, namelen, oldp, oldlenp) => withErrno(sysctl([mib, namelen, oldp, oldlenp, 0, 0])),
      devname: (dev, type) => cString(devname([Number(dev), type])),
      errno: () => lastErrno,
    };
  },

  loadLibkvm(path: string): KvmApi {
    const lib = openLibrary(path);
    const { I32, U64, U8Array, String: Str, External } = DataType;
    const openfiles = bind(lib, path, 'kvm_openfiles', External, [U64, Str, U64, I32, U8Array]);
    const getswapinfo = bind(lib, path, 'kvm_getswapinfo', I32, [External, U8Array, I32, I32]);
    const close = bind(lib, path, 'kvm_close', I32, [External]);
    const geterr = bind(lib, path, 'kvm_geterr', External, [External]);
    return {
      openfiles(corefile, errbuf) {
        const kd = openfiles([0, corefile, 0, O_RDONLY, errbuf]);
        return ffi.isNullPointer(kd as import('ffi-rs').JsExternal) ? null : (kd as KvmHandle);
      },
      getswapinfo(kd, max, flags) {
        const ary = Buffer.alloc(max * KVM_SWAP.size);
        const count = getswapinfo([kd, ary, max, flags]) as number;
        if (count < 0) return null;
        const rows: KvmSwapRow[] = [];
        for (let i = 0; i <= Math.min(count, max - 1); i++) rows.push(decodeKvmSwap(ary, i));
        return { count, rows };
      },
      close: (kd) => close([kd]) as number,
      geterr: (kd) => cString(geterr([kd])) ?? '',
    };
  },
};
