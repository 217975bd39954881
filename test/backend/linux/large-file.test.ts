import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, tempDir } from '../../support/helpers.js';

/*
 * A huge file where meminfo should be must not leave memory behind: the old
 * reader grew its one buffer to the file's size and kept it (a 200 MB
 * meminfo left 256 MB held after closeProcFiles()). Measured in a child
 * process with --expose-gc: ArrayBuffer memory after the calls and a gc.
 */

const tmp = tempDir('sysgrab-large-');
after(() => tmp.remove());
const line = 'Filler:                1 kB\n';
const HEAD = 'MemTotal: 1000 kB\nMemFree: 500 kB\nMemAvailable: 600 kB\nBuffers: 1 kB\nCached: 100 kB\nShmem: 1 kB\nActive: 1 kB\nInactive: 1 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n';
writeFileSync(join(tmp.dir, 'meminfo'), HEAD + line.repeat(Math.ceil((64 * 1024 * 1024) / line.length)));

function arrayBuffersAfter(calls: string): { mib: number; out: string } {
  const build = join(ROOT, 'build', 'src');
  const script = `const s = require(${JSON.stringify(join(build, 'index.js'))}); const read = require(${JSON.stringify(join(build, 'linux', 'read.js'))});
const procRoot = ${JSON.stringify(tmp.dir)}; const out = [];
${calls}
s.closeProcFiles(); global.gc(); global.gc();
console.log(JSON.stringify({ mib: process.memoryUsage().arrayBuffers / 1048576, out: out.join(' ') }));`;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('a 64 MiB file as meminfo', () => {
  it('is refused (PARSE, past the 1 MiB bound) and leaves no buffer behind', () => {
    const { mib, out } = arrayBuffersAfter("for (let i = 0; i < 3; i++) { try { s.getMemStats({ platform: 'linux', procRoot }); out.push('ok'); } catch (e) { out.push(e.code); } }");
    assert.equal(out, 'PARSE PARSE PARSE');
    assert.ok(mib < 8, `${mib.toFixed(1)} MiB of ArrayBuffers held after closeProcFiles()`);
  });
  it('read with a larger bound, then closeProcFiles(): the buffer is released', () => {
    const { mib, out } = arrayBuffersAfter("out.push(String(read.readProcFile(procRoot + '/meminfo', undefined, 256 * 1024 * 1024).length > 64 * 1024 * 1024));");
    assert.equal(out, 'true');
    assert.ok(mib < 8, `${mib.toFixed(1)} MiB of ArrayBuffers held after closeProcFiles()`);
  });
});
