import { fmtF } from '../common/printf.js';

/*
 * saidar's screen as a pure function of the figures and the terminal size.
 * Every position, width and format is libstatgrab 0.92.1's saidar.c
 * (display_headings, display_data): the same labels at the same columns,
 * sizes through size_conv, percentages computed in single precision where
 * saidar uses float. Writes past the right or bottom edge are dropped, and
 * so is the bottom-right cell (curses never writes it: it would scroll).
 */

export type Colour = 'red' | 'green' | 'blue' | 'magenta' | 'cyan';
export interface Attr {
  colour?: Colour;
  bold?: boolean;
  standout?: boolean;
}
export interface Cell {
  ch: string;
  attr: Attr;
}

/** What one frame shows. A field left undefined is not drawn (its label stays). */
export interface SaidarFrame {
  hostname?: string;
  uptimeSeconds?: number;
  /** Local date and time, `YYYY-MM-DD HH:MM:SS` (saidar's strftime "%Y-%m-%d %T"). */
  dateTime?: string;
  load?: { min1: number; min5: number; min15: number };
  /** Percentages: idle; system = kernel + iowait + swap; user = user + nice. */
  cpu?: { idle: number; system: number; user: number };
  processes?: { running: number; sleeping: number; stopped: number; zombie: number; total: number };
  /** Login sessions (utmp records, not distinct users). */
  users?: number;
  mem?: { total: number; used: number; free: number };
  swap?: { total: number; used: number; free: number };
  paging?: { inPerSecond: number; outPerSecond: number };
  /** Rates undefined before the second sample. */
  disks?: { name: string; readPerSecond?: number; writePerSecond?: number }[];
  interfaces?: { name: string; rxPerSecond?: number; txPerSecond?: number }[];
  mounts?: { mntPoint: string; avail: number; used: number }[];
}

const PLAIN: Attr = {};

/** saidar.c size_conv: divide by 1024 while the next unit still shows 100 or more; "%llu%c". */
export function sizeConv(n: number): string {
  const units = 'BKMGTP';
  let v = Math.max(0, Math.floor(n));
  let x = 0;
  while (x < units.length - 1 && Math.floor(v / 1024) >= 100) {
    v = Math.floor(v / 1024);
    x++;
  }
  return `${v}${units[x]}`;
}

/** saidar.c hr_uptime: "%dd %02d:%02d:%02d", or "%02d:%02d:%02d" under a day. */
export function hrUptime(seconds: number): string {
  let sec = Math.max(0, Math.floor(seconds));
  const day = Math.floor(sec / 86400);
  sec %= 86400;
  const p = (v: number) => String(v).padStart(2, '0');
  const hms = `${p(Math.floor(sec / 3600))}:${p(Math.floor((sec % 3600) / 60))}:${p(sec % 60)}`;
  return day ? `${day}d ${hms}` : hms;
}

/** A rows × cols grid of cells. */
export class Screen {
  readonly cells: Cell[][];
  constructor(
    readonly rows: number,
    readonly cols: number,
  ) {
    this.cells = Array.from({ length: Math.max(0, rows) }, () => Array.from({ length: Math.max(0, cols) }, () => ({ ch: ' ', attr: PLAIN })));
  }

  put(row: number, col: number, text: string, attr: Attr = PLAIN): void {
    if (row < 0 || row >= this.rows) return;
    let c = col;
    for (const ch of text) {
      if (c >= this.cols) break;
      if (c >= 0 && !(row === this.rows - 1 && c === this.cols - 1)) this.cells[row]![c] = { ch, attr };
      c++;
    }
  }

  /** Each row's text, exactly `cols` characters. */
  lines(): string[] {
    return this.cells.map((r) => r.map((c) => c.ch).join(''));
  }
}

export interface RenderOptions {
  rows: number;
  cols: number;
  colour: boolean;
}

