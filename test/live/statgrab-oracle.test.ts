import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { getMemStats, getSwapStats } from '../../src/index.js';
import { fixtureCases, procRootOf } from '../support/helpers.js';

/*
 * Debian's libstatgrab is the oracle: statgrab reads a fixture bind-mounted
 * over /proc/meminfo (and /proc/swaps) in a private mount namespace, and
 * sysgrab must report the same figures. .ci/run installs statgrab.
 */

const FIELDS = ['mem.total', 'mem.free', 'mem.used', 'mem.cache', 'swap.total', 'swap.used', 'swap.free'];

function statgrabAt(fixture: string): { ok: true; values: Record<string, number> } | { ok: false; why: string } {
  const script = `mount --bind "$1/meminfo" /proc/meminfo && mount --bind "$1/swaps" /proc/swaps && exec statgrab ${FIELDS.join(' ')}`;
  const r = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', fixture], { encoding: 'utf8' });
  if (r.error) return { ok: false, why: `unshare cannot run: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, why: `unshare/mount/statgrab failed: ${r.stderr.trim() || `exit ${r.status}`}` };
  const values: Record<string, number> = {};
  for (const line of r.stdout.trim().split('\n')) {
    const [k, v] = line.split(' = ');
    values[k!] = Number(v);
  }
  return { ok: true, values };
}

function unavailable(): string | false {
  if (process.platform !== 'linux') return 'the oracle bind-mounts over Linux /proc';
  const which = spawnSync('sh', ['-c', 'command -v statgrab && command -v unshare'], { encoding: 'utf8' });
  if (which.status !== 0) return 'statgrab or unshare is not installed (.ci/run installs the statgrab Debian package)';
  const probe = spawnSync('unshare', ['-m', 'true']);
  if (probe.status !== 0) return 'unshare -m is not permitted here (needs CAP_SYS_ADMIN)';
  return false;
}

const skip = unavailable();

describe("sysgrab agrees with Debian's libstatgrab (statgrab)", { skip }, () => {
  for (const name of fixtureCases('linux', 'mem')) {
    it(name, () => {
      const fixture = procRootOf(name);
      const oracle = statgrabAt(fixture);
      assert.ok(oracle.ok, oracle.ok ? '' : oracle.why);
      const mem = getMemStats({ platform: 'linux', procRoot: fixture });
      const swap = getSwapStats({ platform: 'linux', procRoot: fixture });
      assert.deepEqual(
        { 'mem.total': mem.total, 'mem.free': mem.free, 'mem.used': mem.used, 'mem.cache': mem.cache, 'swap.total': swap.total, 'swap.used': swap.used, 'swap.free': swap.free },
        oracle.values,
      );
    });
  }
});
