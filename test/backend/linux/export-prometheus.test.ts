import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { meminfoFamily } from '../../../src/export/collectors.js';
import { registerSource, registerSystemMetrics } from '../../../src/export/prometheus.js';
import { Source } from '../../../src/export/source.js';
import { listed, NODE_EXPORTER_ONLY, nodeExporterCpuZeros, SYSGRAB_ONLY } from '../../support/export-lists.js';
import { parseExposition, sampleKey, type Exposition } from '../../support/exposition.js';
import { caseDir, fixtureCases, procRootOf, tempDir } from '../../support/helpers.js';

/*
 * sysgrab/prometheus on the Linux fixtures against what node_exporter 1.5
 * itself exposed for the same procfs tree (expected/node_exporter-1.5.prom,
 * captured from the Debian binary by test/support/capture-node-exporter.sh):
 * every family both have must carry the same name, type, help and values,
 * exactly. test/live/export-*.test.ts runs the real binaries.
 */

const cases = fixtureCases('linux').filter((name) => existsSync(join(caseDir('linux', name), 'expected', 'node_exporter-1.5.prom')));

async function sysgrabExposition(procRoot: string, openMetrics = false): Promise<{ text: string; parsed: Exposition }> {
  const register = new Registry();
  if (openMetrics) register.setContentType(Registry.OPENMETRICS_CONTENT_TYPE as never);
  // The collectors node_exporter ran for the capture (the fs/disk/net ones are compared in export-fsdisknet.test.ts).
  const collectors = { filesystem: false, diskstats: false, netdev: false };
  registerSource(register as Registry, new Source({ platform: 'linux', procRoot, sysRoot: join(procRoot, '..', 'sys'), collectors }), { scrapeSuccess: true });
  const text = await register.metrics();
  return { text, parsed: parseExposition(text) };
}

function nodeExporter(name: string): Exposition {
  return parseExposition(readFileSync(join(caseDir('linux', name), 'expected', 'node_exporter-1.5.prom'), 'utf8'));
}

describe('sysgrab/prometheus against node_exporter 1.5 on the same procfs trees', () => {
  it('has cases', () => assert.ok(cases.length >= 8, cases.join(' ')));
  for (const name of cases) {
    it(`${name}: every node_memory_* family node_exporter has, sysgrab has, with the same type, help and value`, async () => {
      const ne = nodeExporter(name);
      const { parsed: sg } = await sysgrabExposition(procRootOf(name));
      let compared = 0;
      for (const f of ne.families.values()) {
        if (!f.name.startsWith('node_memory_')) continue;
        const mine = sg.families.get(f.name);
        assert.ok(mine, `${f.name} missing`);
        assert.equal(mine.type, f.type, f.name);
        assert.equal(mine.help, f.help, f.name);
        assert.deepEqual([...mine.samples], [...f.samples], f.name);
        compared++;
      }
      const expectMemory = name !== 'malformed-meminfo';
      assert.equal(compared > 0, expectMemory, `${compared} families compared`);
      // and nothing node_memory_* that node_exporter lacks
      for (const f of sg.families.values()) {
        if (f.name.startsWith('node_memory_') && f.samples.size > 0) assert.ok(ne.families.has(f.name), `${f.name} is not node_exporter's`);
      }
    });
    it(`${name}: node_scrape_collector_success{collector="meminfo"} as node_exporter's`, async () => {
      const key = sampleKey('node_scrape_collector_success', { collector: 'meminfo' });
      const { parsed } = await sysgrabExposition(procRootOf(name));
      assert.equal(parsed.families.get('node_scrape_collector_success')?.samples.get(key), nodeExporter(name).families.get('node_scrape_collector_success')?.samples.get(key));
    });
    it(`${name}: what only one of them has is on the documented lists`, async () => {
      const ne = nodeExporter(name);
      const { parsed: sg } = await sysgrabExposition(procRootOf(name));
      for (const f of sg.families.values()) {
        if (f.samples.size > 0 && !ne.families.has(f.name)) assert.ok(listed(SYSGRAB_ONLY, f.name), `sysgrab-only ${f.name} is not listed`);
      }
      for (const f of ne.families.values()) {
        if (f.samples.size > 0 && !sg.families.has(f.name)) assert.ok(listed(NODE_EXPORTER_ONLY, f.name), `node_exporter-only ${f.name} is not listed`);
      }
    });
  }
  it('OpenMetrics carries the same samples, counters as <family>_total, and ends with # EOF', async () => {
    const text = await sysgrabExposition(procRootOf('db-hugepages-psi-16g'));
    const om = await sysgrabExposition(procRootOf('db-hugepages-psi-16g'), true);
    assert.ok(om.parsed.eof);
    assert.ok(om.text.endsWith('# EOF\n'));
    assert.equal(om.parsed.families.get('sysgrab_scrape_errors')?.type, 'counter');
    const samples = (e: Exposition) => new Map([...e.families.values()].flatMap((f) => [...f.samples]));
    assert.deepEqual(samples(om.parsed), samples(text.parsed));
  });
  it('per-device swap from /proc/swaps (KiB x 1024, by hand: 8388604 x 1024 = 8589930496)', async () => {
    const { parsed } = await sysgrabExposition(procRootOf('db-hugepages-psi-16g'));
    const size = parsed.families.get('node_swap_size_bytes')!;
    assert.equal(size.type, 'gauge');
    assert.equal(size.samples.get(sampleKey('node_swap_size_bytes', { device: '/dev/nvme0n1p3' })), 8589930496);
    assert.equal(size.samples.get(sampleKey('node_swap_size_bytes', { device: '/swapfile' })), 8589934592);
    assert.equal(parsed.families.get('node_swap_used_bytes')!.samples.get(sampleKey('node_swap_used_bytes', { device: '/dev/nvme0n1p3' })), 4194304 * 1024);
  });
});

