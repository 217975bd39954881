import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cleanEnv, FREECOLOR, procRootOf, ROOT } from '../support/helpers.js';
import { DRIVERS, freebsdEnv, shimUnavailable } from '../support/shim.js';

/*
 * sysgrab never spawns a process: peers that shell out to sysctl(8) pay a
 * fork per call and have had command-injection CVEs. Checked twice: no
 * source file can reach a spawning API, and a run with those APIs booby-
 * trapped completes.
 */

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('no process is ever spawned: the source', () => {
  const forbidden = /child_process|worker_threads|\bexecSync\b|\bspawnSync\b|\bexecFile|\bfork\(|process\.binding|internalBinding|\/bin\/sh|\bshell\s*:/;
  const files = sourceFiles(join(ROOT, 'src'));
  it('has source files to check', () => assert.ok(files.length >= 10));
  for (const file of files) {
    it(`${file.slice(ROOT.length + 1)} has no way to spawn`, () => {
      const lines = readFileSync(file, 'utf8').split('\n');
      const bad = lines.findIndex((l) => forbidden.test(l));
      assert.equal(bad, -1, `line ${bad + 1}: ${lines[bad]}`);
    });
  }
});

describe('no process is ever spawned: a run with spawning booby-trapped', () => {
  const preload = join(ROOT, 'test', 'support', 'preload-no-spawn.cjs');
  function run(args: string[], env: Record<string, string>) {
    return spawnSync(process.execPath, ['--require', preload, ...args], { env: cleanEnv(env), encoding: 'utf8' });
  }
  it('the trap works', () => {
    const r = run(['-e', "require('node:child_process').execSync('true')"], {});
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /must not spawn a process/);
  });
  const library = `const s = require(${JSON.stringify(join(ROOT, 'dist', 'index.js'))}); for (let i = 0; i < 3; i++) { s.getMemStats(); s.getSwapStats(); } console.log('done')`;
  // The FreeBSD runs need the ABI double, built with cc: their environment is made only then.
  const noShim = shimUnavailable();
  const cases: [string, () => Record<string, string>][] = [
    ['Linux', () => ({ SYSGRAB_PLATFORM: 'linux' })],
    ...DRIVERS.map((ffi): [string, () => Record<string, string>] => [`FreeBSD through ${ffi}`, () => freebsdEnv('13-laptop-zfs-16g', ffi)]),
    ['FreeBSD, the vm.swap_info fallback', () => freebsdEnv('13-laptop-zfs-16g', 'koffi', { FAKEBSD_FAULTS: 'kvm_openfiles=NULL' })],
  ];
  for (const [name, env] of cases) {
    it(`the library on ${name}`, { skip: name.startsWith('FreeBSD') ? (noShim ?? false) : false }, () => {
      const r = run(['-e', library], env());
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, 'done\n');
    });
  }
  for (const args of [[], ['-a'], ['-j'], ['-o', '-t', '-h'], ['--color=always'], ['-s', '0.01', '-c', '3']]) {
    it(`freecolor ${args.join(' ')}`, () => {
      const r = run([FREECOLOR, ...args], { HOST_PROC: procRootOf('tiny-embedded-64m'), SYSGRAB_PLATFORM: 'linux' });
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
    });
  }
});
