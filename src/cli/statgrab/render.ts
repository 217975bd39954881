import { formatValue } from './format.js';
import type { StatItem } from './keys.js';
import type { Emit } from './select.js';

/*
 * statgrab's output modes (statgrab.c print_stat), pure: the text of one
 * print for a list of selected stats.
 */

export type Display = 'linux' | 'bsd' | 'graphite' | 'mrtg' | 'plain' | 'json';

export interface RenderOptions {
  display: Display;
  /** -R's prefix (Graphite). */
  graphitePrefix: string | undefined;
  /** -f: doubles as integers scaled by this; 0 for %f. */
  floatFactor: number;
  /** -K/-M/-G: 10, 20, 30; 0 for bytes. */
  bytesShift: number;
}

/** Stat types Graphite's numeric format cannot carry: statgrab does not even collect them with -r/-R. */
export function graphiteDrops(item: StatItem): boolean {
  return item.type === 'string' || item.type === 'bool' || item.type === 'duplex';
}

function jsonValue(item: StatItem, o: RenderOptions): number | string | boolean {
  switch (item.type) {
    case 'string':
    case 'duplex':
      return String(item.value);
    case 'bool':
      return item.value === true;
    default: {
      const text = formatValue(item.type, item.value, o.floatFactor, o.bytesShift);
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
  }
}

/**
 * One print: stdout text and stderr text.
 * @param timestamp Graphite's third column: time(NULL) when the stats were read.
 */
export function render(emits: readonly Emit[], o: RenderOptions, timestamp: number): { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  // -j: one object per print, names as keys; a name printed twice (two
  // login records on one tty) holds an array of its values.
  const json: Record<string, number | string | boolean | (number | string | boolean)[]> = {};
  for (const e of emits) {
    if ('unknown' in e) {
      stderr += `Unknown stat ${e.unknown}\n`;
      continue;
    }
    const { item } = e;
    if (o.display === 'json') {
      const v = jsonValue(item, o);
      const had = json[item.name];
      json[item.name] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
      continue;
    }
    const value = formatValue(item.type, item.value, o.floatFactor, o.bytesShift);
    switch (o.display) {
      case 'linux':
        stdout += `${item.name} = ${value}\n`;
        break;
      case 'bsd':
        stdout += `${item.name}: ${value}\n`;
        break;
      case 'graphite':
        stdout += `${o.graphitePrefix === undefined ? '' : `${o.graphitePrefix}.`}${item.name} ${value} ${timestamp}\n`;
        break;
      default:
        stdout += `${value}\n`;
    }
  }
  if (o.display === 'json') stdout = `${JSON.stringify(json)}\n`;
  return { stdout, stderr };
}
