import { StatError } from '../errors.js';
import type { CType, FfiDriver, NativeLibrary } from './driver.js';

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
};

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
      func(name, result, params) {
        try {
          return lib.func(
            name,
            KOFFI_TYPES[result],
            params.map((p) => KOFFI_TYPES[p]),
          ) as (...args: unknown[]) => unknown;
        } catch (err) {
          throw new StatError('LIBRARY', path, `${path} lacks ${name}(): ${(err as Error).message}`, undefined, { cause: err });
        }
      },
    };
  },

  errno: () => koffi.errno(),
};
