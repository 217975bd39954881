import type { ContainerMemStats } from '../../types/container.js';
import type { MemStats } from '../../types/mem.js';
import type { MemPressure, PressureFigures } from '../../types/pressure.js';
import type { SwapStats } from '../../types/swap.js';
import { type Extras, figure, type Format, viewOf } from './render.js';

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

/** The container's rows: where it is, its limit and who sets it, working set, peak, OOM kills. */
export function containerRows(c: ContainerMemStats): AllRow[] {
  const rows: AllRow[] = [];
  const add = (field: string, bytes: number | undefined, description: string) => {
    if (bytes !== undefined) rows.push({ field, bytes, description });
  };
  const text = (field: string, value: string, description: string) => rows.push({ field, text: value, description });
  const where = c.kind === 'jail' ? 'jail' : 'cgroup';
  text(where, c.path === undefined ? c.kind : `${c.path} (${c.kind})`, c.kind === 'jail' ? 'the jail this is about' : "this process's cgroup, as /proc/self/cgroup names it");
  if (c.limit === undefined) text(`${where} limit`, 'none', c.kind === 'jail' ? 'no jail-wide memoryuse:deny rule (or RACCT unavailable)' : "no memory limit up to the mount's root");
  else add(`${where} limit`, c.limit, c.limitPath === undefined ? 'smallest limit, set above what this mount shows' : `smallest limit up the tree, set by ${c.limitPath}`);
  add(`${where} high`, c.high, 'throttle point (memory.high): reclaim, no OOM kill');
  add(`${where} usage`, c.usage, c.kind === 'jail' ? 'resident memory of the jail (RACCT memoryuse)' : 'charged to the cgroup, page cache included');
  add('working set', c.workingSet, 'usage minus inactive file cache (kubelet, OOM)');
  add(`${where} available`, c.available, 'min(limit − working set, host available)');
  add(`${where} anon`, c.anon, 'anonymous memory');
  add(`${where} file`, c.file, 'page cache, tmpfs included');
  add(`${where} kernel`, c.kernel, 'kernel memory charged to it');
  add(`${where} peak`, c.peak, 'highest usage recorded');
  add(`${where} swap limit`, c.swap?.limit, 'smallest swap limit up the tree');
  add(`${where} swap used`, c.swap?.usage, 'swap in use by it');
  if (c.events?.oomKill !== undefined) text('OOM kills', String(c.events.oomKill), 'processes the OOM killer ended here');
  if (c.events?.max !== undefined) text('limit hits', String(c.events.max), c.kind === 'cgroup1' ? 'times usage hit the limit (failcnt)' : 'times usage was about to pass memory.max');
  return rows;
}

/** The pressure rows: some and full, as percentages of the last 10, 60 and 300 s. */
export function pressureRows(p: MemPressure | undefined): AllRow[] {
  if (p === undefined) return [{ field: 'pressure', text: 'not available', description: 'no pressure signal on this system' }];
  const figures = (f: PressureFigures) => `${f.avg10.toFixed(2)}% ${f.avg60.toFixed(2)}% ${f.avg300.toFixed(2)}%`;
  const rows: AllRow[] = [];
  if (p.level !== undefined) rows.push({ field: 'pressure', text: p.level, description: "the kernel's own verdict (Activity Monitor's graph)" });
  if (p.some) rows.push({ field: 'pressure some', text: figures(p.some), description: 'avg10 avg60 avg300: some tasks waited for memory' });
  if (p.full) rows.push({ field: 'pressure full', text: figures(p.full), description: 'avg10 avg60 avg300: all tasks waited (thrashing)' });
  return rows;
}

/**
 * Every field this platform reports, in a fixed order; absent fields are
 * left out. With `arc`, used/free/cache are those of the bars' --arc view
 * (reclaimable ARC counted as cache); with `total`, memory and swap summed;
 * then the container's and the pressure rows, where `extras` has them.
 */
export function allRows(mem: MemStats, swap: SwapStats, options: Pick<AllOptions, 'total' | 'arc'> = { total: false, arc: false }, extras: Extras = {}): AllRow[] {
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
  add('compressed', mem.compressed, 'RAM the memory compressor occupies');
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
  if (extras.container) rows.push(...containerRows(extras.container));
  if ('pressure' in extras) rows.push(...pressureRows(extras.pressure));
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
/** The widest a text value (not a figure) is shown before it wraps. */
const MAX_TEXT_VALUE = 24;

/**
 * The -a table, drawn by cli-table3 (loaded only for -a), no wider than
 * `options.width`: the meaning column takes what the field and value
 * columns leave and wraps; a field (a long swap device path) wraps only
 * when the meaning column would fall below 20 characters.
 */
export function renderAll(mem: MemStats, swap: SwapStats, format: Format, colorOn: boolean, options: AllOptions = { width: 80, total: false, arc: false }, extras: Extras = {}): string {
  const Table = require('cli-table3') as typeof import('cli-table3');
  const head = ['field', format.human ? 'size' : UNIT_TITLES[format.unit], 'meaning'] as const;
  const rows = allRows(mem, swap, options, extras);
  const cells = rows.map((r) => {
    const value = r.text ?? (r.ofBytes === undefined ? figure(r.bytes!, format) : `${figure(r.bytes!, format)} / ${figure(r.ofBytes, format)}`);
    return [r.field, value, r.description] as const;
  });
  const widest = (i: 0 | 1 | 2) => Math.max(head[i].length, ...cells.map((c) => c[i].length));
  // Figures set the value column; a text value (a cgroup path) may be wrapped
  // to MAX_TEXT_VALUE rather than squeeze the meanings.
  const figureWidth = Math.max(head[1].length, ...cells.filter((_, i) => rows[i]!.text === undefined).map((c) => c[1].length));
  const valueWidth = Math.max(figureWidth, Math.min(widest(1), MAX_TEXT_VALUE));
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
  for (const [field, value, meaning] of cells) table.push([wrap(field, fieldWidth), wrap(value, valueWidth), wrap(meaning, meaningWidth)]);
  // cli-table3 draws the head rule and the row rules from the same 'mid'
  // characters, so the rule under the head is the top border re-jointed.
  const lines = table.toString().split('\n');
  const headRule = (lines[0] ?? '').replace('┌', '├').replace(/┬/g, '┼').replace('┐', '┤');
  lines.splice(2, 0, headRule);
  return `${lines.join('\n')}\n`;
}
