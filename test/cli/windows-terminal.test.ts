import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chooseChalk, windowsConsoleShowsAnsi } from '../../src/cli/common/color.js';
import { cleanEnv, FREECOLOR, hasCommand, ROOT } from '../support/helpers.js';
import { platformEnv, shimUnavailable } from '../support/shim.js';

/*
 * freecolor on Windows terminals: colour comes from chalk's detection
 * (256 colours from Windows 10 build 10586, truecolor from 14931), and no
 * escape reaches a console that cannot show them (older Windows, unless the
 * host interprets escapes itself).
 */

describe('which Windows consoles show ANSI escapes', () => {
  for (const [release, env, shows] of [
    ['6.1.7601', {}, false], // Windows 7
    ['6.3.9600', {}, false], // Windows 8.1
    ['10.0.10240', {}, false], // Windows 10 1507
    ['10.0.10586', {}, true], // 1511: the console interprets escapes
    ['10.0.19045', {}, true],
    ['10.0.22631', {}, true], // Windows 11
    ['6.1.7601', { WT_SESSION: 'x' }, true],
    ['6.1.7601', { ConEmuANSI: 'ON' }, true],
    ['6.1.7601', { ANSICON: '120x9999' }, true],
    ['6.1.7601', { TERM: 'xterm-256color' }, true], // mintty, MSYS
    ['6.1.7601', { TERM: 'dumb' }, false],
  ] as const) {
    it(`${release} ${JSON.stringify(env)}: ${shows ? 'yes' : 'no'}`, () => assert.equal(windowsConsoleShowsAnsi(release, env), shows));
  }
  it('auto on an old console: no colour, before chalk is asked; --color=always still colours', async () => {
    const old = { platform: 'win32', release: '6.1.7601' };
    assert.equal(await chooseChalk('auto', true, {}, old), undefined);
    assert.ok(await chooseChalk('always', true, {}, old));
  });
});

const pty = !hasCommand('python3') ? 'python3 is needed to run freecolor on a pseudo-terminal' : (shimUnavailable() ?? false);

describe('bin/freecolor on a Windows console (a pseudo-terminal, the Windows double)', { skip: pty }, () => {
  function onConsole(release: string, extra: Record<string, string> = {}): string {
    const env = cleanEnv({ ...platformEnv('win32', 'laptop-16g-one-pagefile'), FAKE_WINDOWS_RELEASE: release, ...extra });
    if (!('TERM' in extra)) delete env.TERM;
    const r = spawnSync(
      'python3',
      [join(ROOT, 'test', 'support', 'pty-run.py'), '100', '0', '100', '--', process.execPath, '-r', join(ROOT, 'test', 'support', 'fake-windows-console.cjs'), FREECOLOR, '-t'],
      {
        env,
        encoding: 'utf8',
        timeout: 30000,
      },
    );
    const out = JSON.parse(r.stdout) as { status: number; output: string };
    assert.equal(out.status, 0, out.output);
    return out.output;
  }
  it('Windows 10 22H2: coloured (chalk finds a truecolor console)', () => {
    const out = onConsole('10.0.19045');
    assert.match(out, /\x1b\[32m|\x1b\[1m/);
    assert.match(out, /Physical {2}: /);
  });
  it('Windows 7 console: the same text, no escape', () => {
    const out = onConsole('6.1.7601');
    assert.doesNotMatch(out, /\x1b\[[0-9;]*m/);
    assert.match(out, /Physical {2}: \[##.*\] 38%\t\(6091116\/15778356\)/);
  });
  it('Windows 7 in Windows Terminal: coloured', () => {
    assert.match(onConsole('6.1.7601', { WT_SESSION: '1' }), /\x1b\[/);
  });
});
