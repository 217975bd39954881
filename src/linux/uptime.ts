import { StatError } from '../errors.js';

/*
 * /proc/uptime: `350735.47 234388.90` (seconds since boot, and idle seconds
 * summed over the CPUs), each with 2 decimals.
 */

const NUMBER = /^\d+(\.\d+)?$/;

/** Seconds since boot. @throws StatError `PARSE` unless the file starts with a decimal number. */
export function secondsFromUptime(text: string, path: string): number {
  const first = text.trimStart().split(/\s/, 1)[0] ?? '';
  if (!NUMBER.test(first)) throw new StatError('PARSE', path, `cannot parse ${path}: it does not start with the seconds since boot`);
  return Number(first);
}
