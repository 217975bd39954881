import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { getMeminfo } from '../../src/index.js';
import { listed, NODE_EXPORTER_ONLY, nodeExporterCpuZeros, SYSGRAB_ONLY } from '../support/export-lists.js';
import { type Exposition, type ParsedFamily, parseExposition } from '../support/exposition.js';
import { fixtureCases, procRootOf, sysRootOf } from '../support/helpers.js';
import { http, oraclesUnavailable, promtoolFindings, type Running, startNodeExporter, startSysgrabExporter, stopAll } from '../support/servers.js';

/*
 * The real things side by side: bin/sysgrab-exporter and Debian's
 * prometheus-node-exporter 1.5 (--collector.disable-defaults and the
 * collectors sysgrab serves: meminfo, pressure, zfs, cpu, loadavg, stat),
 * both on 127.0.0.1.
 * - On every Linux fixture, both pointed at the same procfs tree
 *   (--path.procfs): every family both expose has the same name, type, help
 *   and values, exactly; promtool finds nothing in sysgrab's exposition
 *   beyond the camelCase findings it reports on node_exporter's.
 * - On this machine's /proc: totals exactly; the rest between what sysgrab
 *   read just before and just after node_exporter (widened by that change).
 */

const skip = oraclesUnavailable('prometheus-node-exporter', 'promtool');
after(stopAll);

const CAMEL = / metric names should be written in 'snake_case' not 'camelCase'$/;

/** Figures that do not move while a machine runs (the boot time moves only when the clock is stepped). */
const CONSTANT =
  /^(node_memory_(MemTotal|SwapTotal|VmallocTotal|Hugepagesize|HugePages_Total|CommitLimit|CmaTotal)(_bytes)?|node_boot_time_seconds|node_filesystem_(size_bytes|files|readonly|device_error))$/;

/** node_exporter's collectors that sysgrab serves on Linux, less filesystem, diskstats and netdev. */
const COLLECTORS = ['meminfo', 'pressure', 'zfs', 'cpu', 'loadavg', 'stat'];
const FSDISKNET = ['filesystem', 'diskstats', 'netdev'];
const NO_FSDISKNET = FSDISKNET.map((c) => `--no-collector.${c}`);

/** A name of the fsdisknet fixtures no kernel can make (a colon): procfs keeps it, sysgrab skips the line as libstatgrab does. */
const SKIPPED_DEVICE = 'device="ibr10:30"';

async function scrape(server: Running): Promise<{ text: string; parsed: Exposition }> {
  const r = await http(server.port, '/metrics');
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return { text: r.body, parsed: parseExposition(r.body) };
}

/**
 * node_* families node_exporter has with samples that sysgrab has too
 * (node_memory_*, node_scrape_collector_success). Both also serve their own
 * process_* metrics, of two different processes: not compared.
 */
function shared(ne: Exposition, sg: Exposition): [ParsedFamily, ParsedFamily][] {
  return [...ne.families.values()].filter((f) => f.name.startsWith('node_') && f.samples.size > 0 && sg.families.has(f.name)).map((f) => [f, sg.families.get(f.name)!]);
}

/** Families with samples in `a` that `b` lacks (process_* of either exporter is its own). */
function onlyIn(a: Exposition, b: Exposition): string[] {
  return [...a.families.values()].filter((f) => f.samples.size > 0 && !b.families.has(f.name)).map((f) => f.name);
}

const cases = fixtureCases('linux').filter((name) => existsSync(join(procRootOf(name), 'meminfo')));

