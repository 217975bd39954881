import { parseArgs } from 'node:util';
import { describeParseError, UsageError } from '../../cli/common/usage.js';
import { COLLECTORS, type CollectorName } from '../collectors.js';

/*
 * sysgrab-exporter's command line, in node_exporter's words
 * (`--web.listen-address`, `--collector.<name>` / `--no-collector.<name>`,
 * `--path.procfs`) so that a unit file or a Helm chart written for
 * node_exporter needs few changes. Pure: argv in, config out.
 */

export { UsageError };

export interface ExporterConfig {
  host: string;
  port: number;
  telemetryPath: string;
  /** Scrapes served at once; beyond, 503 (node_exporter's --web.max-requests). */
  maxRequests: number;
  /** Open connections; beyond, a new one is closed at once. */
  maxConnections: number;
  headerTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxHeaderBytes: number;
  exporterMetrics: boolean;
  collectors: Partial<Record<CollectorName, boolean>>;
  procRoot: string | undefined;
  sysRoot: string | undefined;
}

export type Parsed = { kind: 'run'; config: ExporterConfig } | { kind: 'help' } | { kind: 'version' };

const DEFAULTS = {
  'web.listen-address': '127.0.0.1:9180',
  'web.telemetry-path': '/metrics',
  'web.max-requests': '40',
  'web.max-connections': '128',
  'web.header-timeout': '10s',
  'web.request-timeout': '30s',
  'web.keepalive-timeout': '5s',
  'web.max-header-bytes': '8192',
} as const;

export const USAGE = `usage: sysgrab-exporter [flags]

Serves this machine's statistics to Prometheus with node_exporter's metric names.

  --web.listen-address=HOST:PORT   where to listen (default ${DEFAULTS['web.listen-address']}: this machine only;
                                   0.0.0.0:9180 or [::]:9180 to be scraped from elsewhere; port 0: any free port)
  --web.telemetry-path=PATH        path of the metrics (default ${DEFAULTS['web.telemetry-path']})
  --web.max-requests=N             scrapes served at once; beyond, 503 (default ${DEFAULTS['web.max-requests']})
  --web.max-connections=N          open connections; beyond, closed at once (default ${DEFAULTS['web.max-connections']})
  --web.header-timeout=DURATION    time to send the request head (default ${DEFAULTS['web.header-timeout']})
  --web.request-timeout=DURATION   time to send the whole request (default ${DEFAULTS['web.request-timeout']})
  --web.keepalive-timeout=DURATION idle time before a kept-alive connection closes (default ${DEFAULTS['web.keepalive-timeout']})
  --web.max-header-bytes=N         largest request head; beyond, 431 (default ${DEFAULTS['web.max-header-bytes']})
  --web.disable-exporter-metrics   leave out the exporter's own process_* and nodejs_* metrics
  --collector.disable-defaults     turn every collector off; then --collector.<name> turns one on
  --collector.<name>, --no-collector.<name>
${COLLECTORS.map((c) => `      ${c.name.padEnd(27)}${c.description}`).join('\n')}
  --path.procfs=DIR                procfs mount point (default /proc; or HOST_PROC)
  --path.sysfs=DIR                 sysfs mount point (default /sys; or HOST_SYS)
  --version, -h/--help

Durations: 500ms, 10s, 2m. GET and HEAD only; / shows a short page.`;

/** `10s`, `500ms`, `2m` (node_exporter's kingpin durations, the common units) → milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text);
  if (!m) throw new UsageError(`--${flag}: "${text}" is not a duration (like 500ms, 10s, 2m)`);
  const ms = Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
  if (ms < 1 || ms > 3_600_000) throw new UsageError(`--${flag}: ${text} is out of range (1ms to 1h)`);
  return Math.round(ms);
}

function parseCount(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`--${flag}: "${text}" must be a whole number from ${min} to ${max}`);
  return Number(text);
}

/** `127.0.0.1:9180`, `[::1]:9180`, `:9180` (every interface, as node_exporter's default means). */
export function parseListenAddress(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]*)):(\d{1,5})$/.exec(text);
  if (!m || Number(m[3]) > 65535) throw new UsageError(`--web.listen-address: "${text}" is not HOST:PORT (like 127.0.0.1:9180 or [::1]:9180)`);
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '::' : host, port: Number(m[3]) };
}

export function parseExporterArgs(argv: string[]): Parsed {
  const strings = Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, { type: 'string' as const }]));
  const booleans = ['web.disable-exporter-metrics', 'collector.disable-defaults', 'help', 'version', ...COLLECTORS.flatMap((c) => [`collector.${c.name}`, `no-collector.${c.name}`])];
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ...strings,
        'path.procfs': { type: 'string' },
        'path.sysfs': { type: 'string' },
        ...Object.fromEntries(booleans.map((b) => [b, { type: 'boolean' as const, ...(b === 'help' ? { short: 'h' } : {}) }])),
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(describeParseError(err as Error & { code?: string }));
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const get = (k: keyof typeof DEFAULTS): string => (values[k] as string | undefined) ?? DEFAULTS[k];

  const { host, port } = parseListenAddress(get('web.listen-address'));
  const telemetryPath = get('web.telemetry-path');
  if (!/^\/[A-Za-z0-9._~/-]*$/.test(telemetryPath) || telemetryPath === '/') {
    throw new UsageError(`--web.telemetry-path: "${telemetryPath}" must start with / and be more than / (letters, digits, . _ ~ - /)`);
  }
  const headerTimeoutMs = parseDuration('web.header-timeout', get('web.header-timeout'));
  const requestTimeoutMs = parseDuration('web.request-timeout', get('web.request-timeout'));
  if (requestTimeoutMs < headerTimeoutMs) throw new UsageError('--web.request-timeout must not be shorter than --web.header-timeout');

  const collectors: Partial<Record<CollectorName, boolean>> = {};
  for (const c of COLLECTORS) {
    const on = values[`collector.${c.name}`] === true;
    const off = values[`no-collector.${c.name}`] === true;
    if (on && off) throw new UsageError(`--collector.${c.name} and --no-collector.${c.name} contradict each other`);
    collectors[c.name] = on || (!off && values['collector.disable-defaults'] !== true);
  }
  return {
    kind: 'run',
    config: {
      host,
      port,
      telemetryPath,
      maxRequests: parseCount('web.max-requests', get('web.max-requests'), 1, 10_000),
      maxConnections: parseCount('web.max-connections', get('web.max-connections'), 1, 100_000),
      headerTimeoutMs,
      requestTimeoutMs,
      keepAliveTimeoutMs: parseDuration('web.keepalive-timeout', get('web.keepalive-timeout')),
      maxHeaderBytes: parseCount('web.max-header-bytes', get('web.max-header-bytes'), 1024, 1024 * 1024),
      exporterMetrics: values['web.disable-exporter-metrics'] !== true,
      collectors,
      procRoot: values['path.procfs'] as string | undefined,
      sysRoot: values['path.sysfs'] as string | undefined,
    },
  };
}
