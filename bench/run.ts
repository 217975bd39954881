/*
 * npm run bench: sysgrab against the floor and its peers, every figure a
 * ratio to a baseline measured in the same run (these machines are noisy).
 * Subjects are measured in interleaved rounds, so a burst of noise hits
 * every subject alike. Writes bench/results.json.
 *
 *   node build/bench/run.js [--quick] [--no-write]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readSync, writeFileSync } from 'node:fs';
import { cpus, freemem, release } from 'node:os';
import { join, resolve } from 'node:path';
import { closeProcFiles, getMemStats, getSwapStats, type StatOptions } from '../src/index.js';

const ROOT = resolve(__dirname, '..', '..');
const QUICK = process.argv.includes('--quick');
const WRITE = !process.argv.includes('--no-write');
const ROUNDS = QUICK ? 3 : 10;

interface Summary { medianNs: number; p99Ns: number; samples: number }

function summarize(samples: number[]): Summary {
  const sorted = Float64Array.from(samples).sort();
  return { medianNs: sorted[sorted.length >> 1]!, p99Ns: sorted[Math.floor(sorted.length * 0.99)]!, samples: sorted.length };
}

type Subject = { name: string; calls: number; fn: () => unknown } | { name: string; calls: number; async: () => Promise<unknown> };

/** Per-call times of each subject, warmed up, measured in interleaved rounds. */
async function measure(subjects: Subject[]): Promise<Map<string, Summary>> {
  const samples = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  for (const s of subjects) {
    for (let i = 0; i < Math.max(50, s.calls / 20); i++) await ('fn' in s ? s.fn() : s.async());
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of subjects) {
      const out = samples.get(s.name)!;
      const n = Math.ceil(s.calls / ROUNDS);
      if ('fn' in s) {
        const fn = s.fn;
        for (let i = 0; i < n; i++) {
          const t0 = process.hrtime.bigint();
          fn();
          out.push(Number(process.hrtime.bigint() - t0));
        }
      } else {
        for (let i = 0; i < n; i++) {
          const t0 = process.hrtime.bigint();
          await s.async();
          out.push(Number(process.hrtime.bigint() - t0));
        }
      }
    }
  }
  return new Map([...samples].map(([k, v]) => [k, summarize(v)]));
}

/** Wall time of whole processes, interleaved. */
function measureProcesses(commands: { name: string; args: string[] }[], runs: number): Map<string, Summary> {
  const samples = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  const env = { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined } as NodeJS.ProcessEnv;
  for (let i = -2; i < runs; i++) {
    for (const c of commands) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, c.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const ns = Number(process.hrtime.bigint() - t0);
      if (r.status !== 0) throw new Error(`${c.name} failed: ${r.stderr}`);
      if (i >= 0) samples.get(c.name)!.push(ns);
    }
  }
  return new Map([...samples].map(([k, v]) => [k, summarize(v)]));
}

interface Row {
  what: string;
  subject: string;
  baseline: string;
  subjectMedianNs: number;
  subjectP99Ns: number;
  baselineMedianNs: number;
  /** subject median / baseline median (or the inverse where `faster`). */
  ratio: number;
  target: string;
  met: boolean | null;
}

const rows: Row[] = [];

function row(what: string, subject: Summary, subjectName: string, baseline: Summary, baselineName: string, target: string, check: ((ratio: number) => boolean) | null, inverse = false) {
  const ratio = inverse ? baseline.medianNs / subject.medianNs : subject.medianNs / baseline.medianNs;
  rows.push({ what, subject: subjectName, baseline: baselineName, subjectMedianNs: subject.medianNs, subjectP99Ns: subject.p99Ns, baselineMedianNs: baseline.medianNs, ratio, target, met: check ? check(ratio) : null });
}

const signedMb = (bytes: number) => `${bytes < 0 ? '−' : '+'}${(Math.abs(bytes) / 1048576).toFixed(2)} MB`;
const fmtNs = (ns: number) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);

