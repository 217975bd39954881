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

const SUFFIXES = ['K', 'M', 'G', 'T', 'P', 'E'];

/**
 * procps `free -h`: bytes below 1024 as `512B`, else the smallest binary
 * unit whose figure fits in four characters, with one decimal when it does
 * (`7.6G`), else whole (`15G`).
 */
export function human(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  let scaled = bytes;
  for (const suffix of SUFFIXES) {
    scaled /= 1024;
    const oneDecimal = `${scaled.toFixed(1)}${suffix}`;
    if (oneDecimal.length <= 4) return oneDecimal;
    const whole = `${Math.floor(scaled)}${suffix}`;
    if (whole.length <= 4) return whole;
  }
  return `${Math.floor(scaled)}E`;
}
