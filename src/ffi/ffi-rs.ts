import { StatError } from '../errors.js';
import type { CType, FfiDriver, Handle, NativeLibrary } from './driver.js';

/*
 * The ffi-rs driver: the second FFI package, for the platforms it ships
 * binaries for (Linux, macOS, Windows; no BSD). Buffers go as U8Array,
 * which ffi-rs hands to C in place. ffi-rs has no NULL pointer value, so a
 * `null` parameter is passed as a 64-bit zero (what NULL is on every LP64
 * ABI ffi-rs supports), and a u16 as an i32 (the same register). Every call
 * asks for errno, which ffi-rs returns beside the value.
 */

type FfiRs = typeof import('ffi-rs');

function loadFfiRs(): FfiRs {
  const bsd = ({ freebsd: 'FreeBSD', openbsd: 'OpenBSD' } as Record<string, string>)[process.platform];
  if (bsd !== undefined) {
    throw new StatError('LIBRARY', 'ffi-rs', `ffi-rs ships no ${bsd} binaries: use the koffi driver (unset SYSGRAB_FFI or pass ffi: "koffi")`);
  }
  try {
    return require('ffi-rs') as FfiRs;
  } catch (err) {
    throw new StatError('LIBRARY', 'ffi-rs', `cannot load the ffi-rs FFI package (${(err as Error).message.split('\n')[0]}): install it with "npm install ffi-rs", or use koffi`, undefined, {
      cause: err,
    });
  }
}

const ffi = loadFfiRs();
const { DataType } = ffi;

const FFI_RS_TYPES: Record<CType, number> = {
  int: DataType.I32,
  uint: DataType.U32,
  u16: DataType.I32,
  int64: DataType.I64,
  uint64: DataType.U64,
  size_t: DataType.U64,
  buffer: DataType.U8Array,
  null: DataType.U64,
  cstring: DataType.String,
  handle: DataType.External,
  void: DataType.Void,
  callback: DataType.External,
};

type External = import('ffi-rs').JsExternal;
type Raw = (values: unknown[]) => { value: unknown; errnoCode: number };

let lastErrno = 0;
let opened = 0;

/** A C string behind a returned pointer, or null for NULL. */
function cString(ptr: External): string | null {
  if (ffi.isNullPointer(ptr)) return null;
  return ffi.restorePointer({ retType: [DataType.String], paramsValue: ffi.wrapPointer([ptr]) })[0] as unknown as string;
}

export const ffiRsDriver: FfiDriver = {
  name: 'ffi-rs',

  load(path: string): NativeLibrary {
    const library = `sysgrab${opened++}:${path}`;
    try {
      ffi.open({ library, path });
    } catch (err) {
      throw new StatError('LIBRARY', path, `cannot load ${path}: ${(err as Error).message}`, undefined, { cause: err });
    }
    return {
      path,
      func(name, result, params, options) {
        if (options?.stdcall && process.arch === 'ia32') {
          throw new StatError('LIBRARY', path, `${name}() is __stdcall, which ffi-rs cannot call on 32-bit x86: use the koffi driver`);
        }
        if (params.includes('callback')) {
          throw new StatError(
            'LIBRARY',
            path,
            `${name}() calls back into JavaScript for an answer, and ffi-rs cannot return a value from a callback to C (its callbacks run later, asynchronously): use the koffi driver (unset SYSGRAB_FFI or pass ffi: "koffi")`,
          );
        }
        // A returned C string is taken as a pointer and read here, so that a
        // NULL result is null rather than a crash.
        const retType = FFI_RS_TYPES[result === 'cstring' ? 'handle' : result];
        const raw = (ffi.define({ [name]: { library, retType, paramsType: params.map((p) => FFI_RS_TYPES[p]), errno: true } } as never) as Record<string, Raw>)[name]!;
        const nulls = params.map((p) => p === 'null');
        return (...args: unknown[]) => {
          for (let i = 0; i < nulls.length; i++) if (nulls[i]) args[i] = 0;
          let answer: { value: unknown; errnoCode: number };
          try {
            answer = raw(args);
          } catch (err) {
            throw new StatError('LIBRARY', path, `cannot call ${name}() in ${path}: ${(err as Error).message}`, undefined, { cause: err });
          }
          lastErrno = answer.errnoCode;
          const value = answer.value;
          if (result === 'cstring') return cString(value as External);
          if (result === 'handle') return ffi.isNullPointer(value as External) ? null : (value as Handle);
          return value;
        };
      },
    };
  },

  errno: () => lastErrno,

  callbacks: false,
};
