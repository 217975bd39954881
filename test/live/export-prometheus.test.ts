import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { getMeminfo } from '../../src/index.js';
import { http, oraclesUnavailable, startNodeExporter, startPrometheus, startSysgrabExporter, stopAll, waitFor } from '../support/servers.js';

/*
 * Debian's Prometheus 2.42 scrapes bin/sysgrab-exporter (and node_exporter
 * 1.5 beside it) on 127.0.0.1 every second, with a temporary TSDB; the test
 * asks its HTTP API for what it stored. Prometheus applies new targets on a
 * 5 s tick, so the first samples land about 5-6 s after it starts: the waits
 * allow 40 s.
 */

const skip = oraclesUnavailable('prometheus', 'promtool', 'prometheus-node-exporter');
after(stopAll);

describe('a real Prometheus scraping sysgrab-exporter', { skip }, () => {
  it('stores node_memory_MemTotal_bytes as sysgrab read it, equal to node_exporter job; OpenMetrics was used; both targets healthy', async (t) => {
    const sysgrab = await startSysgrabExporter();
    const ne = await startNodeExporter();
    const prometheus = await startPrometheus({ sysgrab: sysgrab.port, node: ne.port });
    try {
      const started = Date.now();
      const memTotal = async (job: string) => {
        const r = await prometheus.query(`node_memory_MemTotal_bytes{job="${job}"}`);
        return r.length === 1 ? Number(r[0]!.value[1]) : undefined;
      };
      const sg = await waitFor('Prometheus to hold sysgrab samples', () => memTotal('sysgrab'), 40_000, 250);
      t.diagnostic(`first sysgrab sample queryable after ${Date.now() - started} ms`);
      assert.equal(sg, getMeminfo().MemTotal);
      assert.equal(await waitFor('Prometheus to hold node_exporter samples', () => memTotal('node'), 40_000, 250), sg);

      // Every node_memory_ series of node_exporter's job has a sysgrab twin.
      const names = async (job: string) => new Set((await prometheus.query(`{job="${job}",__name__=~"node_memory_.*"}`)).map((r) => r.metric.__name__));
      const sgNames = await names('sysgrab');
      for (const n of await names('node')) assert.ok(sgNames.has(n), `${n} scraped from node_exporter, not from sysgrab`);

      // OpenMetrics: Prometheus keys a counter's metadata by its family name,
      // which OpenMetrics writes without _total (the text format keeps it).
      const metadata = await prometheus.api<Record<string, { type: string; help: string }[]>>('/api/v1/metadata');
      assert.equal(metadata.sysgrab_scrape_errors?.[0]?.type, 'counter', JSON.stringify(Object.keys(metadata).filter((k) => k.startsWith('sysgrab'))));
      assert.equal(metadata.node_memory_MemTotal_bytes?.[0]?.type, 'gauge');

      const targets = await prometheus.api<{ activeTargets: { labels: { job: string }; health: string; lastError: string }[] }>('/api/v1/targets');
      for (const job of ['sysgrab', 'node']) {
        const target = targets.activeTargets.find((x) => x.labels.job === job);
        assert.equal(target?.health, 'up', JSON.stringify(target));
        assert.equal(target?.lastError, '');
      }
      const errors = await prometheus.query('sysgrab_scrape_errors_total{job="sysgrab"}');
      assert.ok(errors.length >= 3, 'one series per collector');
      for (const e of errors) assert.equal(e.value[1], '0', JSON.stringify(e.metric));
      const up = await prometheus.query('up{job="sysgrab"}');
      assert.equal(up[0]?.value[1], '1');
    } finally {
      assert.equal(await prometheus.stop(), 0, prometheus.stderr().slice(-2000));
      const code = await sysgrab.stop();
      assert.equal(code, 0, `sysgrab-exporter exited ${code} on SIGTERM: ${sysgrab.stderr()}`);
      assert.match(sysgrab.stderr(), /msg="Stopping" signal=SIGTERM/);
      await ne.stop();
      await assert.rejects(http(sysgrab.port, '/metrics', { timeoutMs: 1000 }), /ECONNREFUSED/, 'the port is free again');
    }
  });
});