describe('sysgrab-exporter beside node_exporter 1.5 on the same procfs tree', { skip }, () => {
  it('has fixtures', () => assert.ok(cases.length >= 8));
  for (const name of cases) {
    it(`${name}: same families, types, help, values; promtool: only node_exporter's own camelCase findings`, async () => {
      // node_exporter's cpu collector reads sysfs too (thermal throttles): the case's, or an empty one, never this machine's.
      const emptySys = existsSync(sysRootOf(name)) ? undefined : mkdtempSync(join(tmpdir(), 'sysgrab-empty-sys-'));
      const sysfs = emptySys ?? sysRootOf(name);
      // The fs/disk/net collectors: on their own fixtures below (node_exporter's filesystem would statfs this machine's mounts).
      const sysgrab = await startSysgrabExporter([`--path.procfs=${procRootOf(name)}`, `--path.sysfs=${sysfs}`, ...NO_FSDISKNET]);
      const ne = await startNodeExporter([`--path.procfs=${procRootOf(name)}`, `--path.sysfs=${sysfs}`], COLLECTORS);
      // node_exporter 1.5 reads pressure/cpu first and gives up on pressure without it.
      const pressureComparable = existsSync(join(procRootOf(name), 'pressure', 'cpu')) || !existsSync(join(procRootOf(name), 'pressure', 'memory'));
      const zeros = nodeExporterCpuZeros(procRootOf(name));
      try {
        const sg = await scrape(sysgrab);
        const nx = await scrape(ne);
        let compared = 0;
        let cpuCompared = 0;
        for (const [n, s] of shared(nx.parsed, sg.parsed)) {
          // node_exporter's Linux ZFS kstats are untyped; prom-client has no untyped: gauges.
          assert.equal(s.type, n.type === 'untyped' && n.name.startsWith('node_zfs_arc_') ? 'gauge' : n.type, n.name);
          assert.equal(s.help, n.help, n.name);
          for (const [key, v] of n.samples) {
            if (key.includes('collector="pressure"') && !pressureComparable) continue;
            // sysgrab's zfs collector is the ARC's size and bounds, node_exporter's every ZFS kstat.
            if (key.includes('collector="zfs"')) continue;
            if (zeros.has(key)) {
              // A /proc/stat column this kernel does not print: node_exporter says 0, sysgrab has no series.
              assert.equal(v, 0, key);
              assert.equal(s.samples.get(key), undefined, key);
              continue;
            }
            assert.equal(s.samples.get(key), v, key);
            if (n.name.startsWith('node_memory_')) compared++;
            if (n.name.startsWith('node_cpu_')) cpuCompared++;
          }
        }
        assert.equal(cpuCompared > 0, existsSync(join(procRootOf(name), 'stat')), `${cpuCompared} node_cpu_ samples compared`);
        // malformed-meminfo: node_exporter's meminfo collector fails there (success 0, compared above), no samples.
        assert.equal(compared > 0, name !== 'malformed-meminfo', `${compared} node_memory_ samples compared`);
        if (name === 'malformed-meminfo') {
          await scrape(sysgrab);
          // Logged once (then at most once a minute), as a sentence with the StatError's code.
          const logged =
            sysgrab
              .stderr()
              .match(/level=error msg="collector failed; its series are left out of the scrape" collector=meminfo err="PARSE: cannot parse .*meminfo: the value of MemFree is not a number"/g) ?? [];
          assert.equal(logged.length, 1, sysgrab.stderr());
          assert.match((await scrape(sysgrab)).text, /^sysgrab_scrape_errors_total\{collector="meminfo"\} [1-9]\d*$/m);
        }
        for (const f of onlyIn(sg.parsed, nx.parsed)) assert.ok(listed(SYSGRAB_ONLY, f), `sysgrab-only ${f} is not on the list`);
        for (const f of onlyIn(nx.parsed, sg.parsed)) assert.ok(listed(NODE_EXPORTER_ONLY, f), `node_exporter-only ${f} is not on the list`);

        const neFindings = promtoolFindings(nx.text);
        const sgFindings = promtoolFindings(sg.text);
        for (const f of sgFindings) {
          assert.match(f, CAMEL, f);
          assert.ok(neFindings.includes(f), `promtool finds on sysgrab only: ${f}`);
        }
        // The same names, so the same findings: none missing either.
        assert.deepEqual(sgFindings.sort(), neFindings.sort());
      } finally {
        await Promise.all([sysgrab.stop(), ne.stop()]);
        if (emptySys !== undefined) rmdirSync(emptySys);
      }
    });
  }
  it('promtool does flag what it should (the check has teeth)', () => {
    const findings = promtoolFindings('# HELP x_seconds t\n# TYPE x_seconds counter\nx_seconds 1\n# TYPE y gauge\ny 1\n');
    assert.deepEqual(findings.sort(), ['x_seconds counter metrics should have "_total" suffix', 'y no help text']);
  });
});

const fsdisknetCases = fixtureCases('linux').filter((name) => existsSync(join(procRootOf(name), 'diskstats')));

