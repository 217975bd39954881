import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenMetricsContentType, Registry } from 'prom-client';
import { loadPromClient, registerSource } from '../prometheus.js';
import { type ErrorHook, Source } from '../source.js';
import type { ExporterConfig } from './args.js';
import { negotiate } from './negotiate.js';

/*
 * The HTTP side of sysgrab-exporter. Safe by default, unlike node_exporter
 * 1.5 (which answers any method on any path, has no header timeout, and
 * takes 1 MiB of request head):
 * - GET and HEAD only (405 with Allow otherwise); a request with a body is
 *   refused and its connection closed without reading the body;
 * - the path is compared byte for byte with the telemetry path, `/` is a
 *   short page, everything else 404: no request names a file, nothing is
 *   normalised, nothing is spawned;
 * - the head is capped (431 beyond maxHeaderBytes) and timed (408 after
 *   headerTimeout), the whole request too (requestTimeout), idle kept-alive
 *   connections close after keepAliveTimeout;
 * - at most maxConnections sockets (Node closes the others at once), at
 *   most maxRequests scrapes at once (503 beyond, as node_exporter).
 * Two prom-client registries share one Source: OpenMetrics for a scraper
 * that asks for it (Prometheus does), text 0.0.4 for everyone else. They
 * cannot share metric objects: rendering OpenMetrics renames a Counter
 * (prom-client strips `_total` from metric.name in place).
 */

export interface Exporter {
  server: Server;
  /** Where it listens (the port the OS chose for port 0). */
  address: AddressInfo;
  source: Source;
  /** Stop listening, let scrapes in flight finish (at most `graceMs`), then close every socket. */
  close(graceMs?: number): Promise<void>;
}

export interface Counters {
  scrapes: number;
  refusedBusy: number;
  droppedConnections: number;
}

/** prom-client default metrics that are gauges with a `_total` name. */
const LINT_FAILING_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

const PAGE = (path: string) => `<html>
<head><title>sysgrab exporter</title></head>
<body>
<h1>sysgrab exporter</h1>
<p><a href="${path}">Metrics</a></p>
</body>
</html>
`;

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}, close = false): void {
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (close) res.setHeader('Connection', 'close');
  res.end(body);
}

export async function startExporter(config: ExporterConfig, onError?: ErrorHook): Promise<Exporter & { counters: Counters }> {
  const client = loadPromClient();
  const source = new Source({ collectors: config.collectors, onError, procRoot: config.procRoot, sysRoot: config.sysRoot });
  const text: Registry = new client.Registry();
  const openMetrics = new client.Registry<OpenMetricsContentType>();
  openMetrics.setContentType(client.Registry.OPENMETRICS_CONTENT_TYPE);
  for (const register of [text, openMetrics]) {
    registerSource(register, source, { scrapeSuccess: true });
    if (config.exporterMetrics) {
      client.collectDefaultMetrics({ register });
      // Gauges named like counters, which promtool rightly flags; their
      // per-type twins (nodejs_active_handles{type}...) stay.
      for (const name of LINT_FAILING_DEFAULTS) register.removeSingleMetric(name);
    }
  }
  const counters: Counters = { scrapes: 0, refusedBusy: 0, droppedConnections: 0 };
  let inFlight = 0;

  async function metrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (inFlight >= config.maxRequests) {
      counters.refusedBusy++;
      send(res, 503, `Limit of concurrent requests reached (${config.maxRequests}), try again later.\n`);
      return;
    }
    inFlight++;
    try {
      const registry = negotiate(req.headers.accept) === 'openmetrics' ? openMetrics : text;
      const body = await registry.metrics();
      counters.scrapes++;
      send(res, 200, body, { 'Content-Type': registry.contentType });
    } catch {
      // Collectors never throw (source.ts); this is prom-client failing.
      // The client gets a status, never a stack.
      send(res, 500, 'An error has occurred while serving metrics.\n');
    } finally {
      inFlight--;
    }
  }

  const server = createServer(
    {
      maxHeaderSize: config.maxHeaderBytes,
      headersTimeout: config.headerTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      keepAliveTimeout: config.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above: often enough that they bite near their value.
      connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(config.headerTimeoutMs / 4))),
      requireHostHeader: true,
    },
    (req, res) => {
      const method = req.method ?? '';
      if (method !== 'GET' && method !== 'HEAD') {
        send(res, 405, 'Method not allowed: GET and HEAD only.\n', { Allow: 'GET, HEAD' }, true);
        return;
      }
      const length = req.headers['content-length'];
      if ((length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined) {
        send(res, 400, 'A GET request has no body.\n', {}, true);
        return;
      }
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      if (path === config.telemetryPath) {
        void metrics(req, res);
      } else if (path === '/') {
        send(res, 200, PAGE(config.telemetryPath), { 'Content-Type': 'text/html; charset=utf-8' });
      } else {
        send(res, 404, 'Not found.\n');
      }
    },
  );
  server.maxConnections = config.maxConnections;
  server.on('drop', () => {
    counters.droppedConnections++;
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors of single sockets (a client resetting) are Node's to answer; a
  // listening server has no other error worth dying for.
  server.on('error', () => undefined);

  return {
    server,
    address: server.address() as AddressInfo,
    source,
    counters,
    close(graceMs = 5000) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
