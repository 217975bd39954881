import type { ContainerMemStats } from '../../types/container.js';
import type { MemStats } from '../../types/mem.js';
import type { MemPressure, PressureFigures } from '../../types/pressure.js';
import type { SwapStats } from '../../types/swap.js';
import { human, inUnit, type Unit } from '../common/units.js';
import type { CliConfig } from './args.js';

/*
 * The report as text: pure functions of the stats, so every layout can be
 * checked byte for byte. Colour comes in through a Palette; the plain one
 * returns its input, so the visible text is the same either way.
 */

/** How each coloured segment is painted. */
export interface Palette {
  bracket(s: string): string;
  free(s: string): string;
  cache(s: string): string;
  used(s: string): string;
  percent(s: string): string;
  percentSign(s: string): string;
}

const same = (s: string): string => s;
export const PLAIN: Palette = { bracket: same, free: same, cache: same, used: same, percent: same, percentSign: same };

/** How figures are printed: a fixed unit, or procps-style suffixes. */
export interface Format {
  unit: Unit;
  human: boolean;
}

export function figure(bytes: number, format: Format): string {
  return format.human ? human(bytes) : String(inUnit(bytes, format.unit));
}

/**
 * What the bars and the table show. With `arc`, the reclaimable part of the
 * ZFS ARC moves from used to cache (and so into free), as `--arc` asks.
 */
export interface View {
  memTotal: number;
  memFree: number;
  memCache: number;
  memShared: number;
  memBuffers: number;
  swapTotal: number;
  swapFree: number;
}

export function viewOf(mem: MemStats, swap: SwapStats, arc: boolean): View {
  const reclaimableArc = arc && mem.arc ? Math.min(Math.max(0, mem.arc.size - mem.arc.min), mem.used) : 0;
  return {
    memTotal: mem.total,
    memFree: mem.free + reclaimableArc,
    memCache: mem.cache + reclaimableArc,
    memShared: mem.shared ?? 0,
    memBuffers: mem.buffers ?? 0,
    swapTotal: swap.total,
    swapFree: swap.free,
  };
}

const BAR = 35;
const cells = (part: number, whole: number): number => Math.max(0, Math.min(BAR, Math.trunc((BAR * part) / whole)));
const percent = (part: number, whole: number): number => Math.trunc((100 * part) / whole);

function label(name: string): string {
  return `${name.padEnd(10)}: `;
}

function bracketed(inner: string, p: Palette): string {
  return `${p.bracket('[')}${inner}${p.bracket(']')}`;
}

function physicalLine(v: View, format: Format, p: Palette): string {
  if (v.memTotal <= 0) return emptyLine('Physical', p);
  const free = cells(v.memFree - v.memCache, v.memTotal);
  const cache = Math.min(cells(v.memCache, v.memTotal), BAR - free);
  const bar = p.free('#'.repeat(free)) + p.cache('#'.repeat(cache)) + p.used('.'.repeat(BAR - free - cache));
  return `${label('Physical')}${bracketed(bar, p)} ${p.percent(String(percent(v.memFree, v.memTotal)))}${p.percentSign('%')}\t(${figure(v.memFree, format)}/${figure(v.memTotal, format)})`;
}

function emptyLine(name: string, p: Palette): string {
  // No swap configured: the original divides by zero here.
  return `${label(name)}${bracketed(p.used('.'.repeat(BAR)), p)} ${p.percent('0')}${p.percentSign('%')}\t(0/0)`;
}

function swapLine(v: View, format: Format, p: Palette): string {
  if (v.swapTotal <= 0) return emptyLine('Swap', p);
  const free = cells(v.swapFree, v.swapTotal);
  const bar = p.free('#'.repeat(free)) + p.used('.'.repeat(BAR - free));
  return `${label('Swap')}${bracketed(bar, p)} ${p.percent(String(percent(v.swapFree, v.swapTotal)))}${p.percentSign('%')}\t(${figure(v.swapFree, format)}/${figure(v.swapTotal, format)})`;
}

function totalLine(v: View, format: Format, p: Palette): string {
  let text: string;
  let free: number;
  let whole: number;
  if (format.human) {
    // Suffixed figures cannot be added up as printed; sum the bytes.
    whole = v.memTotal + v.swapTotal;
    free = v.memFree + v.swapFree;
    text = `(${human(whole)}=${human(free)}+${human(whole - free)})`;
  } else {
    // As freecolor: T and F summed in bytes, then divided; U = T - F on the
    // divided figures, so that T = F + U holds as printed. (Dividing each
    // part first loses up to a unit per part: 6111 where freecolor says 6112.)
    whole = inUnit(v.memTotal + v.swapTotal, format.unit);
    free = inUnit(v.memFree + v.swapFree, format.unit);
    text = `(${whole}=${free}+${whole - free})`;
  }
  const green = whole > 0 ? cells(free, whole) : 0;
  const bar = whole > 0 ? p.free('#'.repeat(green)) + p.cache('#'.repeat(BAR - green)) : p.used('.'.repeat(BAR));
  return `${label('Total')}${bracketed(bar, p)} ${text}`;
}