describe('diskstats and netdev beside node_exporter 1.5 on the fs/disk/net fixtures', { skip }, () => {
  it('has the three cases', () => assert.equal(fsdisknetCases.length, 3));
  for (const name of fsdisknetCases) {
    it(`${name}: node_disk_* and node_network_* both serve: same type, help, values; promtool: nothing on either`, async () => {
      const paths = [`--path.procfs=${procRootOf(name)}`, `--path.sysfs=${sysRootOf(name)}`];
      const udev = mkdtempSync(join(tmpdir(), 'sysgrab-empty-udev-'));
      const sysgrab = await startSysgrabExporter([...paths, '--collector.disable-defaults', '--collector.diskstats', '--collector.netdev']);
      // node_exporter 1.5's netdev reads netlink (this machine's interfaces) unless told to read <procfs>/net/dev.
      const ne = await startNodeExporter([...paths, `--path.udev.data=${udev}`, '--no-collector.netdev.netlink'], ['diskstats', 'netdev']);
      try {
        const sg = await scrape(sysgrab);
        const nx = await scrape(ne);
        let compared = 0;
        for (const [n, s] of shared(nx.parsed, sg.parsed)) {
          assert.equal(s.type, n.type, n.name);
          assert.equal(s.help, n.help, n.name);
          for (const [key, v] of n.samples) {
            if (key.includes(SKIPPED_DEVICE)) continue;
            assert.equal(s.samples.get(key), v, key);
            compared++;
          }
          for (const key of s.samples.keys()) assert.ok(n.samples.has(key), `${key} is not node_exporter's`);
        }
        assert.ok(compared >= 11 * 3, `${compared} samples compared`);
        for (const f of onlyIn(sg.parsed, nx.parsed)) assert.ok(listed(SYSGRAB_ONLY, f), `sysgrab-only ${f} is not on the list`);
        for (const f of onlyIn(nx.parsed, sg.parsed)) assert.ok(listed(NODE_EXPORTER_ONLY, f), `node_exporter-only ${f} is not on the list`);
        assert.deepEqual(promtoolFindings(nx.text), []);
        assert.deepEqual(promtoolFindings(sg.text), []);
      } finally {
        await Promise.all([sysgrab.stop(), ne.stop()]);
        rmdirSync(udev);
      }
    });
  }
});

describe("sysgrab-exporter beside node_exporter 1.5 on this machine's /proc", { skip }, () => {
  it('totals exactly, the rest within what moved between two sysgrab reads around node_exporter', async (t) => {
    const sysgrab = await startSysgrabExporter();
    const ne = await startNodeExporter([], [...COLLECTORS, ...FSDISKNET]);
    const zeros = nodeExporterCpuZeros('/proc');
    try {
      const total = getMeminfo().MemTotal;
      let failures: string[] = [];
      let attempt = 0;
      let sgOnly: string[] = [];
      for (attempt = 1; attempt <= 10; attempt++) {
        const first = await scrape(sysgrab);
        const before = first.parsed;
        const nx = await scrape(ne);
        const afterward = (await scrape(sysgrab)).parsed;
        if (attempt === 1) {
          // promtool on this machine's families (node_filesystem_* among them): nothing node_exporter's own output does not get.
          const neFindings = promtoolFindings(nx.text);
          for (const f of promtoolFindings(first.text)) assert.ok(neFindings.includes(f), `promtool finds on sysgrab only: ${f}`);
        }
        failures = [];
        let exact = 0;
        let bracketed = 0;
        let fsDiskNet = 0;
        for (const [n, s] of shared(nx.parsed, before)) {
          const s2 = afterward.families.get(n.name)!;
          assert.equal(s.type, n.type, n.name);
          for (const [key, v] of n.samples) {
            if (key.includes('collector="zfs"') || zeros.has(key)) continue;
            const a = s.samples.get(key);
            const b = s2.samples.get(key);
            assert.ok(a !== undefined && b !== undefined, `${key} missing from sysgrab`);
            if (CONSTANT.test(n.name)) {
              assert.equal(a, v, key);
              assert.equal(b, v, key);
              exact++;
              continue;
            }
            if (/^node_(cpu_|load|intr_|context_)/.test(n.name)) bracketed++;
            if (/^node_(filesystem_(free|avail)_bytes|filesystem_files_free|disk_|network_)/.test(n.name)) fsDiskNet++;
            const slack = Math.abs(b - a);
            if (v < Math.min(a, b) - slack || v > Math.max(a, b) + slack) failures.push(`${key}: node_exporter ${v}, sysgrab ${a} then ${b}`);
          }
        }
        assert.ok(exact >= 5, `${exact} totals compared exactly`);
        // Every CPU's eight modes and two guest modes, three load averages, interrupts, context switches.
        assert.ok(bracketed >= 10 * availableParallelism() + 5, `${bracketed} cpu/load/stat samples bracketed`);
        // At least one file system's free, avail and free inodes, one interface's seven counters.
        assert.ok(fsDiskNet >= 3 + 7, `${fsDiskNet} filesystem/disk/network samples bracketed`);
        assert.equal(before.families.get('node_memory_MemTotal_bytes')?.samples.get('node_memory_MemTotal_bytes'), total);
        sgOnly = onlyIn(before, nx.parsed);
        if (failures.length === 0) break;
      }
      t.diagnostic(`matched on attempt ${attempt}`);
      t.diagnostic(`sysgrab has, node_exporter 1.5 lacks (besides process_*/nodejs_*): ${sgOnly.filter((f) => !/^(process|nodejs)_/.test(f)).join(', ')}`);
      assert.deepEqual(failures, []);
      for (const f of sgOnly) assert.ok(listed(SYSGRAB_ONLY, f), f);
    } finally {
      await Promise.all([sysgrab.stop(), ne.stop()]);
    }
  });
});
