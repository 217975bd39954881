/*
 * npm run bench: every area's rows, each a ratio to a baseline measured in
 * the same run, then a memory check. Prints a table; writes
 * bench/results.json only with --write (it is tracked: a run to look at
 * numbers must not dirty the tree).
 *
 *   node build/bench/run.js [--quick] [--write] [--only NAME]
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';
import { closeProcFiles, getMemStats } from '../src/index.js';
import { exportArea } from './export.js';
import { freebsdArea } from './freebsd.js';
import { fsDiskNetArea } from './fsdisknet.js';
import { containersArea } from './containers.js';
import { QUICK, type Area, type Row } from './lib.js';
import { statgrabArea } from './statgrab.js';
import { memoryArea } from './memory.js';
import { platformsArea } from './platforms.js';

/** Every bench area, in the order they run. An issue's area adds itself here. */
const AREAS: Area[] = [memoryArea, freebsdArea, containersArea, statgrabArea, platformsArea, fsDiskNetArea, exportArea];

const ROOT = join(__dirname, '..', '..');
const WRITE = process.argv.includes('--write');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

const signedMb = (bytes: number) => `${bytes < 0 ? '−' : '+'}${(Math.abs(bytes) / 1048576).toFixed(2)} MB`;
const fmtNs = (ns: number) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);

function fdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

function memoryRow(): { calls: number; rssGrowthBytes: number; heapGrowthBytes: number; fdsBefore: number; fdsAfter: number; met: boolean } {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const calls = QUICK ? 20_000 : 1_000_000;
  for (let i = 0; i < 10_000; i++) getMemStats({ platform: 'linux' });
  gc();
  const fdsBefore = fdCount();
  const before = process.memoryUsage();
  for (let i = 0; i < calls; i++) getMemStats({ platform: 'linux' });
  gc();
  const after = process.memoryUsage();
  const fdsAfter = fdCount();
  closeProcFiles();
  const rssGrowthBytes = after.rss - before.rss;
  return { calls, rssGrowthBytes, heapGrowthBytes: after.heapUsed - before.heapUsed, fdsBefore, fdsAfter, met: rssGrowthBytes < 5 * 1024 * 1024 && fdsAfter <= fdsBefore };
}

async function main(): Promise<void> {
  const started = Date.now();
  const rows: Row[] = [];
  const skipped: string[] = [];
  for (const area of AREAS) {
    if (only !== undefined && !area.name.toLowerCase().includes(only.toLowerCase())) continue;
    const why = area.unavailable?.();
    if (why) {
      skipped.push(`${area.name}: skipped (${why})`);
      continue;
    }
    rows.push(...(await area.rows()));
  }
  const memory = process.platform === 'linux' && only === undefined ? memoryRow() : undefined;

  const header = ['what', 'subject median', 'subject p99', 'baseline', 'baseline median', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [
    r.what,
    fmtNs(r.subjectMedianNs),
    fmtNs(r.subjectP99Ns),
    r.baseline,
    fmtNs(r.baselineMedianNs),
    `${r.ratio.toFixed(2)}×`,
    r.target,
    r.met === null ? '-' : r.met ? 'yes' : 'NO',
  ]);
  if (memory)
    lines.push([
      `memory: ${memory.calls.toLocaleString('en')} getMemStats() calls`,
      `RSS ${signedMb(memory.rssGrowthBytes)}`,
      `heap ${signedMb(memory.heapGrowthBytes)}`,
      'RSS before',
      '',
      '',
      '< 5 MB, no fd left',
      `${memory.met ? 'yes' : 'NO'} (fds ${memory.fdsBefore}→${memory.fdsAfter})`,
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
  for (const s of skipped) console.log(s);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, kernel: release(), date: new Date().toISOString(), quick: QUICK };
  console.log(`\n${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${process.platform} ${machine.kernel}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (WRITE) {
    writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ machine, rows, memory }, null, 2)}\n`);
    console.log('written to bench/results.json');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
