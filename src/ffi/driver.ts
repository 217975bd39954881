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
 * - `void`: no result;
 * - `callback`: a parameter taking a JS function that C calls back during
 *   the call (its prototype in FuncOptions.callback); only drivers with
 *   `callbacks` can declare one.
 */
export type CType = 'int' | 'uint' | 'u16' | 'int64' | 'uint64' | 'size_t' | 'buffer' | 'null' | 'cstring' | 'handle' | 'void' | 'callback';

/**
 * A callback's parameter, as the JS function receives it:
 * - `handle`: an opaque pointer, passed through untouched (or null);
 * - `wstring`: a NUL-terminated UTF-16 string (`const wchar_t *` on
 *   Windows), as a string, or null;
 * - `{ bytes: n }`: a pointer to n bytes (a struct), as a copy in a Buffer,
 *   or null; valid after the callback returns.
 */
export type CallbackParam = 'handle' | 'wstring' | { readonly bytes: number };

/** A callback's prototype: it returns a C int (Windows' BOOL). */
export interface CallbackSpec {
  /** A name for the prototype, unique to it (`PENUM_PAGE_FILE_CALLBACKW`). */
  readonly name: string;
  readonly params: readonly CallbackParam[];
}

export interface FuncOptions {
  /** WINAPI: `__stdcall` on 32-bit x86 Windows, the one convention everywhere else. */
  readonly stdcall?: boolean;
  /** The prototype of the `callback` parameter. */
  readonly callback?: CallbackSpec;
}

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
   *   drivers that bind lazily, on the first call), or when a `callback`
   *   parameter is asked of a driver without `callbacks`.
   */
  func(name: string, result: CType, params: readonly CType[], options?: FuncOptions): CFunction;
}

export interface FfiDriver {
  readonly name: FfiName;
  /** @throws StatError `LIBRARY` when the library cannot be loaded. */
  load(path: string): NativeLibrary;
  /** errno as the last call through this driver left it. */
  errno(): number;
  /**
   * Can C call a JS function and use its result during a call? koffi: yes.
   * ffi-rs: no (its callbacks run later, as thread-safe functions, and
   * return nothing to C).
   */
  readonly callbacks: boolean;
}
