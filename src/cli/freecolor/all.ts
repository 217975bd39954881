import type { ContainerMemStats } from '../../types/container.js';
import type { MemStats } from '../../types/mem.js';
import type { MemPressure, PressureFigures } from '../../types/pressure.js';
import type { SwapStats } from '../../types/swap.js';
import { type Extras, figure, type Format } from './render.js';

/** One row of the -a table: the field, its value in bytes, what it means. */
export interface AllRow {
  field: string;
  /** The figure in bytes; for a row that is not a size, `text` instead. */
  bytes: number;
  /** What to show instead of a size (a count, percentages, "none"). */
  text?: string;
  /** For a swap device: its size, shown as "used / total". */
  ofBytes?: number;
  description: string;
}

/** The container's rows: where it is, its limit and who sets it, working set, peak, OOM kills. */
export function containerRows(c: ContainerMemStats): AllRow[] {
  const rows: AllRow[] = [];
  const add = (field: string, bytes: number | undefined, description: string) => {
    if (bytes !== undefined) rows.push({ field, bytes, description });
  };
  const text = (field: string, value: string, description: string) => rows.push({ field, bytes: 0, text: value, description });
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
  if (p === undefined) return [{ field: 'pressure', bytes: 0, text: 'not available', description: 'no pressure signal on this system' }];
  const figures = (f: PressureFigures) => `${f.avg10.toFixed(2)}% ${f.avg60.toFixed(2)}% ${f.avg300.toFixed(2)}%`;
  const rows: AllRow[] = [];
  if (p.level !== undefined) rows.push({ field: 'pressure', bytes: 0, text: p.level, description: "the kernel's own verdict (Activity Monitor's graph)" });
  if (p.some) rows.push({ field: 'pressure some', bytes: 0, text: figures(p.some), description: 'avg10 avg60 avg300: some tasks waited for memory' });
  if (p.full) rows.push({ field: 'pressure full', bytes: 0, text: figures(p.full), description: 'avg10 avg60 avg300: all tasks waited (thrashing)' });
  return rows;
}

/** Every field this platform reports, in a fixed order; absent fields are left out. */
export function allRows(mem: MemStats, swap: SwapStats, extras: Extras = {}): AllRow[] {
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
  if (extras.container) rows.push(...containerRows(extras.container));
  if ('pressure' in extras) rows.push(...pressureRows(extras.pressure));
  return rows;
}

const UNIT_TITLES = { b: 'bytes', k: 'KiB', m: 'MiB', g: 'GiB' } as const;

/** The -a table, drawn by cli-table3 (loaded only for -a). */
export function renderAll(mem: MemStats, swap: SwapStats, format: Format, colorOn: boolean, extras: Extras = {}): string {
  const Table = require('cli-table3') as typeof import('cli-table3');
  const table = new Table({
    head: ['field', format.human ? 'size' : UNIT_TITLES[format.unit], 'meaning'],
    colAligns: ['left', 'right', 'left'],
    // One rule under the head, none between rows: a listing, not a grid.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    // cli-table3 colours its head and borders itself; follow the colour decision.
    style: colorOn ? {} : { head: [], border: [] },
  });
  for (const r of allRows(mem, swap, extras)) {
    const value = r.text ?? (r.ofBytes === undefined ? figure(r.bytes, format) : `${figure(r.bytes, format)} / ${figure(r.ofBytes, format)}`);
    table.push([r.field, value, r.description]);
  }
  // cli-table3 draws the head rule and the row rules from the same 'mid'
  // characters, so the rule under the head is the top border re-jointed.
  const lines = table.toString().split('\n');
  const headRule = (lines[0] ?? '').replace('┌', '├').replace(/┬/g, '┼').replace('┐', '┤');
  lines.splice(2, 0, headRule);
  return `${lines.join('\n')}\n`;
}
