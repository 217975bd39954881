import type { MemStats } from '../../types/mem.js';
import type { SwapStats } from '../../types/swap.js';
import { figure, type Format } from './render.js';

/** One row of the -a table: the field, its value in bytes, what it means. */
export interface AllRow {
  field: string;
  bytes: number;
  /** For a swap device: its size, shown as "used / total". */
  ofBytes?: number;
  description: string;
}

/** Every field this platform reports, in a fixed order; absent fields are left out. */
export function allRows(mem: MemStats, swap: SwapStats): AllRow[] {
  const rows: AllRow[] = [];
  const add = (field: string, bytes: number | undefined, description: string) => {
    if (bytes !== undefined) rows.push({ field, bytes, description });
  };
  add('total', mem.total, 'physical memory the kernel manages');
  add('used', mem.used, 'total minus free (libstatgrab)');
  add('free', mem.free, 'not holding live data, cache included (libstatgrab)');
  add('available', mem.available, 'can be given to new work without swapping');
  add('cache', mem.cache, 'page cache (libstatgrab meaning)');
  add('buffers', mem.buffers, 'block device buffers');
  add('shared', mem.shared, 'shared memory and tmpfs');
  add('active', mem.active, 'recently used pages');
  add('inactive', mem.inactive, 'not recently used, reclaimable first');
  add('wired', mem.wired, 'locked in RAM, kernel and ZFS ARC included');
  add('laundry', mem.laundry, 'dirty pages waiting to be written to swap');
  add('compressed', mem.compressed, 'RAM the memory compressor occupies');
  add('arc size', mem.arc?.size, 'ZFS ARC now (inside wired)');
  add('arc min', mem.arc?.min, 'ZFS ARC floor');
  add('arc max', mem.arc?.max, 'ZFS ARC ceiling');
  add('swap total', swap.total, 'all swap devices');
  add('swap used', swap.used, 'swap in use');
  add('swap free', swap.free, 'swap not in use');
  for (const device of swap.devices ?? []) {
    rows.push({ field: device.name, bytes: device.used, ofBytes: device.total, description: 'swap device: used / size' });
  }
  return rows;
}

const UNIT_TITLES = { b: 'bytes', k: 'KiB', m: 'MiB', g: 'GiB' } as const;

/** The -a table, drawn by cli-table3 (loaded only for -a). */
export function renderAll(mem: MemStats, swap: SwapStats, format: Format, colorOn: boolean): string {
  const Table = require('cli-table3') as typeof import('cli-table3');
  const table = new Table({
    head: ['field', format.human ? 'size' : UNIT_TITLES[format.unit], 'meaning'],
    colAligns: ['left', 'right', 'left'],
    // One rule under the head, none between rows: a listing, not a grid.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    // cli-table3 colours its head and borders itself; follow the colour decision.
    style: colorOn ? {} : { head: [], border: [] },
  });
  for (const r of allRows(mem, swap)) {
    const value = r.ofBytes === undefined ? figure(r.bytes, format) : `${figure(r.bytes, format)} / ${figure(r.ofBytes, format)}`;
    table.push([r.field, value, r.description]);
  }
  // cli-table3 draws the head rule and the row rules from the same 'mid'
  // characters, so the rule under the head is the top border re-jointed.
  const lines = table.toString().split('\n');
  const headRule = (lines[0] ?? '').replace('┌', '├').replace(/┬/g, '┼').replace('┐', '┤');
  lines.splice(2, 0, headRule);
  return `${lines.join('\n')}\n`;
}