/** The families of the cpu, loadavg and stat collectors. */
const CPU_LOAD_STAT = ['node_cpu_seconds_total', 'node_cpu_guest_seconds_total', 'node_load1', 'node_load5', 'node_load15', 'node_intr_total', 'node_context_switches_total', 'node_boot_time_seconds'];

describe('cpu, loadavg and stat collectors against node_exporter 1.5 on the same procfs trees', () => {
  for (const name of cases) {
    it(`${name}: node_cpu_*, node_load*, node_intr_total, node_context_switches_total, node_boot_time_seconds as node_exporter's`, async () => {
      const ne = nodeExporter(name);
      const { parsed: sg } = await sysgrabExposition(procRootOf(name));
      const zeros = nodeExporterCpuZeros(procRootOf(name));
      let compared = 0;
      for (const family of CPU_LOAD_STAT) {
        const theirs = ne.families.get(family);
        const mine = sg.families.get(family);
        assert.ok(mine, `${family} not registered`);
        if (theirs === undefined || theirs.samples.size === 0) {
          assert.equal(mine.samples.size, 0, `${family}: sysgrab has samples node_exporter lacks`);
          continue;
        }
        assert.equal(mine.type, theirs.type, family);
        assert.equal(mine.help, theirs.help, family);
        for (const [key, v] of theirs.samples) {
          if (zeros.has(key)) {
            // A column the kernel does not print: node_exporter says 0, sysgrab leaves the series out.
            assert.equal(v, 0, key);
            assert.equal(mine.samples.get(key), undefined, key);
            continue;
          }
          assert.equal(mine.samples.get(key), v, key);
          compared++;
        }
        for (const key of mine.samples.keys()) assert.ok(theirs.samples.has(key), `${key} is not node_exporter's`);
      }
      assert.equal(compared > 0, existsSync(join(procRootOf(name), 'stat')), `${compared} samples compared`);
      for (const collector of ['cpu', 'loadavg', 'stat']) {
        const key = sampleKey('node_scrape_collector_success', { collector });
        assert.equal(sg.families.get('node_scrape_collector_success')?.samples.get(key), ne.families.get('node_scrape_collector_success')?.samples.get(key), key);
      }
    });
  }
  it('by hand: ticks / USER_HZ (100), the load averages and /proc/stat counters as printed', async () => {
    const rhel4 = (await sysgrabExposition(procRootOf('rhel4-8cpu'))).parsed;
    const v = (e: Exposition, family: string, labels?: Record<string, string>) => e.families.get(family)?.samples.get(sampleKey(family, labels));
    // cpu0 42536 798 4841 14790880 14778 124 3117 (kernel 2.6.9: seven columns, no steal, no guest)
    assert.equal(v(rhel4, 'node_cpu_seconds_total', { cpu: '0', mode: 'user' }), 425.36);
    assert.equal(v(rhel4, 'node_cpu_seconds_total', { cpu: '0', mode: 'idle' }), 147908.8);
    assert.equal(v(rhel4, 'node_cpu_seconds_total', { cpu: '0', mode: 'softirq' }), 31.17);
    assert.equal(v(rhel4, 'node_cpu_seconds_total', { cpu: '0', mode: 'steal' }), undefined);
    assert.equal(v(rhel4, 'node_cpu_guest_seconds_total', { cpu: '0', mode: 'user' }), undefined);
    const nova = (await sysgrabExposition(procRootOf('novaordis-2cpu-vm'))).parsed;
    // cpu1 ... steal 16259; loadavg "2.17 1.98 1.91 2/301 11734"; intr 5629954620; ctxt 8988684252; btime 1499371654
    assert.equal(v(nova, 'node_cpu_seconds_total', { cpu: '1', mode: 'steal' }), 162.59);
    assert.deepEqual([v(nova, 'node_load1'), v(nova, 'node_load5'), v(nova, 'node_load15')], [2.17, 1.98, 1.91]);
    assert.equal(v(nova, 'node_intr_total'), 5629954620);
    assert.equal(v(nova, 'node_context_switches_total'), 8988684252);
    assert.equal(v(nova, 'node_boot_time_seconds'), 1499371654);
    // node-exporter-8cpu: cpu7 ... guest 9 guest_nice 8
    const ne8 = (await sysgrabExposition(procRootOf('node-exporter-8cpu'))).parsed;
    assert.equal(v(ne8, 'node_cpu_guest_seconds_total', { cpu: '7', mode: 'user' }), 0.09);
    assert.equal(v(ne8, 'node_cpu_guest_seconds_total', { cpu: '7', mode: 'nice' }), 0.08);
  });
});

