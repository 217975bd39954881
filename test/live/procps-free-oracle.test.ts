import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { human } from '../../src/cli/common/units.js';
import { hasCommand, tempDir } from '../support/helpers.js';

/*
 * procps-ng's `free -h` is the oracle for freecolor -h's suffixes and
 * layout: it reads a crafted /proc/meminfo bind-mounted over the real one in
 * a private mount namespace. Where procps prints one decimal (below 9.95 of
 * a unit) the two must agree; where it prints whole numbers it truncates
 * (9.96 GiB -> 9Gi) and sysgrab rounds (10Gi), as the README says.
 */

function unavailable(): string | false {
  if (process.platform !== 'linux') return 'the oracle bind-mounts over Linux /proc';
  if (!hasCommand('free') || !hasCommand('unshare')) return 'free (procps) or unshare is not installed (.ci/run installs procps and util-linux)';
  const version = spawnSync('free', ['--version'], { encoding: 'utf8' }).stdout;
  const major = /procps-ng (\d+)/.exec(version)?.[1];
  if (major === undefined || Number(major) < 4) return `free is not procps-ng 4 or later (${version.trim()})`;
  if (spawnSync('unshare', ['-m', 'true']).status !== 0) return 'unshare -m is not permitted here (needs CAP_SYS_ADMIN)';
  return false;
}

const skip = unavailable();
const tmp = tempDir('sysgrab-free-oracle-');
after(() => tmp.remove());

/** `free -h` columns for a meminfo with these KiB figures: Mem total, free, shared; Swap total, free. */
function freeH(kib: { total: number; free: number; shared: number; swapTotal: number; swapFree: number }): string[] {
  const file = join(tmp.dir, 'meminfo');
  writeFileSync(
    file,
    [
      `MemTotal: ${kib.total} kB`,
      `MemFree: ${kib.free} kB`,
      `MemAvailable: ${kib.free} kB`,
      'Buffers: 0 kB',
      'Cached: 0 kB',
      `Shmem: ${kib.shared} kB`,
      'SReclaimable: 0 kB',
      `SwapTotal: ${kib.swapTotal} kB`,
      `SwapFree: ${kib.swapFree} kB`,
      '',
    ].join('\n'),
  );
  const r = spawnSync('unshare', ['-m', 'sh', '-c', 'mount --bind "$1" /proc/meminfo && exec free -h', 'sh', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const mem = r.stdout
    .split('\n')
    .find((l) => l.startsWith('Mem:'))!
    .split(/\s+/);
  const swap = r.stdout
    .split('\n')
    .find((l) => l.startsWith('Swap:'))!
    .split(/\s+/);
  // Mem: total used free shared buff/cache available; Swap: total used free.
  return [mem[1]!, mem[3]!, mem[4]!, swap[1]!, swap[3]!];
}

describe('-h agrees with procps-ng free -h', { skip }, () => {
  // KiB figures whose one-decimal or small forms both print the same way.
  const agree = [
    { total: 8009216, free: 10433331 - 10000000, shared: 8908, swapTotal: 1023, swapFree: 512 },
    { total: 10433331, free: 1, shared: 0, swapTotal: 2097152, swapFree: 1536 },
    { total: 65536, free: 1000, shared: 999, swapTotal: 4194304 * 1024 - 1024, swapFree: 24 },
  ];
  for (const kib of agree) {
    it(`where free prints one decimal or a small figure: ${JSON.stringify(kib)}`, () => {
      const ours = [kib.total, kib.free, kib.shared, kib.swapTotal, kib.swapFree].map((k) => human(k * 1024));
      assert.deepEqual(ours, freeH(kib));
    });
  }

  it('where free truncates a whole figure, sysgrab rounds (the documented difference)', () => {
    // 9.96 GiB and 15.6 GiB: free prints 9Gi and 15Gi; sysgrab 10Gi and 16Gi.
    const kib = { total: 16357785, free: 10443817, shared: 0, swapTotal: 0, swapFree: 0 };
    const [total, free] = freeH(kib);
    assert.deepEqual([total, free], ['15Gi', '9Gi']);
    assert.deepEqual([human(kib.total * 1024), human(kib.free * 1024)], ['16Gi', '10Gi']);
  });
});
