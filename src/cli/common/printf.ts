/**
 * C's `%.Nf` as glibc prints it: the exact binary value of the double,
 * rounded half to even (JS toFixed rounds exact ties away from zero:
 * (0.125).toFixed(2) is "0.13", printf("%.2f", 0.125) is "0.12").
 */
export function fixedC(x: number, digits: number): string {
  if (Number.isNaN(x)) return '-nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  // a = mantissa × 2^exp exactly.
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, a);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mantissa |= 1n << 52n;
    exp = biased - 1075;
  }
  const scale = 10n ** BigInt(digits);
  let q: bigint;
  if (exp >= 0) q = (mantissa << BigInt(exp)) * scale;
  else {
    const num = mantissa * scale;
    const den = 1n << BigInt(-exp);
    q = num / den;
    const twice = 2n * (num - q * den);
    if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  }
  let s = q.toString().padStart(digits + 1, '0');
  if (digits > 0) s = `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return negative ? `-${s}` : s;
}

/** `%W.Nf`: right-aligned in W columns. */
export function fmtF(x: number, width: number, digits: number): string {
  return fixedC(x, digits).padStart(width);
}
