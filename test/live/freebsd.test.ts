import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { getMemStats, getSwapStats } from '../../src/index.js';
import { cleanEnv, FREECOLOR } from '../support/helpers.js';

/*
 * Live FreeBSD: sysgrab against the host's own tools, on a real FreeBSD
 * (the Vagrant VMs of test/freebsd/, run by npm run test:freebsd). Skipped,
 * with the reason, on any other OS. Pages move between two reads, so
 * figures agree within a tolerance.
 */

const onFreeBSD = process.platform === 'freebsd';
const notFreeBSD = `live FreeBSD checks run on FreeBSD only (this is ${process.platform}); npm run test:freebsd runs them in VMs`;
/** Each test says why it is skipped, so the runner counts every skip. */
const skip = onFreeBSD ? false : notFreeBSD;
const skipUnless = (ok: () => boolean, why: string): string | false => (!onFreeBSD ? notFreeBSD : ok() ? false : why);

function sysctl(name: string): number | undefined {
  const r = spawnSync('sysctl', ['-n', name], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : undefined;
}

/** |a - b| within `pages` pages (or 1 % of the total, whichever is larger). */
function near(a: number, b: number, pageSize: number, total: number, what: string, pages = 2048): void {
  const tolerance = Math.max(pages * pageSize, total / 100);
  assert.ok(Math.abs(a - b) <= tolerance, `${what}: sysgrab ${a} vs the host ${b} (tolerance ${tolerance})`);
}

describe('live FreeBSD: sysgrab agrees with the host', () => {
  it('getMemStats() matches sysctl -n of the same names', { skip }, () => {
    const mem = getMemStats();
    const ps = sysctl('vm.stats.vm.v_page_size')!;
    const pages = (n: string) => (sysctl(`vm.stats.vm.${n}`) ?? 0) * ps;
    assert.equal(mem.total, pages('v_page_count'));
    near(mem.free, pages('v_free_count') + pages('v_inactive_count') + pages('v_cache_count'), ps, mem.total, 'free');
    near(mem.active!, pages('v_active_count'), ps, mem.total, 'active');
    near(mem.inactive!, pages('v_inactive_count'), ps, mem.total, 'inactive');
    near(mem.wired!, pages('v_wire_count'), ps, mem.total, 'wired');
    if (sysctl('vm.stats.vm.v_laundry_count') !== undefined) near(mem.laundry!, pages('v_laundry_count'), ps, mem.total, 'laundry');
    assert.equal(mem.used + mem.free, mem.total);
  });
  it('getSwapStats() matches swapinfo -k, per device and in total', { skip }, () => {
    const swap = getSwapStats();
    if (process.env.SYSGRAB_EXPECT_NO_SWAP === '1') {
      assert.deepEqual(swap, { total: 0, used: 0, free: 0, devices: [] });
      return;
    }
    // Device          1K-blocks     Used    Avail Capacity
    const lines = execFileSync('swapinfo', ['-k'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(1)
      .filter((l) => !l.startsWith('Total'));
    const devices = lines.map((l) => {
      const [name, blocks, used] = l.trim().split(/\s+/);
      return { name: name!, total: Number(blocks) * 1024, used: Number(used) * 1024 };
    });
    assert.deepEqual(
      swap.devices!.map((d) => d.name),
      devices.map((d) => d.name),
    );
    const ps = sysctl('hw.pagesize')!;
    swap.devices!.forEach((d, i) => {
      near(d.total, devices[i]!.total, ps, d.total, `${d.name} total`, 0);
      near(d.used, devices[i]!.used, ps, d.total, `${d.name} used`);
    });
    assert.equal(
      swap.total,
      swap.devices!.reduce((s, d) => s + d.total, 0),
    );
  });
  it('getSwapStats() through the vm.swap_info fallback gives the same devices (libkvm pointed elsewhere)', { skip }, () => {
    const viaKvm = getSwapStats();
    const viaSysctl = getSwapStats({ freebsd: { libkvm: '/nonexistent/libkvm.so.7' } });
    assert.deepEqual(
      viaSysctl.devices!.map((d) => d.name),
      viaKvm.devices!.map((d) => d.name),
    );
    // Older libkvm subtracts vm.dmmax (a few dozen pages) from each device's
    // size; vm.swap_info gives the raw size. Allow for that, no more.
    const ps = sysctl('hw.pagesize')!;
    for (const [i, d] of viaSysctl.devices!.entries()) near(d.total, viaKvm.devices![i]!.total, ps, 0, `${d.name} total`, 1024);
    near(viaSysctl.total, viaKvm.total, ps, 0, 'total', 1024 * viaKvm.devices!.length);
  });
  it('ZFS ARC figures match kstat.zfs.misc.arcstats', {
    skip: skipUnless(() => sysctl('kstat.zfs.misc.arcstats.size') !== undefined, 'ZFS is not loaded on this host (the Vagrant provisioning loads it)'),
  }, () => {
    const mem = getMemStats();
    assert.ok(mem.arc, 'arc reported');
    assert.equal(mem.arc.min, sysctl('kstat.zfs.misc.arcstats.c_min'));
    assert.equal(mem.arc.max, sysctl('kstat.zfs.misc.arcstats.c_max'));
    near(mem.arc.size, sysctl('kstat.zfs.misc.arcstats.size')!, 4096, mem.total, 'arc.size');
    assert.ok(mem.available >= mem.free);
  });
  it('freecolor -o agrees with the real freecolor -o', {
    skip: skipUnless(() => spawnSync('sh', ['-c', 'command -v freecolor']).status === 0, 'freecolor is not installed (pkg install freecolor)'),
  }, () => {
    const theirs = execFileSync('freecolor', ['-o'], { encoding: 'utf8' });
    const ours = execFileSync(process.execPath, [FREECOLOR, '-o'], { encoding: 'utf8', env: cleanEnv() });
    const rows = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/));
    const [theirHead, ...theirRows] = rows(theirs);
    const [ourHead, ...ourRows] = rows(ours);
    assert.deepEqual(ourHead, theirHead, 'same columns');
    assert.deepEqual(
      ourRows.map((r) => r[0]),
      theirRows.map((r) => r[0]),
      'same rows',
    );
    const totalKib = Number(ourRows[0]![1]);
    for (const [i, r] of ourRows.entries()) {
      for (const [j, v] of r.slice(1).entries()) {
        // Figures in KiB, within 1 % of physical memory (pages move between the two runs).
        assert.ok(Math.abs(Number(v) - Number(theirRows[i]![j + 1])) <= totalKib / 100, `${r[0]} column ${j + 1}: ours ${v}, theirs ${theirRows[i]![j + 1]}`);
      }
    }
  });
});
