import { StatError } from '../errors.js';
import type { LoadStats } from '../types/load.js';

/*
 * /proc/loadavg: `0.21 0.37 0.39 1/719 19737` (1, 5 and 15 minute averages,
 * runnable/total tasks, last pid). The kernel rounds its 11-bit fixed-point
 * averages to 2 decimals here; sysinfo(2), which glibc's getloadavg() and so
 * libstatgrab use, gives them to 1/2048.
 */

/** Three decimal numbers at the start of `b`, as loadFromLoadavg() reads them from text, without making a string. */
export function loadFromBytes(b: Uint8Array, length: number, path: string): LoadStats {
  const out = [0, 0, 0];
  let pos = 0;
  for (let i = 0; i < 3; i++) {
    while (pos < length && (b[pos] === 0x20 || b[pos] === 0x09)) pos++;
    const start = pos;
    let v = 0;
    while (pos < length && b[pos]! >= 0x30 && b[pos]! <= 0x39) v = v * 10 + (b[pos++]! - 0x30);
    let ok = pos > start;
    if (ok && b[pos] === 0x2e) {
      pos++;
      const fracStart = pos;
      let frac = 0;
      let scale = 1;
      while (pos < length && b[pos]! >= 0x30 && b[pos]! <= 0x39) {
        frac = frac * 10 + (b[pos++]! - 0x30);
        scale *= 10;
      }
      ok = pos > fracStart;
      // One correctly rounded division of two exact integers: the double Number("v.ff") gives.
      v = (v * scale + frac) / scale;
    }
    if (!ok || (pos < length && b[pos] !== 0x20 && b[pos] !== 0x09 && b[pos] !== 0x0a)) {
      throw new StatError('PARSE', path, `cannot parse ${path}: it does not start with three load averages`);
    }
    out[i] = v;
  }
  return { min1: out[0]!, min5: out[1]!, min15: out[2]! };
}
