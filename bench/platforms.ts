import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { getMemStats, getSwapStats, type StatOptions } from '../src/index.js';
import { type Area, measure, QUICK, type Row, row, type Summary } from './lib.js';

/*
 * macOS, Windows and OpenBSD through their ABI doubles: each backend's
 * getter through koffi against a C loop making the same calls on the same
 * double (native-shims/bench/<double>-*.c), and ffi-rs against koffi where
 * it has binaries (macOS, Windows).
 */

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');

function cLoop(bench: string, args: string[], env: Record<string, string>): Summary {
  const out = JSON.parse(execFileSync(join(ROOT, 'native-shims', 'build', `bench-${bench}`), args, { env: { ...process.env, ...env }, encoding: 'utf8' })) as {
    medianNs: number;
    p99Ns: number;
    iterations: number;
  };
  return { medianNs: out.medianNs, p99Ns: out.p99Ns, samples: out.iterations };
}

export const platformsArea: Area = {
  name: 'macOS, Windows, OpenBSD on their doubles',
  async rows(): Promise<Row[]> {
    const built = execFileSync('sh', [join(ROOT, 'native-shims', 'build.sh')], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const lib = (double: string) => built.find((l) => l.endsWith(`/lib${double}.so`))!;
    const snapshots = {
      FAKEDARWIN_SNAPSHOT: join(FIXTURES, 'darwin', 'm2pro-16g-pressure', 'snapshot.darwin'),
      FAKEWIN_SNAPSHOT: join(FIXTURES, 'win32', 'exchange-128g-two-pagefiles', 'snapshot.win'),
      FAKEOPENBSD_SNAPSHOT: join(FIXTURES, 'openbsd', 'rpi4-arm64-4g-swap', 'snapshot.openbsd'),
    };
    Object.assign(process.env, snapshots);
    const darwin = (ffi: 'koffi' | 'ffi-rs'): StatOptions => ({ platform: 'darwin', darwin: { libSystem: lib('fakedarwin') }, ffi });
    const win32: StatOptions = { platform: 'win32', win32: { kernel32: lib('fakewin'), psapi: lib('fakewin') }, ffi: 'koffi' };
    const win32FfiRs: StatOptions = { ...win32, ffi: 'ffi-rs' };
    const openbsd: StatOptions = { platform: 'openbsd', openbsd: { libc: lib('fakeopenbsd') }, ffi: 'koffi' };
    const n = QUICK ? 5_000 : 100_000;
    const few = QUICK ? 200 : 5_000;
    const c = {
      darwin: cLoop('darwin-mem', [String(n)], snapshots),
      winMem: cLoop('win-mem', ['mem', String(n)], snapshots),
      winSwap: cLoop('win-mem', ['swap', String(n)], snapshots),
      openbsd: cLoop('openbsd-mem', [String(n)], snapshots),
    };
    const darwinKoffi = darwin('koffi');
    const darwinFfiRs = darwin('ffi-rs');
    // koffi against the C loops first, on their own: ffi-rs's allocations
    // (its calls cost 20× more) would put their collections in these rounds.
    const m = await measure([
      { name: 'darwin', calls: n, fn: () => getMemStats(darwinKoffi) },
      { name: 'win mem', calls: n, fn: () => getMemStats(win32) },
      { name: 'win swap', calls: n, fn: () => getSwapStats(win32) },
      { name: 'openbsd', calls: n, fn: () => getMemStats(openbsd) },
    ]);
    const rs = await measure([
      { name: 'darwin', calls: few, fn: () => getMemStats(darwinKoffi) },
      { name: 'darwin ffi-rs', calls: few, fn: () => getMemStats(darwinFfiRs) },
      { name: 'win mem', calls: few, fn: () => getMemStats(win32) },
      { name: 'win mem ffi-rs', calls: few, fn: () => getMemStats(win32FfiRs) },
    ]);
    const within3 = (r: number) => r <= 3;
    return [
      row('macOS getMemStats() through koffi on the double', m.get('darwin')!, 'getMemStats() (koffi)', c.darwin, 'C loop: host_statistics64, host_page_size, sysctlbyname', '≤ 3×', within3),
      row('macOS getMemStats(): ffi-rs vs koffi', rs.get('darwin ffi-rs')!, 'getMemStats() (ffi-rs)', rs.get('darwin')!, 'getMemStats() (koffi)', 'report', null),
      row('Windows getMemStats() through koffi on the double', m.get('win mem')!, 'getMemStats() (koffi)', c.winMem, 'C loop: GlobalMemoryStatusEx, GetPerformanceInfo', '≤ 3×', within3),
      row('Windows getMemStats(): ffi-rs vs koffi', rs.get('win mem ffi-rs')!, 'getMemStats() (ffi-rs)', rs.get('win mem')!, 'getMemStats() (koffi)', 'report', null),
      row(
        'Windows getSwapStats() through koffi (EnumPageFilesW callback)',
        m.get('win swap')!,
        'getSwapStats() (koffi)',
        c.winSwap,
        'C loop: GetPerformanceInfo, EnumPageFilesW, C callback',
        '≤ 3×',
        within3,
      ),
      row('OpenBSD getMemStats() through koffi on the double', m.get('openbsd')!, 'getMemStats() (koffi)', c.openbsd, 'C loop: sysctl by MIB ×3', '≤ 3×', within3),
    ];
  },
};
