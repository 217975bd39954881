import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { registerSource } from '../../../src/export/prometheus.js';
import { Source } from '../../../src/export/source.js';
import type { ContainerMemStats, MemPressure } from '../../../src/index.js';
import { parseExposition, sampleKey } from '../../support/exposition.js';
import { caseDir, expectedJson, fixtureCases, procRootOf, sysRootOf, tempDir } from '../../support/helpers.js';

/*
 * cAdvisor's container families and node_exporter's pressure families on the
 * cgroup fixtures, against the cases' expected/container.json,
 * pressure.json and pressure-container.json (worked out by hand from the
 * cgroup files by the container getters' own tests, not by this code).
 */

async function expositionOf(procRoot: string, sysRoot: string) {
  const register = new Registry();
  registerSource(register, new Source({ platform: 'linux', procRoot, sysRoot }), { scrapeSuccess: true });
  return parseExposition(await register.metrics());
}

const exposition = (name: string) => expositionOf(procRootOf(name), sysRootOf(name));

const value = (e: Awaited<ReturnType<typeof exposition>>, family: string, labels?: Record<string, string>) => e.families.get(family)?.samples.get(sampleKey(family, labels));

describe("container_* (cAdvisor's names) from getContainerMemStats()", () => {
  const cases = fixtureCases('linux', 'container');
  it('has cases', () => assert.ok(cases.length >= 10));
  for (const name of cases) {
    it(name, async () => {
      const c = expectedJson<ContainerMemStats | null>('linux', name, 'container');
      const e = await exposition(name);
      assert.equal(value(e, 'node_scrape_collector_success', { collector: 'container' }), c === null ? 0 : 1);
      assert.equal(value(e, 'sysgrab_scrape_errors_total', { collector: 'container' }), 0);
      if (c === null) {
        for (const f of e.families.values()) if (f.name.startsWith('container_')) assert.equal(f.samples.size, 0, f.name);
        return;
      }
      const id = { id: c.path ?? '/' };
      const expected: Record<string, number | undefined> = {
        container_memory_usage_bytes: c.usage,
        container_memory_working_set_bytes: c.workingSet,
        container_memory_max_usage_bytes: c.peak,
        container_memory_cache: c.file,
        container_memory_rss: c.anon,
        container_memory_kernel_usage: c.kernel,
        container_memory_swap: c.swap?.usage,
        // No limit: no series (cAdvisor would write 0).
        container_spec_memory_limit_bytes: c.limit,
        container_oom_events_total: c.events?.oomKill,
      };
      for (const [family, v] of Object.entries(expected)) assert.equal(value(e, family, id), v, family);
      const pressurePath = join(caseDir('linux', name), 'expected', 'pressure-container.json');
      const p = c.kind === 'cgroup2' && existsSync(pressurePath) ? expectedJson<MemPressure | null>('linux', name, 'pressure-container') : null;
      // cAdvisor: microseconds / 1e6, one division.
      assert.equal(value(e, 'container_pressure_memory_waiting_seconds_total', id), p?.some ? p.some.total / 1e6 : undefined);
      assert.equal(value(e, 'container_pressure_memory_stalled_seconds_total', id), p?.full ? p.full.total / 1e6 : undefined);
    });
  }
  it('the k8s pod, by hand: limit 536870912 (512 MiB), working set 368582656, one OOM kill, id "/" inside its cgroup namespace', async () => {
    const e = await exposition('k8s-pod-v2-cgroupns');
    assert.equal(value(e, 'container_spec_memory_limit_bytes', { id: '/' }), 536870912);
    assert.equal(value(e, 'container_memory_working_set_bytes', { id: '/' }), 368582656);
    assert.equal(value(e, 'container_oom_events_total', { id: '/' }), 1);
    // memory.pressure `some ... total=5843122`, `full ... total=4012871` microseconds.
    assert.equal(value(e, 'container_pressure_memory_waiting_seconds_total', { id: '/' }), 5.843122);
    assert.equal(value(e, 'container_pressure_memory_stalled_seconds_total', { id: '/' }), 4.012871);
    assert.equal(e.families.get('container_oom_events_total')?.type, 'counter');
    assert.equal(e.families.get('container_memory_working_set_bytes')?.help, 'Current working set in bytes.');
  });
});

describe("container_pressure_* are the cgroup's own PSI, never the host's in its place", () => {
  it("the k8s pod with its memory.pressure taken away (cgroup.pressure 0, Linux 6.5+): no container_pressure_*, the host's node_pressure_* still there", async () => {
    const t = tempDir();
    try {
      cpSync(caseDir('linux', 'k8s-pod-v2-cgroupns'), t.dir, { recursive: true });
      rmSync(join(t.dir, 'sys', 'fs', 'cgroup', 'memory.pressure'));
      const e = await expositionOf(join(t.dir, 'proc'), join(t.dir, 'sys'));
      assert.equal(e.families.get('container_pressure_memory_waiting_seconds_total')?.samples.size, 0);
      assert.equal(e.families.get('container_pressure_memory_stalled_seconds_total')?.samples.size, 0);
      // The rest of the container stands, and the host's PSI (proc/pressure/memory) is where it belongs.
      assert.equal(value(e, 'container_spec_memory_limit_bytes', { id: '/' }), 536870912);
      assert.equal(value(e, 'sysgrab_scrape_errors_total', { collector: 'container' }), 0);
      const host = readFileSync(join(t.dir, 'proc', 'pressure', 'memory'), 'utf8');
      const some = Number(/^some .* total=(\d+)$/m.exec(host)![1]);
      assert.equal(value(e, 'node_pressure_memory_waiting_seconds_total'), some / 1000 / 1000);
    } finally {
      t.remove();
    }
  });
});

describe("node_pressure_memory_* (node_exporter's) from getMemPressure()", () => {
  for (const name of fixtureCases('linux')) {
    if (!existsSync(join(caseDir('linux', name), 'proc', 'meminfo'))) continue;
    it(name, async () => {
      const file = join(procRootOf(name), 'pressure', 'memory');
      const e = await exposition(name);
      if (!existsSync(file)) {
        assert.equal(e.families.get('node_pressure_memory_waiting_seconds_total')?.samples.size, 0);
        assert.equal(value(e, 'node_scrape_collector_success', { collector: 'pressure' }), 0);
        return;
      }
      if (existsSync(join(caseDir('linux', name), 'expected', 'pressure.json'))) {
        const p = expectedJson<MemPressure>('linux', name, 'pressure');
        // node_exporter: float64(total)/1000.0/1000.0, two divisions.
        assert.equal(value(e, 'node_pressure_memory_waiting_seconds_total'), p.some!.total / 1000 / 1000);
        assert.equal(value(e, 'node_pressure_memory_stalled_seconds_total'), p.full!.total / 1000 / 1000);
      } else {
        // No hand-made pressure.json: node_exporter's own reading of the same file is the oracle.
        const ne = parseExposition(readFileSync(join(caseDir('linux', name), 'expected', 'node_exporter-1.5.prom'), 'utf8'));
        for (const family of ['node_pressure_memory_waiting_seconds_total', 'node_pressure_memory_stalled_seconds_total']) {
          assert.equal(value(e, family), ne.families.get(family)?.samples.get(family), family);
        }
      }
    });
  }
});
