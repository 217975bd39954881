import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { getMemStats, type StatOptions } from '../src/index.js';
import { measure, QUICK, row, type Area, type Row, type Summary } from './lib.js';

/*
 * FreeBSD through its ABI double: getMemStats() through koffi against a C
 * loop making the same sysctlbyname() calls on the same double, and ffi-rs
 * against koffi.
 */

const ROOT = join(__dirname, '..', '..');

export const freebsdArea: Area = {
  name: 'FreeBSD on its double',
  async rows(): Promise<Row[]> {
    const built = execFileSync('sh', [join(ROOT, 'native-shims', 'build.sh')], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const lib = built.find((l) => l.endsWith('/libfakebsd.so'))!;
    const snapshot = join(ROOT, 'test', 'fixtures', 'freebsd', '13-laptop-zfs-16g', 'snapshot.sysctl');
    process.env.FAKEBSD_SNAPSHOT = snapshot;
    const opts = (ffi: 'koffi' | 'ffi-rs'): StatOptions => ({ platform: 'freebsd', freebsd: { libc: lib, libkvm: lib }, ffi });
    const iterations = QUICK ? 5_000 : 100_000;
    const c = JSON.parse(execFileSync(join(ROOT, 'native-shims', 'build', 'bench-bsd-sysctl'), [String(iterations)], { env: { ...process.env, FAKEBSD_SNAPSHOT: snapshot }, encoding: 'utf8' })) as {
      medianNs: number;
      p99Ns: number;
    };
    const koffiOpts = opts('koffi');
    const ffiRsOpts = opts('ffi-rs');
    const m = await measure([
      { name: 'koffi', calls: iterations, fn: () => getMemStats(koffiOpts) },
      { name: 'ffi-rs', calls: QUICK ? 200 : 5_000, fn: () => getMemStats(ffiRsOpts) },
    ]);
    const cLoop: Summary = { medianNs: c.medianNs, p99Ns: c.p99Ns, samples: iterations };
    return [
      row('FreeBSD getMemStats() through koffi on the shim', m.get('koffi')!, 'getMemStats() (koffi)', cLoop, 'C loop: the same 11 sysctlbyname calls', '≤ 3×', (r) => r <= 3),
      row('FreeBSD getMemStats(): ffi-rs vs koffi', m.get('ffi-rs')!, 'getMemStats() (ffi-rs)', m.get('koffi')!, 'getMemStats() (koffi)', 'report', null),
    ];
  },
};
