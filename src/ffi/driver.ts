import type { FfiName } from '../types/options.js';

/*
 * One interface over the FFI packages. A platform declares each C function
 * once, in the small type vocabulary below, and decodes every struct from
 * raw bytes with its own abi.ts: no struct is described twice, and koffi and
 * ffi-rs run exactly the same logic above this line.
 */

/**
 * The C types sysgrab passes and returns.
 * - integers: `int` (i32), `uint` (u32), `u16`, `int64`, `uint64`, `size_t`;
 * - `buffer`: a Buffer passed as `void *`, which the callee reads or writes
 *   in place (never NULL);
 * - `null`: a pointer parameter that sysgrab always passes as NULL (pass `null`);
 * - `cstring`: `const char *` from a JS string; as a result, a string or null;
 * - `handle`: an opaque pointer (`kvm_t *`, `HANDLE`) returned and passed
 *   back unchanged; a NULL result is `null`;
 * - `void`: no result.
 */
export type CType = 'int' | 'uint' | 'u16' | 'int64' | 'uint64' | 'size_t' | 'buffer' | 'null' | 'cstring' | 'handle' | 'void';

/** An opaque pointer; only its driver knows what is inside. */
export type Handle = object;

/** A declared C function: numbers for integer results, string | null for cstring, Handle | null for handle. */
export type CFunction = (...args: unknown[]) => unknown;

export interface NativeLibrary {
  /** The path it was loaded from, for errors. */
  readonly path: string;
  /**
   * Declare `name` with its result and parameter types.
   * @throws StatError `LIBRARY` when the library lacks the symbol (or, for
   *   drivers that bind lazily, on the first call).
   */
  func(name: string, result: CType, params: readonly CType[]): CFunction;
}

export interface FfiDriver {
  readonly name: FfiName;
  /** @throws StatError `LIBRARY` when the library cannot be loaded. */
  load(path: string): NativeLibrary;
  /** errno as the last call through this driver left it. */
  errno(): number;
}
