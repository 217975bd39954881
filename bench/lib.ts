import { spawnSync } from 'node:child_process';

/*
 * The measuring kit every bench area uses. Every figure is a ratio to a
 * baseline measured in the same run (these machines are noisy), and
 * subjects are measured in interleaved rounds, so a burst of noise hits
 * every subject alike.
 */

export const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 3 : 10;

export interface Summary {
  medianNs: number;
  p99Ns: number;
  samples: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = Float64Array.from(samples).sort();
  return { medianNs: sorted[sorted.length >> 1] ?? 0, p99Ns: sorted[Math.floor(sorted.length * 0.99)] ?? 0, samples: sorted.length };
}

export type Subject = { name: string; calls: number; fn: () => unknown } | { name: string; calls: number; async: () => Promise<unknown> };

/** Per-call times of each subject, warmed up, measured in interleaved rounds. */
export async function measure(subjects: Subject[]): Promise<Map<string, Summary>> {
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
export function measureProcesses(commands: { name: string; command?: string; args: string[] }[], runs: number, env: NodeJS.ProcessEnv = process.env): Map<string, Summary> {
  const samples = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  for (let i = -2; i < runs; i++) {
    for (const c of commands) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(c.command ?? process.execPath, c.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const ns = Number(process.hrtime.bigint() - t0);
      if (r.status !== 0) throw new Error(`${c.name} failed: ${r.stderr}`);
      if (i >= 0) samples.get(c.name)!.push(ns);
    }
  }
  return new Map([...samples].map(([k, v]) => [k, summarize(v)]));
}

export interface Row {
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

/** A row: `subject` against `baseline`, checked against a target where there is one. */
export function row(what: string, subject: Summary, subjectName: string, baseline: Summary, baselineName: string, target: string, check: ((ratio: number) => boolean) | null, inverse = false): Row {
  const ratio = inverse ? baseline.medianNs / subject.medianNs : subject.medianNs / baseline.medianNs;
  return {
    what,
    subject: subjectName,
    baseline: baselineName,
    subjectMedianNs: subject.medianNs,
    subjectP99Ns: subject.p99Ns,
    baselineMedianNs: baseline.medianNs,
    ratio,
    target,
    met: check ? check(ratio) : null,
  };
}

/** A bench area: a name and the rows it measures. */
export interface Area {
  name: string;
  /** Why it cannot run here, or undefined. */
  unavailable?(): string | undefined;
  rows(): Promise<Row[]>;
}
