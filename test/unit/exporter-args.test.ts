import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration, parseExporterArgs, parseListenAddress, UsageError, type ExporterConfig } from '../../src/export/exporter/args.js';
import { logLine } from '../../src/export/exporter/main.js';
import { negotiate } from '../../src/export/exporter/negotiate.js';

/* sysgrab-exporter's pure parts: flags, content negotiation, log lines. */

const run = (argv: string[]): ExporterConfig => {
  const p = parseExporterArgs(argv);
  assert.equal(p.kind, 'run');
  return (p as { config: ExporterConfig }).config;
};

describe('sysgrab-exporter flags', () => {
  it('defaults: loopback, /metrics, node_exporter limits, every collector', () => {
    assert.deepEqual(run([]), {
      host: '127.0.0.1',
      port: 9180,
      telemetryPath: '/metrics',
      maxRequests: 40,
      maxConnections: 128,
      headerTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxHeaderBytes: 8192,
      exporterMetrics: true,
      collectors: { meminfo: true, swap: true, zfs: true, pressure: true, container: true, cpu: true, loadavg: true, stat: true, boottime: true, filesystem: true, diskstats: true, netdev: true },
      procRoot: undefined,
      sysRoot: undefined,
    });
  });
  it('node_exporter spellings: --flag=value and --flag value, --no-collector.x, --collector.disable-defaults', () => {
    const c = run(['--web.listen-address', '[::1]:0', '--web.telemetry-path=/m', '--no-collector.swap', '--path.procfs=/host/proc']);
    assert.equal(c.host, '::1');
    assert.equal(c.port, 0);
    assert.equal(c.telemetryPath, '/m');
    assert.deepEqual(c.collectors, {
      meminfo: true,
      swap: false,
      zfs: true,
      pressure: true,
      container: true,
      cpu: true,
      loadavg: true,
      stat: true,
      boottime: true,
      filesystem: true,
      diskstats: true,
      netdev: true,
    });
    assert.equal(c.procRoot, '/host/proc');
    assert.deepEqual(run(['--collector.disable-defaults', '--collector.meminfo']).collectors, {
      meminfo: true,
      swap: false,
      zfs: false,
      pressure: false,
      container: false,
      cpu: false,
      loadavg: false,
      stat: false,
      boottime: false,
      filesystem: false,
      diskstats: false,
      netdev: false,
    });
  });
  it('durations', () => {
    assert.equal(parseDuration('x', '500ms'), 500);
    assert.equal(parseDuration('x', '10s'), 10_000);
    assert.equal(parseDuration('x', '1.5s'), 1500);
    assert.equal(parseDuration('x', '2m'), 120_000);
  });
  it('listen addresses', () => {
    assert.deepEqual(parseListenAddress('0.0.0.0:9180'), { host: '0.0.0.0', port: 9180 });
    assert.deepEqual(parseListenAddress(':9100'), { host: '::', port: 9100 });
    assert.deepEqual(parseListenAddress('localhost:1'), { host: 'localhost', port: 1 });
  });
  for (const [argv, why] of [
    [['--web.listen-address=9180'], /not HOST:PORT/],
    [['--web.listen-address=127.0.0.1:70000'], /not HOST:PORT/],
    [['--web.telemetry-path=metrics'], /must start with \//],
    [['--web.telemetry-path=/'], /more than \//],
    [['--web.telemetry-path=/metrics?x'], /letters, digits/],
    [['--web.header-timeout=10'], /not a duration/],
    [['--web.header-timeout=0s'], /out of range/],
    [['--web.header-timeout=20s', '--web.request-timeout=10s'], /must not be shorter/],
    [['--web.max-requests=0'], /from 1 to/],
    [['--web.max-header-bytes=10'], /from 1024/],
    [['--collector.swap', '--no-collector.swap'], /contradict/],
    [['--collector.nosuch'], /unknown option '--collector.nosuch'/],
    [['extra'], /unexpected argument 'extra'/],
    [['--web.listen-address'], /needs a value/],
  ] as const) {
    it(`${argv.join(' ')}: a usage error`, () => {
      assert.throws(
        () => parseExporterArgs([...argv]),
        (e: unknown) => e instanceof UsageError && why.test(e.message),
      );
    });
  }
  it('-h and --version', () => {
    assert.deepEqual(parseExporterArgs(['-h']), { kind: 'help' });
    assert.deepEqual(parseExporterArgs(['--version']), { kind: 'version' });
  });
});

describe('content negotiation (client_golang expfmt.NegotiateIncludingOpenMetrics)', () => {
  for (const [accept, format] of [
    ['application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1', 'openmetrics'], // Prometheus 2.42
    [undefined, 'text'],
    ['*/*', 'text'], // curl
    ['text/html,application/xhtml+xml,*/*;q=0.8', 'text'], // a browser
    ['text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5', 'text'],
    ['application/openmetrics-text; version=0.0.1', 'openmetrics'],
    ['Application/OpenMetrics-Text', 'openmetrics'],
    ['application/openmetrics-text;version=2.0.0', 'text'], // a version prom-client cannot write
    ['application/openmetrics-text;q=0', 'text'],
    ['application/openmetrics-text;q=abc', 'text'],
    ['text/plain;version=0.0.5,application/openmetrics-text;q=0.1', 'openmetrics'],
    [',,,;;;==', 'text'],
  ] as const) {
    it(`${accept ?? '(no Accept)'} → ${format}`, () => assert.equal(negotiate(accept), format));
  }
});

describe('log lines (logfmt, as node_exporter writes them)', () => {
  it('quotes what needs quoting', () => {
    const now = new Date('2026-01-02T03:04:05.678Z');
    assert.equal(
      logLine('error', 'collector failed', { collector: 'meminfo', err: 'PARSE: cannot parse /proc/meminfo' }, now),
      'ts=2026-01-02T03:04:05.678Z level=error msg="collector failed" collector=meminfo err="PARSE: cannot parse /proc/meminfo"\n',
    );
  });
});