/** The whole screen for one frame. */
export function renderSaidar(f: SaidarFrame, o: RenderOptions): Screen {
  const s = new Screen(o.rows, o.cols);
  const a = (colour: Colour, bold = false, standout = false): Attr => (o.colour ? { colour, bold, standout } : PLAIN);
  const labels: [number, number, string][] = [
    [0, 0, 'Hostname  :'],
    [0, 27, 'Uptime : '],
    [0, 54, 'Date : '],
    [2, 0, 'Load 1    :'],
    [3, 0, 'Load 5    :'],
    [4, 0, 'Load 15   :'],
    [2, 21, 'CPU Idle  :'],
    [3, 21, 'CPU System:'],
    [4, 21, 'CPU User  :'],
    [2, 42, 'Running   :'],
    [3, 42, 'Sleeping  :'],
    [4, 42, 'Stopped   :'],
    [2, 62, 'Zombie    :'],
    [3, 62, 'Total     :'],
    [4, 62, 'No. Users :'],
    [6, 0, 'Mem Total :'],
    [7, 0, 'Mem Used  :'],
    [8, 0, 'Mem Free  :'],
    [6, 21, 'Swap Total:'],
    [7, 21, 'Swap Used :'],
    [8, 21, 'Swap Free :'],
    [6, 42, 'Mem Used  :'],
    [7, 42, 'Swap Used :'],
    [8, 42, 'Total Used:'],
    [6, 62, 'Paging in :'],
    [7, 62, 'Paging out:'],
    [10, 0, 'Disk Name'],
    [10, 15, 'Read'],
    [10, 28, 'Write'],
  ];
  for (const [r, c, t] of labels) s.put(r, c, t);
  let heading = 10;
  if (f.interfaces) {
    s.put(10, 42, 'Network Interface');
    s.put(10, 67, 'rx');
    s.put(10, 77, 'tx');
    heading += 2 + f.interfaces.length;
  }
  s.put(heading, 42, 'Mount Point');
  s.put(heading, 65, 'Free');
  s.put(heading, 75, 'Used');

  if (f.hostname !== undefined) {
    // The first 14 characters, cut at the first dot (an FQDN).
    s.put(0, 12, f.hostname.slice(0, 14).split('.')[0]!, a('red'));
    if (f.uptimeSeconds !== undefined) s.put(0, 36, hrUptime(f.uptimeSeconds), a('red'));
    if (f.dateTime !== undefined) s.put(0, 61, f.dateTime, a('red'));
  }
  if (f.load) {
    const { min1, min5, min15 } = f.load;
    s.put(2, 12, fmtF(min1, 6, 2), a('cyan', Math.abs(min1 - min5) > 1));
    s.put(3, 12, fmtF(min5, 6, 2), a('cyan', Math.abs(min5 - min15) > 1));
    s.put(4, 12, fmtF(min15, 6, 2), a('cyan', Math.abs(min1 - min15) > 1));
  }
  if (f.cpu) {
    s.put(2, 33, `${fmtF(f.cpu.idle, 6, 2)}%`, a('cyan'));
    s.put(3, 33, `${fmtF(f.cpu.system, 6, 2)}%`, a('cyan'));
    s.put(4, 33, `${fmtF(f.cpu.user, 6, 2)}%`, a('cyan', f.cpu.user > 60, f.cpu.user > 90));
  }
  const count = (n: number, w = 5) => String(n).padStart(w);
  if (f.processes) {
    const p = f.processes;
    s.put(2, 54, count(p.running), a('cyan'));
    s.put(2, 74, count(p.zombie), a('cyan', p.zombie > 0, p.zombie > 0));
    s.put(3, 54, count(p.sleeping), a('cyan'));
    s.put(3, 74, count(p.total), a('cyan'));
    s.put(4, 54, count(p.stopped), a('cyan'));
  }
  if (f.users !== undefined) s.put(4, 74, count(f.users), a('cyan'));
  if (f.mem) {
    s.put(6, 12, sizeConv(f.mem.total).padStart(7), a('magenta'));
    s.put(7, 12, sizeConv(f.mem.used).padStart(7), a('magenta'));
    s.put(8, 12, sizeConv(f.mem.free).padStart(7), a('magenta'));
  }
  if (f.swap) {
    s.put(6, 32, sizeConv(f.swap.total).padStart(8), a('magenta'));
    s.put(7, 32, sizeConv(f.swap.used).padStart(8), a('magenta'));
    s.put(8, 32, sizeConv(f.swap.free).padStart(8), a('magenta'));
  }
  // `float f = 100.00 * (float)used / total`: the quotient is stored in a float.
  const usedPct = (used: number, total: number) => Math.fround((100 * Math.fround(used)) / total);
  const pct = (row: number, v: number) => s.put(row, 54, `${fmtF(v, 5, 2)}%`, a('magenta', v > 75, v > 90));
  if (f.mem && f.mem.total !== 0) pct(6, usedPct(f.mem.used, f.mem.total));
  if (f.swap && f.swap.total !== 0) pct(7, usedPct(f.swap.used, f.swap.total));
  if (f.mem && f.swap && f.mem.total !== 0 && f.swap.total !== 0) {
    s.put(8, 54, `${fmtF((100 * Math.fround(f.mem.used + f.swap.used)) / (f.mem.total + f.swap.total), 5, 2)}%`, a('magenta'));
  }
  if (f.paging) {
    s.put(6, 74, count(Math.floor(f.paging.inPerSecond)), a('magenta'));
    s.put(7, 74, count(Math.floor(f.paging.outPerSecond)), a('magenta'));
  }
  if (f.disks) {
    let line = 11;
    let read = 0;
    let written = 0;
    let rated = false;
    for (const d of f.disks) {
      s.put(line, 0, d.name.slice(0, 11));
      if (d.readPerSecond !== undefined && d.writePerSecond !== undefined) {
        const rt = Math.floor(d.readPerSecond);
        const wt = Math.floor(d.writePerSecond);
        s.put(line, 12, sizeConv(rt).padStart(7), a('blue'));
        s.put(line, 26, sizeConv(wt).padStart(7), a('blue'));
        read += rt;
        written += wt;
        rated = true;
      }
      line++;
    }
    if (rated) {
      line++;
      s.put(line, 0, 'Total');
      s.put(line, 12, sizeConv(read).padStart(7), a('blue'));
      s.put(line, 26, sizeConv(written).padStart(7), a('blue'));
    }
  }
  let line = 11;
  if (f.interfaces) {
    for (const n of f.interfaces) {
      s.put(line, 42, n.name.slice(0, 19));
      if (n.rxPerSecond !== undefined) s.put(line, 62, sizeConv(Math.floor(n.rxPerSecond)).padStart(7), a('blue'));
      if (n.txPerSecond !== undefined) s.put(line, 72, sizeConv(Math.floor(n.txPerSecond)).padStart(7), a('blue'));
      line++;
    }
    line += 2;
  }
  for (const m of f.mounts ?? []) {
    s.put(line, 42, m.mntPoint.slice(0, 19));
    s.put(line, 62, sizeConv(m.avail).padStart(7), a('green'));
    const whole = m.used + m.avail;
    if (whole === 0) s.put(line, 73, '-'.padStart(6), a('green'));
    else {
      // `(float)used / (float)(used + avail)`, then `*= 100`, all in float.
      const p = Math.fround(Math.fround(Math.fround(m.used) / Math.fround(whole)) * 100);
      s.put(line, 73, `${fmtF(p, 6, 2)}%`, a('green', p > 75, p > 90));
    }
    line++;
  }
  return s;
}

const SGR: Record<Colour, number> = { red: 31, green: 32, blue: 34, magenta: 35, cyan: 36 };

function sgr(attr: Attr): string {
  const codes = [0];
  if (attr.bold) codes.push(1);
  if (attr.standout) codes.push(7);
  if (attr.colour) codes.push(SGR[attr.colour]);
  return `\x1b[${codes.join(';')}m`;
}

const same = (x: Attr, y: Attr) => x.colour === y.colour && !!x.bold === !!y.bold && !!x.standout === !!y.standout;

/** One row as terminal text: its characters, with SGR codes where the attributes change. */
export function rowText(cells: readonly Cell[]): string {
  let out = '';
  let current: Attr = PLAIN;
  for (const cell of cells) {
    if (!same(cell.attr, current)) {
      out += sgr(cell.attr);
      current = cell.attr;
    }
    out += cell.ch;
  }
  return same(current, PLAIN) ? out : `${out}\x1b[0m`;
}