async function linuxRows(): Promise<void> {
  const meminfoFd = openSync('/proc/meminfo', 'r');
  const swapsFd = openSync('/proc/swaps', 'r');
  const buf = Buffer.alloc(16 * 1024);
  const floorMem = () => readSync(meminfoFd, buf, 0, buf.length, 0);
  const floorSwap = () => readSync(meminfoFd, buf, 0, buf.length, 0) + readSync(swapsFd, buf, 0, buf.length, 0);
  const linux: StatOptions = { platform: 'linux' };
  const si = require('systeminformation') as { mem(): Promise<unknown> };
  const n = QUICK ? 5_000 : 100_000;
  const m = await measure([
    { name: 'floor meminfo', calls: n, fn: floorMem },
    { name: 'getMemStats', calls: n, fn: () => getMemStats(linux) },
    { name: 'os.freemem', calls: n, fn: freemem },
    { name: 'floor meminfo+swaps', calls: n, fn: floorSwap },
    { name: 'getSwapStats', calls: n, fn: () => getSwapStats(linux) },
    { name: 'systeminformation.mem', calls: QUICK ? 200 : 5_000, async: () => si.mem() },
  ]);
  closeSync(meminfoFd);
  closeSync(swapsFd);
  const g = m.get('getMemStats')!;
  row('getMemStats() per call', g, 'getMemStats()', m.get('floor meminfo')!, 'fs.readSync of /proc/meminfo, reused fd and buffer', '≤ 1.3×', (r) => r <= 1.3);
  row('getMemStats() per call', g, 'getMemStats()', m.get('os.freemem')!, 'os.freemem()', '≤ 1.0×', (r) => r <= 1.0);
  row('getMemStats() per call', g, 'getMemStats()', m.get('systeminformation.mem')!, 'systeminformation.mem()', '≥ 20× faster', (r) => r >= 20, true);
  row('getSwapStats() per call', m.get('getSwapStats')!, 'getSwapStats()', m.get('floor meminfo+swaps')!, 'fs.readSync of /proc/meminfo + /proc/swaps', '≤ 1.3×', (r) => r <= 1.3);

  const freecolor = join(ROOT, 'bin', 'freecolor');
  const p = measureProcesses([
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'freecolor', args: [freecolor] },
    { name: 'freecolor -a', args: [freecolor, '-a'] },
  ], QUICK ? 5 : 40);
  row('freecolor, whole process', p.get('freecolor')!, 'freecolor', p.get('node -e 0')!, 'node -e 0', '≤ 1.2×', (r) => r <= 1.2);
  row('freecolor -a, whole process', p.get('freecolor -a')!, 'freecolor -a', p.get('node -e 0')!, 'node -e 0', '≤ 1.5×', (r) => r <= 1.5);
}

async function freebsdRows(): Promise<void> {
  const lib = execFileSync('sh', [join(ROOT, 'native-shims', 'build.sh')], { encoding: 'utf8' }).trim().split('\n').pop()!;
  const snapshot = join(ROOT, 'test', 'fixtures', 'freebsd', '13-laptop-zfs-16g.sysctl');
  process.env.FAKEBSD_SNAPSHOT = snapshot;
  const opts = (ffi: 'koffi' | 'ffi-rs'): StatOptions => ({ platform: 'freebsd', libc: lib, libkvm: lib, ffi });
  const iterations = QUICK ? 5_000 : 100_000;
  const c = JSON.parse(execFileSync(join(ROOT, 'native-shims', 'build', 'bench-sysctl'), [String(iterations)], { env: { ...process.env, FAKEBSD_SNAPSHOT: snapshot }, encoding: 'utf8' })) as { medianNs: number; p99Ns: number };
  const m = await measure([
    { name: 'koffi', calls: iterations, fn: () => getMemStats(opts('koffi')) },
    { name: 'ffi-rs', calls: QUICK ? 200 : 5_000, fn: () => getMemStats(opts('ffi-rs')) },
  ]);
  const cLoop: Summary = { medianNs: c.medianNs, p99Ns: c.p99Ns, samples: iterations };
  row('FreeBSD getMemStats() through koffi on the shim', m.get('koffi')!, 'getMemStats() (koffi)', cLoop, 'C loop: the same 11 sysctlbyname calls', '≤ 3×', (r) => r <= 3);
  row('FreeBSD getMemStats(): ffi-rs vs koffi', m.get('ffi-rs')!, 'getMemStats() (ffi-rs)', m.get('koffi')!, 'getMemStats() (koffi)', 'report', null);
}

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
  await linuxRows();
  await freebsdRows();
  const memory = memoryRow();

  const header = ['what', 'subject median', 'subject p99', 'baseline', 'baseline median', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [r.what, fmtNs(r.subjectMedianNs), fmtNs(r.subjectP99Ns), r.baseline, fmtNs(r.baselineMedianNs), `${r.ratio.toFixed(2)}×`, r.target, r.met === null ? '-' : r.met ? 'yes' : 'NO']);
  lines.push([`memory: ${memory.calls.toLocaleString('en')} getMemStats() calls`, `RSS ${signedMb(memory.rssGrowthBytes)}`, `heap ${signedMb(memory.heapGrowthBytes)}`, 'RSS before', '', '', '< 5 MB, no fd left', `${memory.met ? 'yes' : 'NO'} (fds ${memory.fdsBefore}→${memory.fdsAfter})`]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, kernel: release(), date: new Date().toISOString(), quick: QUICK };
  console.log(`\n${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, Linux ${machine.kernel}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (WRITE) {
    writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ machine, rows, memory }, null, 2)}\n`);
    console.log('written to bench/results.json');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
