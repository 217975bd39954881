import { StatError } from '../errors.js';
import type { LoadStats } from '../types/load.js';

/*
 * /proc/loadavg: `0.21 0.37 0.39 1/719 19737` (1, 5 and 15 minute averages,
 * runnable/total tasks, last pid). The kernel rounds its 11-bit fixed-point
 * averages to 2 decimals here; sysinfo(2), which glibc's getloadavg() and so
 * libstatgrab use, gives them to 1/2048.
 */

const NUMBER = /^\d+(\.\d+)?$/;

/** @throws StatError `PARSE` unless the file starts with three decimal numbers. */
export function loadFromLoadavg(text: string, path: string): LoadStats {
  const [a, b, c] = text.trim().split(/\s+/);
  if (a === undefined || b === undefined || c === undefined || !NUMBER.test(a) || !NUMBER.test(b) || !NUMBER.test(c)) {
    throw new StatError('PARSE', path, `cannot parse ${path}: it does not start with three load averages`);
  }
  return { min1: Number(a), min5: Number(b), min15: Number(c) };
}
