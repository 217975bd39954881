import type { MemStats } from '../../types/mem.js';
import type { SwapStats } from '../../types/swap.js';
import { figure, type Format, viewOf } from './render.js';

/** One row of the -a table: the field, its value in bytes (or a text), what it means. */
export interface AllRow {
  field: string;
  /** Bytes; undefined when the value is not known (`text` says so). */
  bytes?: number;
  /** For a swap device: its size, shown as "used / total". */
  ofBytes?: number;
  /** Shown instead of a figure. */
  text?: string;
  description: string;
}

/** What the -a table adds on request: -t's totals, --arc's view of the ARC. */
export interface AllOptions {
  /** The widest line allowed: the terminal's columns, or 80. */
  width: number;
  total: boolean;
  arc: boolean;
}

/**
 * Every field this platform reports, in a fixed order; absent fields are
 * left out. With `arc`, used/free/cache are those of the bars' --arc view
 * (reclaimable ARC counted as cache); with `total`, memory and swap summed.
 */
export function allRows(mem: MemStats, swap: SwapStats, options: Pick<AllOptions, 'total' | 'arc'> = { total: false, arc: false }): AllRow[] {
  const rows: AllRow[] = [];
  const add = (field: string, bytes: number | undefined, description: string) => {
    if (bytes !== undefined) rows.push({ field, bytes, description });
  };
  const view = viewOf(mem, swap, options.arc);
  const arcNote = options.arc && mem.arc ? ', reclaimable ARC counted as cache (--arc)' : '';
  add('total', mem.total, 'physical memory the kernel manages');
  add('used', view.memTotal - view.memFree, `total - free (libstatgrab)${arcNote}`);
  add('free', view.memFree, `libstatgrab's free: counts page cache, tmpfs and inactive pages${arcNote}`);
  add('available', mem.available, 'what new work can get without swapping: the figure for guards');
  add('cache', view.memCache, `page cache (libstatgrab meaning)${arcNote}`);
  add('buffers', mem.buffers, 'block device buffers');
  add('shared', mem.shared, 'shared memory and tmpfs');
  add('active', mem.active, 'recently used pages');
  add('inactive', mem.inactive, 'not recently used, reclaimed first');
  add('wired', mem.wired, 'locked in RAM, kernel and ZFS ARC included');
  add('laundry', mem.laundry, 'dirty pages waiting to be written to swap');
  add('arc size', mem.arc?.size, 'ZFS ARC now (inside wired)');
  add('arc min', mem.arc?.min, 'ZFS ARC floor');
  add('arc max', mem.arc?.max, 'ZFS ARC ceiling');
  add('swap total', swap.total, 'all swap devices');
  add('swap used', swap.used, 'swap in use');
  add('swap free', swap.free, 'swap not in use');
  if (swap.devices === undefined) {
    rows.push({ field: 'swap devices', text: 'unknown', description: 'the list of swap devices could not be read (Linux: /proc/swaps unreadable or malformed)' });
  }
  for (const device of swap.devices ?? []) {
    rows.push({ field: device.name, bytes: device.used, ofBytes: device.total, description: 'swap device: used / size' });
  }
  if (options.total) {
    add('all total', mem.total + swap.total, 'memory + swap (-t)');
    add('all used', view.memTotal - view.memFree + swap.used, 'memory + swap used (-t)');
    add('all free', view.memFree + swap.free, 'memory + swap free (-t)');
  }
  return rows;
}

/**
 * `text` broken into lines of at most `width` characters: at spaces where
 * possible, inside a word that is longer than a line.
 */
export function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

const UNIT_TITLES = { b: 'bytes', k: 'KiB', m: 'MiB', g: 'GiB' } as const;
/** Borders and padding of a three-column table: 4 rules and 2 spaces per cell. */
const TABLE_CHROME = 4 + 3 * 2;
/** The narrowest the meaning column gets before the field column is wrapped instead. */
const MIN_MEANING = 20;

/**
 * The -a table, drawn by cli-table3 (loaded only for -a), no wider than
 * `options.width`: the meaning column takes what the field and value
 * columns leave and wraps; a field (a long swap device path) wraps only
 * when the meaning column would fall below 20 characters.
 */
export function renderAll(mem: MemStats, swap: SwapStats, format: Format, colorOn: boolean, options: AllOptions = { width: 80, total: false, arc: false }): string {
  const Table = require('cli-table3') as typeof import('cli-table3');
  const head = ['field', format.human ? 'size' : UNIT_TITLES[format.unit], 'meaning'] as const;
  const cells = allRows(mem, swap, options).map((r) => {
    const value = r.text ?? (r.ofBytes === undefined ? figure(r.bytes!, format) : `${figure(r.bytes!, format)} / ${figure(r.ofBytes, format)}`);
    return [r.field, value, r.description] as const;
  });
  const widest = (i: 0 | 1 | 2) => Math.max(head[i].length, ...cells.map((c) => c[i].length));
  const valueWidth = widest(1);
  let fieldWidth = widest(0);
  let meaningWidth = Math.min(widest(2), options.width - TABLE_CHROME - fieldWidth - valueWidth);
  if (meaningWidth < MIN_MEANING) {
    meaningWidth = Math.min(widest(2), MIN_MEANING);
    fieldWidth = Math.max(head[0].length, options.width - TABLE_CHROME - valueWidth - meaningWidth);
  }
  const table = new Table({
    head: [...head],
    colAligns: ['left', 'right', 'left'],
    // One rule under the head, none between rows: a listing, not a grid.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    // cli-table3 colours its head and borders itself; follow the colour decision.
    style: colorOn ? {} : { head: [], border: [] },
  });
  for (const [field, value, meaning] of cells) table.push([wrap(field, fieldWidth), value, wrap(meaning, meaningWidth)]);
  // cli-table3 draws the head rule and the row rules from the same 'mid'
  // characters, so the rule under the head is the top border re-jointed.
  const lines = table.toString().split('\n');
  const headRule = (lines[0] ?? '').replace('┌', '├').replace(/┬/g, '┼').replace('┐', '┤');
  lines.splice(2, 0, headRule);
  return `${lines.join('\n')}\n`;
}
