import { StatError } from '../errors.js';
import type { MemPressure, PressureFigures } from '../types/pressure.js';

/*
 * Pressure stall information (Documentation/accounting/psi.rst):
 *
 *   some avg10=0.00 avg60=0.00 avg300=0.31 total=14921735
 *   full avg10=0.00 avg60=0.00 avg300=0.06 total=3398274
 *
 * in /proc/pressure/memory (the whole machine) and in every cgroup2
 * directory's memory.pressure (that cgroup). avgN are percentages, total is
 * cumulative stall time in microseconds. memoryPressureFrom() is pure.
 */

const FIELDS = ['avg10', 'avg60', 'avg300', 'total'] as const;
/** A two-decimal percentage, or the microsecond total. */
const NUMBER = /^\d+(\.\d+)?$/;

function lineFigures(line: string, kind: string, path: string): PressureFigures {
  const parts = line
    .slice(kind.length + 1)
    .trim()
    .split(/\s+/);
  const figures: Partial<PressureFigures> = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq) as (typeof FIELDS)[number];
    const text = part.slice(eq + 1);
    if (eq <= 0 || !FIELDS.includes(key)) continue; // a field a later kernel adds
    if (!NUMBER.test(text) || (key === 'total' && text.includes('.'))) {
      throw new StatError('PARSE', path, `cannot parse ${path}: the "${kind}" line's ${key} is "${text}", not a number`);
    }
    figures[key] = Number(text);
  }
  for (const key of FIELDS) {
    if (figures[key] === undefined) throw new StatError('PARSE', path, `cannot parse ${path}: the "${kind}" line has no ${key}`);
  }
  return figures as PressureFigures;
}

/**
 * The `some` and `full` lines of a memory pressure file.
 * @throws StatError `PARSE` naming the file when a line is missing or malformed.
 */
export function memoryPressureFrom(text: string, path: string): MemPressure {
  let some: PressureFigures | undefined;
  let full: PressureFigures | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('some ')) some = lineFigures(line, 'some', path);
    else if (line.startsWith('full ')) full = lineFigures(line, 'full', path);
  }
  if (some === undefined || full === undefined) {
    throw new StatError('PARSE', path, `cannot parse ${path}: it has no "${some === undefined ? 'some' : 'full'}" line (expected "some avg10=… avg60=… avg300=… total=…" and a "full" line)`);
  }
  return { some, full };
}
