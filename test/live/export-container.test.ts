import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { parseExposition, sampleKey } from '../support/exposition.js';
import { CGROUP_V1_MEMORY, cgroupV1Unavailable } from '../support/helpers.js';
import { http, startSysgrabExporter, stopAll } from '../support/servers.js';

/*
 * sysgrab-exporter running inside a real cgroup (v1 memory hierarchy, which
 * this machine lets root create), limited to 256 MiB by the test: cAdvisor's
 * container_* series must carry that limit and the kernel's usage.
 */

const V1 = CGROUP_V1_MEMORY;
const MiB = 2 ** 20;

const skip = cgroupV1Unavailable() ?? false;
const name = `sysgrab-export-${process.pid}-${randomBytes(4).toString('hex')}`;
const dir = `${V1}/${name}`;
after(async () => {
  await stopAll();
  if (existsSync(dir)) rmdirSync(dir);
});

describe('sysgrab-exporter in a real cgroup limited to 256 MiB', { skip }, () => {
  it("container_spec_memory_limit_bytes is the limit, usage and working set the kernel's", async () => {
    mkdirSync(dir);
    writeFileSync(`${dir}/memory.limit_in_bytes`, String(256 * MiB));
    const exporter = await startSysgrabExporter(['--web.disable-exporter-metrics'], {}, [], dir);
    try {
      assert.match(readFileSync(`/proc/${exporter.child.pid}/cgroup`, 'utf8'), new RegExp(`^\\d+:memory:/${name}$`, 'm'));
      const usage = () => Number(readFileSync(`${dir}/memory.usage_in_bytes`, 'utf8'));
      // The exporter's own usage moves while it scrapes (its allocations come and go between the
      // kernel's two readings): a scrape whose figure falls outside them is tried again, up to 5 times.
      let e: ReturnType<typeof parseExposition> | undefined;
      let u = 0;
      const misses: string[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        const before = usage();
        const r = await http(exporter.port, '/metrics');
        const afterward = usage();
        assert.equal(r.status, 200);
        e = parseExposition(r.body);
        u = e.families.get('container_memory_usage_bytes')?.samples.get(sampleKey('container_memory_usage_bytes', { id: `/${name}` })) ?? Number.NaN;
        const slack = Math.abs(afterward - before);
        if (u >= Math.min(before, afterward) - slack && u <= Math.max(before, afterward) + slack) break;
        misses.push(`usage ${u} not between ${before} and ${afterward}`);
        e = undefined;
      }
      assert.ok(e !== undefined, misses.join('; '));
      const at = (family: string) => e!.families.get(family)?.samples.get(sampleKey(family, { id: `/${name}` }));
      assert.equal(at('container_spec_memory_limit_bytes'), 256 * MiB);
      const ws = at('container_memory_working_set_bytes')!;
      assert.ok(ws > 0 && ws <= u, `working set ${ws}, usage ${u}`);
      assert.equal(e.families.get('sysgrab_scrape_errors_total')?.samples.get(sampleKey('sysgrab_scrape_errors_total', { collector: 'container' })), 0);
    } finally {
      assert.equal(await exporter.stop(), 0);
    }
  });
});
