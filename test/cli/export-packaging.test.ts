import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { procRootOf, ROOT } from '../support/helpers.js';

/*
 * The export's entries as a user reaches them: `sysgrab/prometheus` and
 * `sysgrab/otel` through the package's exports map, with prom-client and
 * @opentelemetry/api as optional peers, and the sysgrab-exporter launcher.
 */

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
}

// tiny-embedded-64m: MemTotal 61252 kB = 62722048 bytes.
const fixture = JSON.stringify({ platform: 'linux', procRoot: procRootOf('tiny-embedded-64m') });

describe('the export entries of the package', () => {
  it("require('sysgrab/prometheus') on prom-client's global registry: the README's wiring", () => {
    const r = node([
      '-e',
      `const { register } = require('prom-client'); const { registerSystemMetrics } = require('sysgrab/prometheus');
       registerSystemMetrics(register, ${fixture});
       register.metrics().then((t) => { if (!/^node_memory_MemTotal_bytes 62722048$/m.test(t)) { console.error(t); process.exit(3); } });`,
    ]);
    assert.equal(r.status, 0, r.stderr);
  });
  it("import from 'sysgrab/otel'", () => {
    const r = node(['--input-type=module', '-e', "import { registerSystemMetrics } from 'sysgrab/otel'; if (typeof registerSystemMetrics !== 'function') process.exit(3);"]);
    assert.equal(r.status, 0, r.stderr);
  });
  it('declares prom-client and @opentelemetry/api as optional peers, ships the launcher', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    for (const peer of ['prom-client', '@opentelemetry/api']) {
      assert.ok(pkg.peerDependencies[peer], peer);
      assert.equal(pkg.peerDependenciesMeta[peer].optional, true, peer);
      assert.equal(pkg.dependencies[peer], undefined, `${peer} is not a hard dependency`);
    }
    assert.equal(pkg.bin['sysgrab-exporter'], 'bin/sysgrab-exporter');
    assert.ok(statSync(join(ROOT, 'bin', 'sysgrab-exporter')).mode & 0o111, 'executable');
    assert.ok(statSync(join(ROOT, pkg.exports['./prometheus'].types)).isFile());
  });
  it('importing sysgrab alone loads neither prom-client nor @opentelemetry/api', () => {
    const r = node([
      '-e',
      `require('sysgrab').getMeminfo(${fixture}); console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /node_modules[\\\\/](prom-client|@opentelemetry)/.test(k))))`,
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });
  it('sysgrab-exporter --help and a bad flag: usage, exit 0 and 2, no stack', () => {
    const help = node([join(ROOT, 'bin', 'sysgrab-exporter'), '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--web\.listen-address=HOST:PORT/);
    const bad = node([join(ROOT, 'bin', 'sysgrab-exporter'), '--web.listen-address=nowhere']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^sysgrab-exporter: --web.listen-address: "nowhere" is not HOST:PORT/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
  });
  it('sysgrab-exporter on a port in use: one sentence, exit 1', async () => {
    const { createServer } = await import('node:net');
    const s = createServer();
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const port = (s.address() as { port: number }).port;
    try {
      const r = node([join(ROOT, 'bin', 'sysgrab-exporter'), `--web.listen-address=127.0.0.1:${port}`]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`sysgrab-exporter: 127\\.0\\.0\\.1:${port} is already in use`));
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    } finally {
      s.close();
    }
  });
});