describe('a scrape never throws', () => {
  it('a failing getter drops its series and counts one error per scrape', async () => {
    const register = new Registry();
    const seen: string[] = [];
    registerSystemMetrics(register, { platform: 'linux', procRoot: procRootOf('malformed-meminfo'), onError: (c) => seen.push(c) });
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      await nextTurn();
      const e = parseExposition(await register.metrics());
      assert.equal([...e.families.values()].filter((f) => f.name.startsWith('node_memory_') && f.samples.size > 0).length, 0);
      counts.push(e.families.get('sysgrab_scrape_errors_total')!.samples.get(sampleKey('sysgrab_scrape_errors_total', { collector: 'meminfo' }))!);
    }
    assert.deepEqual([counts[1]! - counts[0]!, counts[2]! - counts[1]!], [1, 1]);
    assert.ok(seen.includes('meminfo'));
  });
  it('with every file gone, and with an onError that throws', async () => {
    const register = new Registry();
    registerSystemMetrics(register, {
      platform: 'linux',
      procRoot: '/nonexistent-sysgrab',
      onError: () => {
        throw new Error('hook');
      },
    });
    const e = parseExposition(await register.metrics());
    const samples = [...e.families.values()].flatMap((f) => [...f.samples.keys()]);
    assert.deepEqual(
      samples.filter((k) => !k.startsWith('sysgrab_scrape_errors_total')),
      [],
    );
  });
  it('files that change between scrapes: each scrape reads once, fresh', async () => {
    const t = tempDir();
    try {
      const { writeFileSync } = await import('node:fs');
      const write = (kb: number) => writeFileSync(join(t.dir, 'meminfo'), `MemTotal: 1000 kB\nMemFree: ${kb} kB\n`);
      write(100);
      const register = new Registry();
      registerSystemMetrics(register, { platform: 'linux', procRoot: t.dir });
      const free = async () =>
        parseExposition(await register.metrics())
          .families.get('node_memory_MemFree_bytes')!
          .samples.get('node_memory_MemFree_bytes');
      assert.equal(await free(), 102400);
      write(200);
      await nextTurn();
      assert.equal(await free(), 204800);
    } finally {
      t.remove();
    }
  });
});

