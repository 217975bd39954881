import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanEnv, FREECOLOR, freecolor, procRootOf, ROOT, tempDir } from '../support/helpers.js';
import { freebsdEnv, shimUnavailable } from '../support/shim.js';

/*
 * freecolor under bad conditions: each ends with the documented exit status
 * and one readable line on stderr, never a stack trace.
 */

const tmp = tempDir('sysgrab-cli-bad-');
after(tmp.remove);

function oneLine(stderr: string, pattern: RegExp): void {
  assert.equal(stderr.split('\n').length, 2, `one line, got:\n${stderr}`);
  assert.match(stderr, pattern);
  assert.doesNotMatch(stderr, /^\s+at |Error:|node:internal/m);
}

describe('freecolor under bad conditions', () => {
  const isRoot = process.getuid?.() === 0;
  const hasSetpriv = spawnSync('sh', ['-c', 'command -v setpriv']).status === 0;
  it('an unreadable meminfo: exit 1, one line with EACCES', { skip: isRoot && !hasSetpriv ? 'root without setpriv(1) reads any file' : false }, () => {
    const dir = join(tmp.dir, 'unreadable');
    mkdirSync(dir);
    chmodSync(tmp.dir, 0o755);
    copyFileSync(join(procRootOf('tiny-embedded-64m'), 'meminfo'), join(dir, 'meminfo'));
    chmodSync(join(dir, 'meminfo'), 0);
    const env = cleanEnv({ HOST_PROC: dir, SYSGRAB_PLATFORM: 'linux' });
    const cmd = isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, FREECOLOR] : [process.execPath, FREECOLOR];
    const r = spawnSync(cmd[0]!, cmd.slice(1), { env, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    oneLine(r.stderr, /^freecolor: HOST_PROC=.*: cannot read .*\/meminfo: permission denied \(EACCES\)$/m);
  });
  const needsShim = { skip: shimUnavailable() ?? false };
  it("a broken FFI library (not a shared object): exit 1, one line with LIBRARY's text", needsShim, () => {
    const bogus = join(tmp.dir, 'libc.so.7');
    writeFileSync(bogus, 'this is not an ELF file\n');
    const r = freecolor([], { ...freebsdEnv('13-laptop-zfs-16g'), SYSGRAB_LIBC: bogus });
    assert.equal(r.status, 1);
    oneLine(r.stderr, new RegExp(`^freecolor: cannot load ${bogus}: `));
  });
  it('the FFI package missing: exit 1, one line with an install hint', needsShim, () => {
    const hide = join(tmp.dir, 'hide-koffi.cjs');
    writeFileSync(
      hide,
      "const M=require('module');const r=M._resolveFilename;M._resolveFilename=function(req,...a){if(req==='koffi'){const e=new Error(\"Cannot find module 'koffi'\");e.code='MODULE_NOT_FOUND';throw e}return r.call(this,req,...a)};\n",
    );
    const r = spawnSync(process.execPath, ['--require', hide, FREECOLOR], { env: cleanEnv(freebsdEnv('13-laptop-zfs-16g')), encoding: 'utf8' });
    assert.equal(r.status, 1);
    oneLine(r.stderr, /^freecolor: cannot load the koffi FFI package \(Cannot find module 'koffi'\): install it with "npm install koffi"$/m);
  });
  it('ffi-rs selected but not installed: exit 1, one line with an install hint', {
    skip: process.platform === 'freebsd' ? 'on FreeBSD ffi-rs is refused before it is looked for' : needsShim.skip,
  }, () => {
    const hide = join(tmp.dir, 'hide-ffi-rs.cjs');
    writeFileSync(
      hide,
      "const M=require('module');const r=M._resolveFilename;M._resolveFilename=function(req,...a){if(req==='ffi-rs'){const e=new Error(\"Cannot find module 'ffi-rs'\");e.code='MODULE_NOT_FOUND';throw e}return r.call(this,req,...a)};\n",
    );
    const r = spawnSync(process.execPath, ['--require', hide, FREECOLOR], { env: cleanEnv(freebsdEnv('13-laptop-zfs-16g', 'ffi-rs')), encoding: 'utf8' });
    assert.equal(r.status, 1);
    oneLine(r.stderr, /^freecolor: cannot load the ffi-rs FFI package \(Cannot find module 'ffi-rs'\): install it with "npm install ffi-rs", or use koffi$/m);
  });
  it('ffi-rs selected on FreeBSD: a clear LIBRARY error (simulated platform)', needsShim, () => {
    const fake = join(tmp.dir, 'as-freebsd.cjs');
    writeFileSync(fake, "Object.defineProperty(process,'platform',{value:'freebsd'});\n");
    const r = spawnSync(process.execPath, ['--require', fake, FREECOLOR], { env: cleanEnv(freebsdEnv('13-laptop-zfs-16g', 'ffi-rs')), encoding: 'utf8' });
    assert.equal(r.status, 1);
    oneLine(r.stderr, /^freecolor: ffi-rs ships no FreeBSD binaries: use the koffi driver/m);
  });
  it('statistics failing mid-watch: exit 1 with one line after the reports so far', () => {
    const dir = join(tmp.dir, 'vanishing');
    mkdirSync(dir);
    copyFileSync(join(procRootOf('tiny-embedded-64m'), 'meminfo'), join(dir, 'meminfo'));
    copyFileSync(join(procRootOf('tiny-embedded-64m'), 'swaps'), join(dir, 'swaps'));
    const script = `const fs=require('fs');setTimeout(()=>fs.rmSync(${JSON.stringify(join(dir, 'meminfo'))}),250);process.argv=[process.argv[0],${JSON.stringify(FREECOLOR)},'-s','0.1'];require(${JSON.stringify(FREECOLOR)})`;
    const r = spawnSync(process.execPath, ['-e', script], { env: cleanEnv({ HOST_PROC: dir, SYSGRAB_PLATFORM: 'linux' }), encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^Physical/);
    oneLine(r.stderr, /^freecolor: HOST_PROC=.*: cannot read .*meminfo: no such file or directory \(ENOENT\)$/m);
  });
  const hasPython = spawnSync('python3', ['-c', 'import pty']).status === 0;
  it('a terminal resized mid-redraw: the screen is cleared and redrawn, exit 0', { skip: hasPython ? false : 'python3 (for a resizable pseudo-terminal) is not installed' }, () => {
    const r = spawnSync('python3', [join(ROOT, 'test', 'support', 'pty-run.py'), '100', '1500', '30', '--', process.execPath, FREECOLOR, '-s', '0.05', '-c', '10', '-t'], {
      env: cleanEnv({ HOST_PROC: procRootOf('tiny-embedded-64m'), SYSGRAB_PLATFORM: 'linux', TERM: 'xterm' }),
      encoding: 'utf8',
      timeout: 30000,
    });
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { status: number; signal: number | null; output: string };
    assert.equal(result.status, 0);
    assert.equal(result.signal, null);
    const out = result.output;
    const clear = out.indexOf('\x1b[2J\x1b[H');
    assert.ok(clear > 0, 'the screen is cleared once the terminal is resized');
    assert.ok(out.slice(0, clear).includes('\x1b[3A'), 'in-place redraw before the resize');
    // After the resize the 30-column terminal wraps each line: backing up
    // must count the wrapped rows. Physical ends at column 69 (its tab stops
    // at 56), Swap and Total at 57 and 56: 3 rows each, 9 in all.
    assert.ok(out.slice(clear).includes('\x1b[9A'), 'backs up over wrapped rows after the resize');
    assert.ok(out.trimEnd().endsWith('\x1b[?25h'), 'cursor restored');
    assert.doesNotMatch(out, /Error|\n\s+at /);
  });
});
