import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { http, oraclesUnavailable, type Running, rssBytes, sleep, startSysgrabExporter, stopAll } from '../support/servers.js';

/*
 * bin/sysgrab-exporter against what a hostile or broken client does: it
 * answers or refuses, stays up, and its memory stays flat (measured: VmRSS
 * of the exporter process). Raw sockets, so that nothing between the test
 * and the server tidies the request up. Short timeouts are set by flag so
 * the slow-client cases take about a second.
 */

const skip = oraclesUnavailable();
let server: Running;

before(async () => {
  if (skip) return;
  server = await startSysgrabExporter(['--web.header-timeout=1s', '--web.request-timeout=2s', '--web.keepalive-timeout=1s']);
});
after(stopAll);

interface RawReply {
  /** The status line, or '' when the server closed without answering. */
  status: string;
  text: string;
  /** The server closed the connection (always true on return, unless `keepOpen`). */
  closed: boolean;
  ms: number;
}

/**
 * Send `chunks` (spaced by `gapMs`) on a fresh connection and read until the
 * server closes it or `waitMs` passes; `untilReply` returns at the first
 * complete head instead.
 */
function raw(chunks: (string | Buffer)[], options: { port?: number; gapMs?: number; waitMs?: number; untilReply?: boolean } = {}): Promise<RawReply> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const s: Socket = connect(options.port ?? server.port, '127.0.0.1');
    let text = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve({ status: /^HTTP\/1\.1 \d+/.exec(text)?.[0] ?? '', text, closed, ms: Date.now() - t0 });
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? 10_000);
    s.on('data', (d: Buffer) => {
      if (text.length < 1 << 20) text += d.toString('latin1');
      if (options.untilReply && text.includes('\r\n\r\n')) finish(false);
    });
    s.on('close', () => finish(true));
    s.on('error', () => finish(true));
    s.on('connect', async () => {
      for (const c of chunks) {
        if (s.destroyed) return;
        s.write(c);
        if (options.gapMs) await sleep(options.gapMs);
      }
    });
  });
}

/** Rounds of 1000 connections at once. */
const ROUNDS = 8;

const head = (line: string, extra = '') => `${line}\r\nHost: 127.0.0.1\r\n${extra}\r\n`;

