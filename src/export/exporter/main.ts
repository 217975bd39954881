import { StatError } from '../../errors.js';
import type { CollectorName } from '../collectors.js';
import { parseExporterArgs, USAGE, UsageError } from './args.js';
import { startExporter } from './server.js';

/*
 * The sysgrab-exporter command: parse, listen, log to stderr, stop cleanly
 * on SIGTERM/SIGINT. Logs are logfmt lines like node_exporter's; a
 * collector's failure is logged when it starts and then at most once a
 * minute per collector, so a broken file cannot flood a journal.
 */

const FAILURE_LOG_INTERVAL_MS = 60_000;

function version(): string {
  return (require('../../../package.json') as { version: string }).version;
}

function quote(v: string): string {
  return /^[\w./:@-]+$/.test(v) ? v : JSON.stringify(v);
}

export function logLine(level: string, msg: string, fields: Record<string, string | number> = {}, now = new Date()): string {
  const rest = Object.entries(fields)
    .map(([k, v]) => ` ${k}=${quote(String(v))}`)
    .join('');
  return `ts=${now.toISOString()} level=${level} msg=${JSON.stringify(msg)}${rest}\n`;
}

/** Run sysgrab-exporter with `argv`; resolves to the exit status once it has stopped. */
export async function main(argv: string[], stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  let parsed: ReturnType<typeof parseExporterArgs>;
  try {
    parsed = parseExporterArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(`sysgrab-exporter: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (parsed.kind === 'help') {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'version') {
    stdout.write(`sysgrab-exporter ${version()}\n`);
    return 0;
  }
  const config = parsed.config;
  const log = (level: string, msg: string, fields?: Record<string, string | number>) => stderr.write(logLine(level, msg, fields));

  const lastLogged = new Map<CollectorName, number>();
  const onError = (collector: CollectorName, error: unknown) => {
    const now = Date.now();
    const last = lastLogged.get(collector);
    if (last !== undefined && now - last < FAILURE_LOG_INTERVAL_MS) return;
    lastLogged.set(collector, now);
    const what = error instanceof StatError ? `${error.code}: ${error.message}` : String(error);
    log('error', 'collector failed; its series are left out of the scrape', { collector, err: what });
  };

  log('info', 'Starting sysgrab-exporter', { version: version() });
  let exporter: Awaited<ReturnType<typeof startExporter>>;
  try {
    exporter = await startExporter(config, onError);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      err instanceof StatError
        ? err.message
        : e.code === 'EADDRINUSE'
          ? `${config.host}:${config.port} is already in use`
          : e.code === 'EACCES'
            ? `not allowed to listen on ${config.host}:${config.port}`
            : e.message;
    stderr.write(`sysgrab-exporter: ${why}\n`);
    return 1;
  }
  const { address } = exporter;
  const shown = address.family === 'IPv6' ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
  log('info', 'Enabled collectors', { collectors: exporter.source.collectors.map((c) => c.name).join(',') || 'none' });
  log('info', 'Listening on', { address: shown, path: config.telemetryPath });

  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      log('info', 'Stopping', { signal });
      void exporter.close().then(() => resolve(0));
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
}
