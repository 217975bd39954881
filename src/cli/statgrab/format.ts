/*
 * statgrab(1) 0.92.1's printf formats (src/statgrab/statgrab.c
 * print_stat_value), exactly as glibc prints them. `%f` is the subtle one:
 * glibc rounds the double's exact binary value to 6 decimals, ties to even;
 * Number.prototype.toFixed does not ((0.0078125).toFixed(6) is "0.007813",
 * printf gives "0.007812"), so the expansion is done here with BigInt.
 */

/** The kinds of values statgrab prints, after its stat_type. */
export type StatType = 'int' | 'uint' | 'ull' | 'bytes' | 'time' | 'double' | 'string' | 'bool' | 'duplex';

const TWO52 = 2n ** 52n;

/** A finite double as an exact fraction: numerator / 2^exp2 (exp2 >= 0) or numerator * 2^-exp2. */
function exact(x: number): { num: bigint; shift: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exponent = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exponent === 0) return { num: mantissa, shift: 1074n }; // subnormal: m * 2^-1074
  mantissa += TWO52;
  // value = mantissa * 2^(exponent - 1075)
  return { num: mantissa, shift: BigInt(1075 - exponent) };
}

/** C's `%.{digits}f` of a double, glibc's way (exact value, round half to even). */
export function printfF(x: number, digits = 6): string {
  if (Number.isNaN(x)) return '-nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const negative = x < 0 || Object.is(x, -0);
  const { num, shift } = exact(Math.abs(x));
  const scale = 10n ** BigInt(digits);
  // scaled = |x| * 10^digits, as num * scale / 2^shift, rounded half to even.
  let q: bigint;
  if (shift <= 0n) q = num * scale * 2n ** -shift;
  else {
    const den = 2n ** shift;
    const n = num * scale;
    q = n / den;
    const r = n - q * den;
    const twice = 2n * r;
    if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  }
  const s = q.toString().padStart(digits + 1, '0');
  const body = digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return negative ? `-${body}` : body;
}

const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

/** `%ld` of `(long)(factor * v)`: statgrab's -f. C truncates toward zero; out of range (UB in C) is clamped. */
export function printfScaled(factor: number, v: number): string {
  const product = factor * v;
  if (Number.isNaN(product)) return '0';
  if (!Number.isFinite(product)) return String(product > 0 ? LONG_MAX : LONG_MIN);
  const t = BigInt(Math.trunc(product));
  return String(t > LONG_MAX ? LONG_MAX : t < LONG_MIN ? LONG_MIN : t);
}

/** statgrab's -K/-M/-G: `v >>= shift - 1; v++; v >>= 1`, which is v / 2^shift rounded half up. */
export function scaleBytes(v: number, shift: number): number {
  if (shift === 0) return v;
  const b = BigInt(Math.max(0, Math.trunc(v)));
  return Number(((b >> BigInt(shift - 1)) + 1n) >> 1n);
}

/** An integer as `%d`, `%u`, `%llu`, `%ld` print it. */
export function printfInt(v: number): string {
  return Number.isSafeInteger(v) ? String(v) : BigInt(Math.trunc(v)).toString();
}

/** How statgrab prints a value of `type`, given -f and -K/-M/-G. */
export function formatValue(type: StatType, value: number | string | boolean, floatFactor: number, bytesShift: number): string {
  switch (type) {
    case 'string':
      return String(value);
    case 'bool':
      return value ? 'true' : 'false';
    case 'duplex':
      return String(value);
    case 'double':
      return floatFactor !== 0 ? printfScaled(floatFactor, value as number) : printfF(value as number);
    case 'bytes':
      return printfInt(scaleBytes(value as number, bytesShift));
    default:
      return printfInt(value as number);
  }
}