describe('registerSystemMetrics options', () => {
  it('collectors: { swap: false } leaves the swap families out', async () => {
    const register = new Registry();
    const r = registerSystemMetrics(register, { platform: 'linux', procRoot: procRootOf('db-hugepages-psi-16g'), collectors: { swap: false } });
    assert.deepEqual(r.collectors, ['meminfo', 'zfs', 'pressure', 'container', 'cpu', 'loadavg', 'stat', 'filesystem', 'diskstats', 'netdev']);
    assert.equal(register.getSingleMetric('node_swap_size_bytes'), undefined);
  });
  it('unregister() removes every metric it added and nothing else', async () => {
    const register = new Registry();
    const { Gauge } = await import('prom-client');
    new Gauge({ name: 'app_thing', help: 'mine', registers: [register] });
    const r = registerSystemMetrics(register, { platform: 'linux', procRoot: procRootOf('db-hugepages-psi-16g') });
    assert.ok(register.getMetricsAsArray().length > 50);
    r.unregister();
    assert.deepEqual(
      register.getMetricsAsArray().map((m) => (m as { name: string }).name),
      ['app_thing'],
    );
  });
  it('a name the caller already registered is their error, at registration', async () => {
    const register = new Registry();
    const { Gauge } = await import('prom-client');
    new Gauge({ name: 'node_memory_MemTotal_bytes', help: 'mine', registers: [register] });
    assert.throws(() => registerSystemMetrics(register, { platform: 'linux', procRoot: procRootOf('db-hugepages-psi-16g') }), /already been registered/);
  });
  it("the metrics are prom-client's own Gauges and Counters: getMetricsAsJSON() and resetMetrics() work on them", async () => {
    const { Counter, Gauge } = await import('prom-client');
    const register = new Registry();
    registerSystemMetrics(register, { platform: 'linux', procRoot: procRootOf('db-hugepages-psi-16g') });
    assert.ok(register.getSingleMetric('node_memory_MemTotal_bytes') instanceof Gauge);
    assert.ok(register.getSingleMetric('sysgrab_scrape_errors_total') instanceof Counter);
    register.resetMetrics();
    const json = await register.getMetricsAsJSON();
    const total = json.find((m) => m.name === 'node_memory_MemTotal_bytes');
    assert.equal(total?.type, 'gauge');
    assert.equal(total?.values[0]?.value, 16707035136); // 16315464 kB x 1024
  });
  it('a platform without collectors gets the error counter only', async () => {
    const register = new Registry();
    assert.deepEqual(registerSystemMetrics(register, { platform: 'sunos' }).collectors, []);
  });
});

describe('meminfoFamily (node_exporter meminfo_linux.go naming)', () => {
  for (const [key, name, help, type] of [
    ['MemTotal', 'node_memory_MemTotal_bytes', 'Memory information field MemTotal_bytes.', 'gauge'],
    ['Active(anon)', 'node_memory_Active_anon_bytes', 'Memory information field Active_anon_bytes.', 'gauge'],
    ['HugePages_Total', 'node_memory_HugePages_Total', 'Memory information field HugePages_Total.', 'gauge'],
    ['NFS_Unstable', 'node_memory_NFS_Unstable_bytes', 'Memory information field NFS_Unstable_bytes.', 'gauge'],
  ] as const) {
    it(`${key} → ${name}`, () => assert.deepEqual(meminfoFamily(key), { name, help, type, labelNames: [] }));
  }
  it('a key that cannot make a metric name is left out', () => {
    assert.equal(meminfoFamily('Bad-Key'), undefined);
    assert.equal(meminfoFamily('Bad Key'), undefined);
  });
});
