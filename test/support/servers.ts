import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cleanEnv, hasCommand, ROOT, tempDir } from './helpers.js';

/*
 * The real servers the export tests run: sysgrab-exporter, Debian's
 * prometheus-node-exporter and prometheus. Every one binds 127.0.0.1 on a
 * port the OS chose, every wait is bounded, and stopAll() (called from an
 * after() hook) stops whatever a test left running.
 */

export const EXPORTER = join(ROOT, 'bin', 'sysgrab-exporter');

export interface Running {
  child: ChildProcess;
  port: number;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves to the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
}

const running = new Set<Running>();

/** Stop every server still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((r) => r.stop()));
}

/** Why the real oracles cannot run here, or false. */
export function oraclesUnavailable(...commands: string[]): string | false {
  if (process.platform !== 'linux') return 'the oracles are Debian packages for Linux';
  const missing = commands.filter((c) => !hasCommand(c));
  return missing.length === 0 ? false : `not installed: ${missing.join(', ')} (.ci/run installs them)`;
}

/** A port free on 127.0.0.1 right now (for servers that cannot be told port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Thrown by a check to stop waiting at once (the server exited). */
export class GaveUp extends Error {}

/** Poll `check` every `everyMs` until it returns a value, at most `timeoutMs`; a GaveUp ends it at once. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      if (err instanceof GaveUp) throw err;
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
    await sleep(everyMs);
  }
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request to 127.0.0.1 with a fresh connection, bounded by `timeoutMs`. */
export function http(port: number, path: string, options: { method?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false, timeout: options.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from 127.0.0.1:${port}${path} within ${options.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function track(child: ChildProcess, port: number): Running {
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    if (err.length < 1 << 20) err += c.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const r: Running = {
    child,
    port,
    stderr: () => err,
    async stop(graceMs = 5000) {
      running.delete(r);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return exited;
    },
  };
  running.add(r);
  return r;
}

/** Start bin/sysgrab-exporter on 127.0.0.1 (port 0 unless `args` set one), under node with `nodeArgs`, in `cgroupDir` if given; resolves once it listens. */
export async function startSysgrabExporter(args: string[] = [], env: Record<string, string> = {}, nodeArgs: string[] = [], cgroupDir?: string): Promise<Running> {
  const listen = args.some((a) => a.startsWith('--web.listen-address')) ? [] : ['--web.listen-address=127.0.0.1:0'];
  const argv = [...nodeArgs, EXPORTER, ...listen, ...args];
  // In a cgroup: a shell moves itself there, then becomes node, so that the exporter never runs
  // (nor allocates) outside it. The directory is an argument, never part of the script.
  const child =
    cgroupDir === undefined
      ? spawn(process.execPath, argv, { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('sh', ['-c', 'dir=$1; shift; echo $$ > "$dir/cgroup.procs" && exec "$@"', 'sh', cgroupDir, process.execPath, ...argv], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const r = track(child, 0);
  try {
    r.port = await waitFor(
      'sysgrab-exporter to listen',
      async () => {
        if (child.exitCode !== null) throw new GaveUp(`exited ${child.exitCode}: ${r.stderr()}`);
        const m = /msg="Listening on" address=127\.0\.0\.1:(\d+)/.exec(r.stderr());
        return m ? Number(m[1]) : undefined;
      },
      15_000,
      20,
    );
  } catch (err) {
    await r.stop();
    throw err;
  }
  return r;
}

/** Debian's node_exporter 1.5 with only `collectors` (default: node_exporter's memory and pressure collectors). */
export async function startNodeExporter(extra: string[] = [], collectors = ['meminfo', 'pressure']): Promise<Running> {
  const port = await freePort();
  const child = spawn('prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${port}`, '--collector.disable-defaults', ...collectors.map((c) => `--collector.${c}`), ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const r = track(child, port);
  try {
    await waitFor(
      'node_exporter to answer',
      async () => {
        if (child.exitCode !== null) throw new GaveUp(`exited ${child.exitCode}: ${r.stderr()}`);
        return (await http(port, '/metrics', { timeoutMs: 2000 })).status === 200 ? true : undefined;
      },
      15_000,
    );
  } catch (err) {
    await r.stop();
    throw err;
  }
  return r;
}

export interface Prometheus extends Running {
  /** An instant query; the result vector. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  api<T = unknown>(path: string): Promise<T>;
}

/** Debian's Prometheus scraping `targets` (job → port) on 127.0.0.1 every second, with a temporary TSDB. */
export async function startPrometheus(targets: Record<string, number>): Promise<Prometheus> {
  const dir = tempDir('sysgrab-prometheus-');
  const config = join(dir.dir, 'prometheus.yml');
  const jobs = Object.entries(targets)
    .map(([job, port]) => `  - job_name: ${job}\n    static_configs:\n      - targets: ['127.0.0.1:${port}']`)
    .join('\n');
  writeFileSync(config, `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n${jobs}\n`);
  const check = spawnSync('promtool', ['check', 'config', config], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`promtool check config: ${check.stdout}${check.stderr}\n${readFileSync(config, 'utf8')}`);
  const port = await freePort();
  const child = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${join(dir.dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: dir.dir,
  });
  const base = track(child, port);
  const api = async <T>(path: string): Promise<T> => {
    const reply = await http(port, path, { timeoutMs: 5000 });
    if (reply.status !== 200) throw new Error(`${path}: HTTP ${reply.status} ${reply.body.slice(0, 200)}`);
    const json = JSON.parse(reply.body) as { status: string; data: T };
    if (json.status !== 'success') throw new Error(`${path}: ${reply.body.slice(0, 200)}`);
    return json.data;
  };
  const p: Prometheus = {
    ...base,
    api,
    query: async (expr) => (await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    async stop(graceMs) {
      const code = await base.stop(graceMs);
      dir.remove();
      return code;
    },
  };
  running.delete(base);
  running.add(p);
  try {
    await waitFor('Prometheus to be ready', async () => ((await http(port, '/-/ready', { timeoutMs: 2000 })).status === 200 ? true : undefined), 20_000);
  } catch (err) {
    await p.stop();
    throw err;
  }
  return p;
}

/** promtool check metrics on an exposition: its findings, one a line (it prints them on stderr, exit 3). */
export function promtoolFindings(exposition: string): string[] {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (r.error) throw r.error;
  const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() !== '');
  if (r.status !== 0 && r.status !== 3) throw new Error(`promtool exited ${r.status}: ${lines.join('\n')}`);
  if ((r.status === 3) !== lines.length > 0) throw new Error(`promtool exit ${r.status} with findings: ${lines.join('\n')}`);
  return lines;
}

/** The resident set of a process, in bytes (/proc/<pid>/status VmRSS). */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

/** user + system CPU time of a process so far, in seconds (/proc/<pid>/stat, USER_HZ 100). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
