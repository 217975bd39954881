import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { registerSystemMetrics } from '../../../src/export/prometheus.js';
import { parseExposition, sampleKey } from '../../support/exposition.js';
import { expectedJson, fixtureCases, withEnvAsync } from '../../support/helpers.js';
import { freebsdEnv, freebsdSnapshot, shimLibrary, shimUnavailable } from '../../support/shim.js';

/*
 * sysgrab/prometheus on FreeBSD, through the real FFI path into the ABI
 * double serving each snapshot. Expected values are node_exporter's
 * memory_bsd.go formulas applied by hand to the snapshot's sysctls (page
 * counts x vm.stats.vm.v_page_size), and the swap figures of the case's
 * expected/swap.json (checked against swapinfo arithmetic by the
 * FreeBSD backend's own tests).
 */

const skip = shimUnavailable() ?? false;
before(() => {
  if (!skip) shimLibrary();
});

function sysctls(name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(freebsdSnapshot(name), 'utf8').split('\n')) {
    const m = /^([a-z][\w.]*): (\d+)$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

interface SwapJson {
  total: number;
  used: number;
  devices: { name: string; total: number; used: number }[];
}

const value = (e: ReturnType<typeof parseExposition>, family: string, labels?: Record<string, string>) => e.families.get(family)?.samples.get(sampleKey(family, labels));

describe('sysgrab/prometheus on FreeBSD (memory_bsd.go names), through the double', { skip }, () => {
  for (const name of fixtureCases('freebsd', 'mem')) {
    it(name, async () => {
      const s = sysctls(name);
      const ps = s.get('vm.stats.vm.v_page_size')!;
      const pages = (k: string) => (s.has(`vm.stats.vm.${k}`) ? s.get(`vm.stats.vm.${k}`)! * ps : undefined);
      const swap = expectedJson<SwapJson>('freebsd', name, 'swap');
      const text = await withEnvAsync(freebsdEnv(name), async () => {
        const register = new Registry();
        registerSystemMetrics(register);
        return register.metrics();
      });
      const e = parseExposition(text);
      const value = (family: string, labels?: Record<string, string>) => e.families.get(family)?.samples.get(sampleKey(family, labels));
      const expected: Record<string, number | undefined> = {
        node_memory_size_bytes: pages('v_page_count'),
        node_memory_free_bytes: pages('v_free_count'),
        node_memory_active_bytes: pages('v_active_count'),
        node_memory_inactive_bytes: pages('v_inactive_count'),
        node_memory_wired_bytes: pages('v_wire_count'),
        node_memory_laundry_bytes: pages('v_laundry_count'),
        // sysgrab reads an absent v_cache_count (FreeBSD 12+) as 0, as memory.md says.
        node_memory_cache_bytes: pages('v_cache_count') ?? 0,
        node_memory_swap_size_bytes: swap.total,
        node_memory_swap_used_bytes: swap.used,
        node_zfs_arcstats_size_bytes: s.get('kstat.zfs.misc.arcstats.size'),
        node_zfs_arcstats_c_min_bytes: s.get('kstat.zfs.misc.arcstats.c_min'),
        node_zfs_arcstats_c_max_bytes: s.get('kstat.zfs.misc.arcstats.c_max'),
      };
      for (const [family, v] of Object.entries(expected)) {
        assert.equal(value(family), v, family);
        assert.equal(e.families.get(family)?.type, 'gauge', family);
      }
      assert.equal(e.families.get('node_memory_size_bytes')?.help, 'Total physical memory size');
      for (const d of swap.devices) {
        assert.equal(value('node_swap_size_bytes', { device: d.name }), d.total);
        assert.equal(value('node_swap_used_bytes', { device: d.name }), d.used);
      }
      assert.equal(value('sysgrab_scrape_errors_total', { collector: 'meminfo' }), 0);
      assert.equal(e.families.has('node_memory_MemTotal_bytes'), false, 'no Linux names on FreeBSD');

      // loadavg_bsd.go: vm.loadavg's ldavg[i] / fscale; boot_time_bsd.go: sec + usec / 1e6.
      const snapshot = readFileSync(freebsdSnapshot(name), 'utf8');
      const load = /^loadavg: (\d+) (\d+) (\d+) (\d+)$/m.exec(snapshot)!;
      const fscale = Number(load[4]);
      assert.deepEqual([value('node_load1'), value('node_load5'), value('node_load15')], [Number(load[1]) / fscale, Number(load[2]) / fscale, Number(load[3]) / fscale]);
      assert.equal(e.families.get('node_load1')?.help, '1m load average.');
      const boot = /^kern\.boottime: \{ sec = (\d+), usec = (\d+) \}/m.exec(snapshot)!;
      assert.equal(value('node_boot_time_seconds'), Number(boot[1]) + Number(boot[2]) / 1e6);
      assert.equal(e.families.get('node_boot_time_seconds')?.help, 'Unix time of last boot, including microseconds.');
      // kern.cp_times count stathz ticks, a rate sysgrab does not read: no node_cpu_seconds_total rather than a wrong one.
      assert.equal(e.families.has('node_cpu_seconds_total'), false);
      for (const c of ['loadavg', 'boottime']) assert.equal(value('sysgrab_scrape_errors_total', { collector: c }), 0, c);
    });
  }
  it('by hand: 13-laptop-zfs-16g loadavg 1310 1087 922 / 2048, boottime 1700000000 s + 250000 µs', async () => {
    const text = await withEnvAsync(freebsdEnv('13-laptop-zfs-16g'), async () => {
      const register = new Registry();
      registerSystemMetrics(register);
      return register.metrics();
    });
    const e = parseExposition(text);
    assert.equal(e.families.get('node_load1')?.samples.get('node_load1'), 0.6396484375);
    assert.equal(e.families.get('node_load15')?.samples.get('node_load15'), 0.4501953125);
    assert.equal(e.families.get('node_boot_time_seconds')?.samples.get('node_boot_time_seconds'), 1700000000.25);
  });
  it("filesystem on fsdisknet-14-zfs-server: node_exporter's FreeBSD excludes (mount points under /dev, devfs), blocks x f_bsize, by hand from its expected/fs.json", async () => {
    const text = await withEnvAsync(freebsdEnv('fsdisknet-14-zfs-server'), async () => {
      const register = new Registry();
      registerSystemMetrics(register);
      return register.metrics();
    });
    const e = parseExposition(text);
    const mounts = (family: string) => [...(e.families.get(family)?.samples.keys() ?? [])].map((k) => /mountpoint="([^"]*)"/.exec(k)![1]);
    // /dev, /dev/fd and the jail's /dev (devfs) are out; procfs and tmpfs stay (FreeBSD's fs-types-exclude is ^devfs$).
    assert.deepEqual(mounts('node_filesystem_size_bytes').sort(), [
      '/',
      '/home',
      '/mnt/backups',
      '/proc',
      '/tmp',
      '/usr/jails/www',
      '/usr/jails/www/usr/local/www/shared',
      '/usr/ports',
      '/usr/src',
      '/var/log',
      '/var/run/shm',
      '/var/tmp',
      '/zroot',
    ]);
    const at = (family: string, device: string, fstype: string, mountpoint: string) => e.families.get(family)?.samples.get(sampleKey(family, { device, fstype, mountpoint }));
    // zroot/ROOT/default: 1866462336 blocks of 512, 1846032192 free and available, 1846512011 inodes, 1846032192 free.
    assert.equal(at('node_filesystem_size_bytes', 'zroot/ROOT/default', 'zfs', '/'), 1866462336 * 512);
    assert.equal(at('node_filesystem_free_bytes', 'zroot/ROOT/default', 'zfs', '/'), 1846032192 * 512);
    assert.equal(at('node_filesystem_avail_bytes', 'zroot/ROOT/default', 'zfs', '/'), 1846032192 * 512);
    assert.equal(at('node_filesystem_files', 'zroot/ROOT/default', 'zfs', '/'), 1846512011);
    assert.equal(at('node_filesystem_files_free', 'zroot/ROOT/default', 'zfs', '/'), 1846032192);
    assert.equal(at('node_filesystem_readonly', 'zroot/ROOT/default', 'zfs', '/'), 0);
    // The jail's read-only nullfs.
    assert.equal(at('node_filesystem_readonly', '/usr/local/www/shared', 'nullfs', '/usr/jails/www/usr/local/www/shared'), 1);
    // tmpfs: 524288 blocks of 4096.
    assert.equal(at('node_filesystem_size_bytes', 'tmpfs', 'tmpfs', '/var/run/shm'), 524288 * 4096);
    assert.equal(value(e, 'sysgrab_scrape_errors_total', { collector: 'filesystem' }), 0);
    // FreeBSD's node_exporter has devstat rather than diskstats, and other netdev fields: neither runs here.
    assert.equal([...e.families.keys()].filter((f) => /^node_(disk|network)_/.test(f)).length, 0);
  });
});