describe('sysgrab-exporter and bad requests', { skip }, () => {
  it('a slow client (head never finished) gets 408 and the connection closed, after the header timeout', async () => {
    const r = await raw(['GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n'], { waitMs: 8000 });
    assert.equal(r.closed, true, 'the server closed it');
    assert.equal(r.status, 'HTTP/1.1 408');
  });
  it('a dripping client (a header byte every 200 ms) is cut off too: the timeout is for the whole head', async () => {
    const drip = [...'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'];
    const r = await raw(drip, { gapMs: 200, waitMs: 8000 });
    assert.equal(r.closed, true);
    assert.equal(r.status, 'HTTP/1.1 408');
  });
  it('a 64 KiB header: 431', async () => {
    const r = await raw([head('GET /metrics HTTP/1.1', `X-Big: ${'a'.repeat(64 * 1024)}\r\n`)]);
    assert.equal(r.status, 'HTTP/1.1 431');
  });
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']) {
    it(`${method}: 405 with Allow: GET, HEAD, connection closed, body never read`, async () => {
      // Announces a megabyte it never sends: the server must not wait for it.
      const r = await raw([head(`${method} /metrics HTTP/1.1`, 'Content-Length: 1048576\r\n')]);
      assert.equal(r.status, 'HTTP/1.1 405');
      assert.match(r.text, /\r\nAllow: GET, HEAD\r\n/i);
      assert.equal(r.closed, true);
    });
  }
  it('CONNECT: no tunnel, the connection is closed', async () => {
    const r = await raw(['CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n']);
    assert.equal(r.closed, true);
    assert.doesNotMatch(r.status, /^HTTP\/1\.1 2/);
  });
  it('a GET with a body: 400, closed', async () => {
    const r = await raw([head('GET /metrics HTTP/1.1', 'Content-Length: 5\r\n'), 'hello']);
    assert.equal(r.status, 'HTTP/1.1 400');
    assert.equal(r.closed, true);
  });
  it('garbage instead of HTTP: 400', async () => {
    const r = await raw(['\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n']);
    assert.equal(r.status, 'HTTP/1.1 400');
  });
  for (const target of [
    '/../../etc/passwd',
    '/metrics/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    '//etc/passwd',
    '/..\\..\\etc\\passwd',
    '/metrics%00',
    '/metrics/',
    '/Metrics',
    'http://127.0.0.1/etc/passwd',
    '/proc/self/environ',
  ]) {
    it(`path ${target}: 404, nothing read from the file system`, async () => {
      const r = await raw([head(`GET ${target} HTTP/1.1`)], { untilReply: true });
      assert.equal(r.status, 'HTTP/1.1 404');
      assert.doesNotMatch(r.text, /root:|PATH=/);
    });
  }
  it('a query string never reaches the file system either: /metrics?../../etc/passwd is the metrics', async () => {
    const r = await http(server.port, '/metrics?x=../../etc/passwd');
    assert.equal(r.status, 200);
    assert.match(r.body, /^node_memory_MemTotal_bytes \d+$/m);
    assert.doesNotMatch(r.body, /root:/);
  });
  it('HEAD: the headers of GET, no body', async () => {
    const r = await http(server.port, '/metrics', { method: 'HEAD' });
    assert.equal(r.status, 200);
    assert.equal(r.body, '');
    assert.ok(Number(r.headers['content-length']) > 1000);
  });
  it('/ is a short page linking the metrics', async () => {
    const r = await http(server.port, '/');
    assert.equal(r.status, 200);
    assert.match(r.body, /<a href="\/metrics">Metrics<\/a>/);
  });

  /**
   * ROUNDS rounds of `n` connections at once against `target`, each sending a
   * scrape: what came back, and the exporter's VmRSS after warm-up and after
   * each round.
   */
  async function storm(target: Running, n: number): Promise<{ outcomes: Map<string, number>; rss: number[] }> {
    const scrape = async () => assert.equal((await http(target.port, '/metrics')).status, 200);
    for (let i = 0; i < 50; i++) await scrape();
    const rss = [rssBytes(target.child.pid!)];
    const outcomes = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const replies = await Promise.all(Array.from({ length: n }, () => raw([head('GET /metrics HTTP/1.1', 'Connection: close\r\n')], { port: target.port, waitMs: 30_000 })));
      for (const r of replies) {
        const what = r.status || (r.closed ? 'closed without an answer' : 'still open after 30 s');
        outcomes.set(what, (outcomes.get(what) ?? 0) + 1);
      }
      await scrape();
      await sleep(300);
      rss.push(rssBytes(target.child.pid!));
    }
    // 200: served. 503: too many scrapes at once. 408: accepted, but its head
    // waited past this test's 1 s header timeout while the server rendered
    // the others. Closed without an answer: beyond --web.max-connections.
    for (const what of outcomes.keys()) assert.ok(['HTTP/1.1 200', 'HTTP/1.1 503', 'HTTP/1.1 408', 'closed without an answer'].includes(what), what);
    assert.ok((outcomes.get('HTTP/1.1 200') ?? 0) > 0);
    assert.equal(target.child.exitCode, null, 'still running');
    await scrape();
    return { outcomes, rss };
  }

  const connections = () => {
    const limit = Number(/^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? 1024);
    return Math.min(1000, limit - 200);
  };
  const mib = (list: number[]) => list.map((b) => (b / 2 ** 20).toFixed(1)).join(' ');

  it(`1000 connections at once, ${ROUNDS} times: each answered (200/503/408) or closed, the server stays up, its memory bounded`, async (t) => {
    const n = connections();
    if (n < 1000) t.diagnostic(`this process may open too few files: ${n} connections at once`);
    const { outcomes, rss } = await storm(server, n);
    t.diagnostic(`outcomes over ${ROUNDS * n} connections: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    t.diagnostic(`exporter VmRSS MiB after warm-up, then after each round: ${mib(rss)}`);
    // V8 grows its young generation on the first bursts and keeps it
    // (measured: 53 MiB idle, level near 100 MiB over fifteen rounds).
    assert.ok(Math.max(...rss) < 192 * 2 ** 20, `VmRSS up to ${mib([Math.max(...rss)])} MiB`);
  });

  it('the same with a 24 MiB V8 heap: nothing is kept per connection (a leak would end it out of memory), VmRSS flat', async (t) => {
    const small = await startSysgrabExporter(['--web.header-timeout=1s', '--web.request-timeout=2s', '--web.keepalive-timeout=1s'], {}, ['--max-old-space-size=24', '--max-semi-space-size=2']);
    try {
      const n = connections();
      const { outcomes, rss } = await storm(small, n);
      t.diagnostic(`outcomes over ${ROUNDS * n} connections: ${JSON.stringify(Object.fromEntries(outcomes))}`);
      t.diagnostic(`exporter VmRSS MiB after warm-up, then after each round: ${mib(rss)}`);
      const last = rss.slice(-4);
      assert.ok(Math.max(...last) - Math.min(...last) < 8 * 2 ** 20, `VmRSS over the last four rounds: ${mib(last)} MiB`);
      assert.doesNotMatch(small.stderr(), /heap out of memory|FATAL/);
    } finally {
      assert.equal(await small.stop(), 0);
    }
  });

  it('and it stops cleanly on SIGTERM, exit 0', async () => {
    assert.equal(await server.stop(), 0);
    assert.doesNotMatch(server.stderr(), /level=error|Error:| {4}at /);
  });
});