/** Bar mode: Physical and Swap lines, and Total with -t. Each line ends in \n. */
export function renderBars(v: View, format: Format, withTotal: boolean, p: Palette = PLAIN): string {
  let out = `${physicalLine(v, format, p)}\n${swapLine(v, format, p)}\n`;
  if (withTotal) out += `${totalLine(v, format, p)}\n`;
  return out;
}

const TITLES = ['used', 'free', 'shared', 'buffers', 'cached'];

/** A row label, then the first figure ending in column 18, then 11-wide columns. */
function row(name: string, figures: string[]): string {
  const [first, ...rest] = figures;
  // At least one space after the label, even for figures wider than the column.
  return `${name} ${first!.padStart(17 - name.length)}${rest.map((f) => ` ${f.padStart(10)}`).join('')}`;
}

/** The old free-style table (-o), and its Total row with -t. */
export function renderOld(v: View, format: Format, withTotal: boolean): string {
  const f = (bytes: number) => figure(bytes, format);
  const memUsed = Math.max(0, v.memTotal - v.memFree);
  const swapUsed = Math.max(0, v.swapTotal - v.swapFree);
  let out = `${' '.repeat(13)}total${TITLES.map((t) => t.padStart(11)).join('')}\n`;
  out += `${row('Mem:', [f(v.memTotal), f(memUsed), f(v.memFree), f(v.memShared), f(v.memBuffers), f(v.memCache)])}\n`;
  out += `${row('Swap:', [f(v.swapTotal), f(swapUsed), f(v.swapFree)])}\n`;
  if (withTotal) {
    out += `${row('Total:', [f(v.memTotal + v.swapTotal), f(memUsed + swapUsed), f(v.memFree + v.swapFree)])}\n`;
  }
  return out;
}

const pct = (v: number): string => v.toFixed(2);

function pressureFigures(f: PressureFigures, p: Palette): string {
  return [f.avg10, f.avg60, f.avg300].map((v) => `${p.percent(pct(v))}${p.percentSign('%')}`).join(' ');
}

/**
 * `Pressure  : some 0.00% 0.00% 0.31%  full 0.00% 0.00% 0.06%   (avg10 avg60 avg300)`;
 * where the kernel has no PSI, a line that says so (never zeros).
 */
export function pressureLine(pressure: MemPressure | undefined, p: Palette = PLAIN): string {
  if (pressure === undefined) return `${label('Pressure')}not available (no PSI on this system)\n`;
  if (pressure.some && pressure.full) return `${label('Pressure')}some ${pressureFigures(pressure.some, p)}  full ${pressureFigures(pressure.full, p)}   (avg10 avg60 avg300)\n`;
  // macOS: the kernel's verdict, not figures.
  return `${label('Pressure')}${pressure.level ?? 'not available'}\n`;
}

/** What a report shows besides memory and swap (read only when the flags ask). */
export interface Extras {
  /** The container (null: none); undefined when not read. */
  container?: ContainerMemStats | null;
  pressure?: MemPressure;
}

/**
 * The whole report the flags ask for, from statistics already read: JSON,
 * the -a table (cli-table3, loaded only then), -o or the bars, and the
 * pressure line with --pressure.
 * @param time stamped into JSON.
 * @param columns the terminal's width, which the -a table fits (80 when not on a terminal).
 */
export function renderReport(config: CliConfig, mem: MemStats, swap: SwapStats, palette: Palette | undefined, time: Date, extras: Extras = {}, columns = 80): string {
  // The same keys in every record: null where there is no container or no PSI.
  if (config.json) return `${JSON.stringify({ mem, swap, container: extras.container ?? null, pressure: extras.pressure ?? null, time: time.toISOString() })}\n`;
  const format: Format = { unit: config.unit, human: config.human };
  if (config.all) {
    const { renderAll } = require('./all.js') as typeof import('./all.js');
    return renderAll(mem, swap, format, palette !== undefined, { width: columns, total: config.total, arc: config.arc }, extras);
  }
  const view = viewOf(mem, swap, config.arc);
  const report = config.old ? renderOld(view, format, config.total) : renderBars(view, format, config.total, palette);
  return config.pressure ? report + pressureLine(extras.pressure, palette) : report;
}
