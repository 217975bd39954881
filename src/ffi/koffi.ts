import { StatError } from '../errors.js';
import type { CallbackParam, CallbackSpec, CType, FfiDriver, NativeLibrary } from './driver.js';

/*
 * The koffi driver: the default, and the only one on the BSDs (koffi ships
 * their binaries). Buffers are passed as `void *`, which koffi hands to C
 * without copying, so results land in place.
 */

type Koffi = typeof import('koffi', { with: { 'resolution-mode': 'require' }});

function loadKoffi(): Koffi {
  try {
    return require('koffi') as Koffi;
  } catch (err) {
    throw new StatError('LIBRARY', 'koffi', `cannot load the koffi FFI package (${(err as Error).message.split('\n')[0]}): install it with "npm install koffi"`, undefined, { cause: err });
  }
}

const koffi = loadKoffi();

const KOFFI_TYPES: Record<CType, string> = {
  int: 'int',
  uint: 'unsigned int',
  u16: 'uint16_t',
  int64: 'int64_t',
  uint64: 'uint64_t',
  size_t: 'size_t',
  buffer: 'void *',
  null: 'void *',
  cstring: 'const char *',
  handle: 'void *',
  void: 'void',
  callback: 'void *', // replaced by the prototype's pointer type in func()
};

/**
 * Callback prototypes by name: koffi keeps type names process-wide, so each
 * is declared once whatever library uses it.
 */
const prototypes = new Map<string, unknown>();

function prototypeOf(spec: CallbackSpec, stdcall: boolean): unknown {
  let type = prototypes.get(spec.name);
  if (type === undefined) {
    const params = spec.params.map((p) => (p === 'wstring' ? 'const char16_t *' : 'void *'));
    type = koffi.pointer(koffi.proto(stdcall ? '__stdcall' : '__cdecl', `sysgrab_${spec.name}`, 'int', params));
    prototypes.set(spec.name, type);
  }
  return type;
}

/** `uint8_t[n]` decoded as a Uint8Array, by size. */
const byteArrays = new Map<number, unknown>();

/** What C passed, as CallbackParam says the JS function sees it. */
function decodeArgument(param: CallbackParam, value: unknown): unknown {
  if (param === 'handle' || param === 'wstring') return value ?? null;
  if (value === null || value === undefined) return null;
  // A copy (the pointer is only valid while the callback runs), by
  // koffi.decode: koffi.view's external ArrayBuffers are never given back
  // (koffi 3.3.4 on Node 20: 240 MB of RSS in 20 s of EnumPageFilesW calls).
  let type = byteArrays.get(param.bytes);
  if (type === undefined) byteArrays.set(param.bytes, (type = koffi.array('uint8_t', param.bytes, 'Typed')));
  const bytes = koffi.decode(value, type as never) as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const koffiDriver: FfiDriver = {
  name: 'koffi',

  load(path: string): NativeLibrary {
    let lib: ReturnType<Koffi['load']>;
    try {
      lib = koffi.load(path);
    } catch (err) {
      throw new StatError('LIBRARY', path, `cannot load ${path}: ${(err as Error).message}`, undefined, { cause: err });
    }
    return {
      path,
      func(name, result, params, options) {
        const stdcall = options?.stdcall === true;
        const spec = options?.callback;
        const at = params.indexOf('callback');
        if (at >= 0 && spec === undefined) throw new StatError('LIBRARY', path, `${name}() has a callback parameter but no prototype for it`);
        let fn: (...args: unknown[]) => unknown;
        try {
          const types = params.map((p) => (p === 'callback' ? prototypeOf(spec!, stdcall) : KOFFI_TYPES[p]));
          fn = (stdcall ? lib.func('__stdcall', name, KOFFI_TYPES[result], types as never) : lib.func(name, KOFFI_TYPES[result], types as never)) as (...args: unknown[]) => unknown;
        } catch (err) {
          throw new StatError('LIBRARY', path, `${path} lacks ${name}(): ${(err as Error).message}`, undefined, { cause: err });
        }
        if (at < 0) return fn;
        // One C callback for the function's life, registered once: a
        // transient one per call costs more than the call itself. It hands
        // each call's arguments to the JS function of the call in progress.
        const decode = spec!.params;
        let current: ((...a: unknown[]) => number) | undefined;
        const registered = koffi.register((...raw: unknown[]) => (current ? current(...raw.map((v, i) => decodeArgument(decode[i]!, v))) : 0), prototypeOf(spec!, stdcall) as never);
        return (...args: unknown[]) => {
          const outer = current; // a call made from inside the callback nests
          current = args[at] as (...a: unknown[]) => number;
          args[at] = registered;
          try {
            return fn(...args);
          } finally {
            current = outer;
          }
        };
      },
    };
  },

  errno: () => koffi.errno(),

  callbacks: true,
};
