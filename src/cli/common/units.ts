/*
 * Figures in units, for every command: whole units truncated after the
 * arithmetic is done in bytes (as freecolor and statgrab do), or procps-style
 * suffixes.
 */

export type Unit = 'b' | 'k' | 'm' | 'g';

export const DIVISORS: Record<Unit, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Whole units, truncated. */
export function inUnit(bytes: number, unit: Unit): number {
  return Math.floor(bytes / DIVISORS[unit]);
}

const SUFFIXES = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'];

/** Round to the nearest integer, a tie to the even one (as C's printf rounds). */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Sizes with procps-ng 4's `free -h` suffixes (B, Ki, Mi, Gi, Ti, Pi) and
 * layout: at most three digits, one decimal below 10 (`7.6Gi`), whole from
 * 10 to 999 (`15Gi`), bytes only below 1000 (`999B`); the unit is the
 * smallest whose rounded figure is below 1000.
 *
 * Unlike procps, figures are ROUNDED (to nearest, ties to even) where procps
 * truncates its whole figures: free -h prints 9.96 GiB as `9Gi` (its
 * one-decimal form "10.0Gi" is too wide, and the fallback truncates) and
 * 15.6 GiB as `15Gi`; this prints `10Gi` and `16Gi`. Rounding keeps order,
 * so a free figure never prints larger than its total.
 */
export function human(bytes: number): string {
  if (bytes < 1000) return `${bytes}B`;
  let divisor = 1;
  for (const suffix of SUFFIXES) {
    divisor *= 1024;
    const tenths = roundHalfEven((bytes * 10) / divisor);
    if (tenths < 100) return `${Math.floor(tenths / 10)}.${tenths % 10}${suffix}`;
    const whole = roundHalfEven(bytes / divisor);
    if (whole < 1000) return `${whole}${suffix}`;
  }
  return `${roundHalfEven(bytes / divisor)}Pi`;
}
