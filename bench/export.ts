import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Gauge, Registry } from 'prom-client';
import { COLLECTOR_NAMES, registerSystemMetrics } from '../src/export/prometheus.js';
import { cpuSeconds, oraclesUnavailable, type Running, startNodeExporter, startSysgrabExporter } from '../test/support/servers.js';
import { measure, QUICK, row, type Area, type Row, type Summary } from './lib.js';

/*
 * A scrape of sysgrab-exporter against node_exporter 1.5's scrape of the
 * same collectors, in one run: both servers on 127.0.0.1, their own metrics
 * off (--web.disable-exporter-metrics), scraped in interleaved rounds over
 * one kept-alive connection each, as Prometheus does. Latency per scrape as
 * the client sees it, and the server process's CPU (utime + stime from
 * /proc/<pid>/stat) per 1000 scrapes. In process: registry.metrics() with
 * sysgrab's families against the floor of any exporter of them: reading
 * /proc/meminfo, then rendering the same families as constant prom-client
 * gauges.
 */

/** The collectors both have (pressure joins when sysgrab has getMemPressure). */
const COLLECTORS = ['meminfo'];

function scraper(server: Running): { get: () => Promise<unknown>; calls: () => number } {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let calls = 0;
  const get = () =>
    new Promise<void>((resolve, reject) => {
      calls++;
      const req = request({ host: '127.0.0.1', port: server.port, path: '/metrics', agent }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
  return { get, calls: () => calls };
}

const asSummary = (ns: number): Summary => ({ medianNs: ns, p99Ns: ns, samples: 1 });

export const exportArea: Area = {
  name: 'Prometheus export',
  unavailable: () => oraclesUnavailable('prometheus-node-exporter') || undefined,
  async rows(): Promise<Row[]> {
    const flags = ['--web.disable-exporter-metrics', '--collector.disable-defaults', ...COLLECTORS.map((c) => `--collector.${c}`)];
    const sysgrab = await startSysgrabExporter(flags);
    const ne = await startNodeExporter(['--web.disable-exporter-metrics'], COLLECTORS);
    try {
      const s = scraper(sysgrab);
      const n = scraper(ne);
      const cpu0 = { s: cpuSeconds(sysgrab.child.pid!), n: cpuSeconds(ne.child.pid!), sc: s.calls(), nc: n.calls() };
      const scrapes = QUICK ? 500 : 5000;
      const m = await measure([
        { name: 'sysgrab', calls: scrapes, async: s.get },
        { name: 'node_exporter', calls: scrapes, async: n.get },
      ]);
      const cpuPer1000 = (seconds: number, calls: number) => (seconds / calls) * 1000 * 1e9;
      const sCpu = cpuPer1000(cpuSeconds(sysgrab.child.pid!) - cpu0.s, s.calls() - cpu0.sc);
      const nCpu = cpuPer1000(cpuSeconds(ne.child.pid!) - cpu0.n, n.calls() - cpu0.nc);

      // In process: the same families, read from /proc vs set to constants.
      const live = new Registry();
      // meminfo alone: the floor renders node_memory_* only (the other collectors read other files).
      registerSystemMetrics(live, { collectors: Object.fromEntries(COLLECTOR_NAMES.map((c) => [c, c === 'meminfo'])) });
      const floor = new Registry();
      for (const metric of live.getMetricsAsArray()) {
        const { name, help } = metric as unknown as { name: string; help: string };
        if (name.startsWith('node_memory_')) new Gauge({ name, help, registers: [floor] }).set(1);
      }
      const inProcess = await measure([
        // A turn of the event loop between scrapes, as between two HTTP
        // requests: sysgrab keeps a reading for one turn only.
        { name: 'sysgrab registry', calls: QUICK ? 500 : 5000, async: () => nextTurn().then(() => live.metrics()) },
        {
          name: 'read + constant gauges',
          calls: QUICK ? 500 : 5000,
          async: () =>
            nextTurn().then(() => {
              readFileSync('/proc/meminfo');
              return floor.metrics();
            }),
        },
      ]);
      const what = `scrape (${COLLECTORS.join('+')}), keep-alive`;
      return [
        row(`${what}: latency`, m.get('sysgrab')!, 'sysgrab-exporter', m.get('node_exporter')!, 'node_exporter 1.5', '≤ 1.0× (faster)', (r) => r <= 1.0),
        row(`${what}: server CPU per 1000 scrapes`, asSummary(sCpu), 'sysgrab-exporter', asSummary(nCpu), 'node_exporter 1.5', '≤ 1.0× (less)', (r) => r <= 1.0),
        row(
          'registry.metrics() in process, node_memory_* families',
          inProcess.get('sysgrab registry')!,
          'registerSystemMetrics (reads /proc/meminfo)',
          inProcess.get('read + constant gauges')!,
          'fs.readFileSync(/proc/meminfo), then the same families as constant prom-client gauges',
          '≤ 1.3×',
          (r) => r <= 1.3,
        ),
      ];
    } finally {
      await Promise.all([sysgrab.stop(), ne.stop()]);
    }
  },
};
