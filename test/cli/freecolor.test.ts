import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCli, USAGE, UsageError } from '../../src/cli/freecolor/args.js';
import { repeat, rowsOf, type Clock } from '../../src/cli/common/terminal.js';
import { freecolorText } from '../support/freecolor.js';
import { cleanEnv, expectedJson, FREECOLOR, freecolor, procRootOf, ROOT, withEnv } from '../support/helpers.js';
import { freebsdEnv, shimUnavailable } from '../support/shim.js';

const LINUX = 'large-swap-in-use-4g';
const linuxEnv = { HOST_PROC: procRootOf(LINUX), SYSGRAB_PLATFORM: 'linux' };
type Swap = { total: number; used: number; free: number; devices: { name: string; total: number; used: number }[] };
const linuxJson = { mem: expectedJson<Record<string, number>>('linux', LINUX, 'mem'), swap: expectedJson<Swap>('linux', LINUX, 'swap') };
const ZFS = '13-laptop-zfs-16g';
const zfsJson = { mem: expectedJson<Record<string, number> & { arc: { size: number; min: number; max: number } }>('freebsd', ZFS, 'mem'), swap: expectedJson<Swap>('freebsd', ZFS, 'swap') };

/**
 * What `freecolor ARGS` prints on a pipe. Layouts are pure functions, so
 * they are checked in this process (parser + renderer over the environment's
 * statistics); what only the process can show (repetition, colour chosen from
 * the environment, help, version) runs the command itself.
 */
function ok(args: string[], env: Record<string, string> = linuxEnv): string {
  const processOnly = args.some((a) => /^(-s|-c|--count|--color|--help|-V|--version)/.test(a)) || 'FORCE_COLOR' in env || 'NO_COLOR' in env;
  if (!processOnly) return withEnv(env, () => freecolorText(args));
  const r = freecolor(args, env);
  assert.equal(r.stderr, '', `stderr of freecolor ${args.join(' ')}`);
  assert.equal(r.status, 0);
  return r.stdout;
}

/** The figures of a table row such as "Mem:  1  2  3". */
function rowFigures(out: string, label: string): string[] {
  const line = out.split('\n').find((l) => l.startsWith(label));
  assert.ok(line, `a ${label} row in:\n${out}`);
  return line.slice(label.length).trim().split(/\s+/);
}

describe('units', () => {
  const units: [string, number][] = [
    ['-b', 1],
    ['-k', 1024],
    ['-m', 1024 ** 2],
    ['-g', 1024 ** 3],
  ];
  for (const [flag, divisor] of units) {
    it(`${flag}: every -o figure is the byte count integer-divided by ${divisor}`, () => {
      const out = ok(['-o', '-t', flag]);
      const m = linuxJson.mem,
        s = linuxJson.swap;
      const d = (bytes: number) => String(Math.floor(bytes / divisor));
      assert.deepEqual(rowFigures(out, 'Mem:'), [d(m.total!), d(m.total! - m.free!), d(m.free!), d(m.shared!), d(m.buffers!), d(m.cache!)]);
      assert.deepEqual(rowFigures(out, 'Swap:'), [d(s.total), d(s.used), d(s.free)]);
      assert.deepEqual(rowFigures(out, 'Total:'), [d(m.total! + s.total), d(m.used! + s.used), d(m.free! + s.free)]);
    });
    it(`${flag}: bar figures are (free/total) in the unit and the bars do not depend on it`, () => {
      const out = ok([flag]);
      assert.ok(out.includes(`(${Math.floor(linuxJson.mem.free! / divisor)}/${Math.floor(linuxJson.mem.total! / divisor)})`), out);
      assert.ok(out.includes(`(${Math.floor(linuxJson.swap.free / divisor)}/${Math.floor(linuxJson.swap.total / divisor)})`), out);
      const bars = (text: string) => text.split('\n').map((l) => l.slice(0, 48));
      assert.deepEqual(bars(out), bars(ok([])));
    });
  }
  it('the last unit flag wins, as in the original', () => {
    assert.equal(ok(['-g', '-m', '-o']), ok(['-m', '-o']));
    assert.equal(ok(['-m', '-b', '-o']), ok(['-b', '-o']));
  });
  it('single-letter flags combine', () => {
    assert.equal(ok(['-tmo']), ok(['-t', '-m', '-o']));
    assert.equal(ok(['-ot', '-g']), ok(['-o', '-t', '-g']));
  });
  it('multi-terabyte machines keep a space between every column, even in bytes', () => {
    const out = ok(['-o', '-t', '-b'], { HOST_PROC: procRootOf('huge-12t'), SYSGRAB_PLATFORM: 'linux' });
    for (const label of ['Mem:', 'Swap:', 'Total:']) {
      const line = out.split('\n').find((l) => l.startsWith(label))!;
      assert.match(line, new RegExp(`^${label} +\\d+( +\\d+)+$`), line);
    }
    assert.equal(rowFigures(out, 'Mem:')[0], String(12884901888 * 1024));
  });
});

describe('-h/--human', () => {
  it('prints suffixed figures in bars, the Total line and -o', () => {
    // large-swap-in-use-4g, KiB: free 452324 / 1024 = 441.7 -> 442Mi; total
    // 4028536 / 1048576 = 3.84 -> 3.8Gi; swap free 9437180 / 1048576 = 8.99999
    // -> 9.0Gi; swap total 16777212 / 1048576 = 15.99999 -> 16Gi; Total:
    // 20805748 KiB = 19.84 -> 20Gi, free 9889504 = 9.43 -> 9.4Gi, used
    // 10916244 = 10.41 -> 10Gi. -o: used 3576212 = 3.41 -> 3.4Gi, shared 24128
    // / 1024 = 23.6 -> 24Mi, buffers 12040 -> 11.8 -> 12Mi, cached 334120 -> 326.3 -> 326Mi.
    assert.equal(
      ok(['-h', '-t']),
      [
        'Physical  : [###................................] 11%\t(442Mi/3.8Gi)',
        'Swap      : [###################................] 56%\t(9.0Gi/16Gi)',
        'Total     : [###################################] (20Gi=9.4Gi+10Gi)',
        '',
      ].join('\n'),
    );
    assert.equal(ok(['--human', '-o']).split('\n')[1], 'Mem:         3.8Gi      3.4Gi      442Mi       24Mi       12Mi      326Mi');
  });
});

describe('-j/--json', () => {
  it('prints one JSON object with mem, swap (bytes) and an ISO-8601 time', () => {
    const out = ok(['-j']);
    assert.equal(out.split('\n').length, 2, 'one line');
    const obj = JSON.parse(out);
    assert.deepEqual({ mem: obj.mem, swap: obj.swap }, linuxJson);
    assert.ok(!Number.isNaN(Date.parse(obj.time)) && obj.time.endsWith('Z'));
  });
  it('with -s, one object per line (JSON Lines)', () => {
    const lines = ok(['--json', '-s', '0.05', '-c', '3']).trimEnd().split('\n');
    assert.equal(lines.length, 3);
    const times = lines.map((l) => Date.parse(JSON.parse(l).time));
    assert.ok(times[0]! <= times[1]! && times[1]! <= times[2]!);
  });
  it('FreeBSD fields (laundry, wired, arc) appear as the library gives them', { skip: shimUnavailable() ?? false }, () => {
    const obj = JSON.parse(ok(['-j'], freebsdEnv(ZFS)));
    assert.deepEqual(obj.mem, zfsJson.mem);
  });
});

describe('-a/--all', () => {
  it('lists every Linux field, leaves out what Linux lacks, and each swap device', () => {
    const out = ok(['-a', '-m']);
    for (const f of ['total', 'used', 'free', 'available', 'cache', 'buffers', 'shared', 'active', 'inactive']) {
      assert.match(out, new RegExp(`│ ${f} +│ +${Math.floor(linuxJson.mem[f]! / 1024 ** 2)} │`), f);
    }
    for (const absent of ['wired', 'laundry', 'arc']) assert.doesNotMatch(out, new RegExp(`│ ${absent}`));
    for (const d of linuxJson.swap.devices) assert.match(out, new RegExp(`│ ${d.name} +│ +${Math.floor(d.used / 1024 ** 2)} / ${Math.floor(d.total / 1024 ** 2)} │`));
    assert.match(out, /│ field +│ +MiB │ meaning/);
  });
  it('draws one rule, under the head, and none between rows', () => {
    const lines = ok(['-a']).trimEnd().split('\n');
    assert.match(lines[0]!, /^┌─+┬─+┬─+┐$/);
    assert.match(lines[2]!, /^├─+┼─+┼─+┤$/);
    assert.equal(lines[2]!.length, lines[0]!.length);
    assert.match(lines.at(-1)!, /^└─+┴─+┴─+┘$/);
    assert.deepEqual(
      lines.filter((l) => l.startsWith('├')),
      [lines[2]],
    );
  });
  it('lists wired, laundry and the ARC on a FreeBSD ZFS host', { skip: shimUnavailable() ?? false }, () => {
    const out = ok(['--all', '-k'], freebsdEnv(ZFS));
    assert.match(out, new RegExp(`│ laundry +│ +${zfsJson.mem.laundry! / 1024} │`));
    assert.match(out, new RegExp(`│ wired +│ +${zfsJson.mem.wired! / 1024} │`));
    assert.match(out, new RegExp(`│ arc max +│ +${zfsJson.mem.arc.max / 1024} │`));
    assert.doesNotMatch(out, /│ buffers|│ shared/);
  });
});

describe('--arc', () => {
  it('moves reclaimable ARC from used to cache in -o', { skip: shimUnavailable() ?? false }, () => {
    const reclaimKib = (zfsJson.mem.arc.size - zfsJson.mem.arc.min) / 1024;
    const plain = rowFigures(ok(['-o'], freebsdEnv(ZFS)), 'Mem:').map(Number);
    const arc = rowFigures(ok(['-o', '--arc'], freebsdEnv(ZFS)), 'Mem:').map(Number);
    assert.deepEqual(arc, [plain[0], plain[1]! - reclaimKib, plain[2]! + reclaimKib, 0, 0, plain[5]! + reclaimKib]);
  });
  it('draws the reclaimable ARC as red cache in the bar', { skip: shimUnavailable() ?? false }, () => {
    const out = ok(['--arc'], freebsdEnv(ZFS));
    const total = zfsJson.mem.total!,
      free = zfsJson.mem.free!,
      reclaim = zfsJson.mem.arc.size - zfsJson.mem.arc.min;
    const green = Math.trunc((35 * free) / total),
      red = Math.trunc((35 * reclaim) / total);
    assert.ok(out.startsWith(`Physical  : [${'#'.repeat(green + red)}${'.'.repeat(35 - green - red)}]`), out);
  });
  it('changes nothing on a host without ZFS', () => {
    assert.equal(ok(['--arc', '-o', '-t']), ok(['-o', '-t']));
  });
});

/** Each visible character with the SGR state it was printed in. */
function styled(text: string): { ch: string; fg?: number; bold: boolean; dim: boolean }[] {
  const out: { ch: string; fg?: number; bold: boolean; dim: boolean }[] = [];
  let fg: number | undefined,
    bold = false,
    dim = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\x1b' && text[i + 1] === '[') {
      const end = text.indexOf('m', i);
      for (const code of text
        .slice(i + 2, end)
        .split(';')
        .map(Number)) {
        if (code === 0) {
          fg = undefined;
          bold = false;
          dim = false;
        } else if (code === 1) bold = true;
        else if (code === 2) dim = true;
        else if (code === 22) {
          bold = false;
          dim = false;
        } else if (code === 39) fg = undefined;
        else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) fg = code;
      }
      i = end;
    } else out.push({ ch: text[i]!, fg, bold, dim });
  }
  return out;
}

describe('colour', () => {
  const GREEN = 32,
    RED = 31,
    WHITE = 37;
  it('--color=always paints each segment as freecolor does (man/freecolor.1), with the same visible text', () => {
    const env = { HOST_PROC: procRootOf('old-kernel-2.6.32-no-memavailable'), SYSGRAB_PLATFORM: 'linux' };
    const coloured = ok(['--color=always', '-t'], env);
    const plainText = ok(['-t'], env);
    assert.notEqual(coloured, plainText);
    const chars = styled(coloured);
    assert.equal(chars.map((c) => c.ch).join(''), plainText);
    const lines: (typeof chars)[] = [[]];
    for (const c of chars) c.ch === '\n' ? lines.push([]) : lines[lines.length - 1]!.push(c);
    const [physical, swap, total] = lines;
    // Physical: free-cache 14 green, cache 15 red (35 x 902368/2054828 = 15.4), 6 dots white, from column 13.
    const bar = physical!.slice(13, 48);
    const m = { mem: expectedJson<Record<string, number>>('linux', 'old-kernel-2.6.32-no-memavailable', 'mem') };
    const n1 = Math.trunc((35 * (m.mem.free! - m.mem.cache!)) / m.mem.total!),
      n2 = Math.trunc((35 * m.mem.cache!) / m.mem.total!);
    assert.ok(n1 > 0 && n2 > 0);
    bar.forEach((c, i) => {
      const want = i < n1 ? GREEN : i < n1 + n2 ? RED : WHITE;
      assert.equal(c.fg, want, `physical cell ${i} '${c.ch}'`);
      assert.ok(c.bold, `physical cell ${i} bold`);
    });
    assert.ok(physical![12]!.dim && physical![48]!.dim, 'brackets dim');
    const pct = physical!.slice(50, 52);
    assert.equal(pct.map((c) => c.ch).join(''), '69');
    assert.ok(
      pct.every((c) => c.fg === WHITE && c.bold),
      'percentage bold white',
    );
    assert.equal(physical![52]!.ch, '%');
    assert.equal(physical![52]!.fg, RED);
    assert.ok(swap!.slice(13, 47).every((c) => c.fg === GREEN) && swap![47]!.fg === WHITE);
    const totalBar = total!.slice(13, 48);
    const g = totalBar.filter((c) => c.fg === GREEN).length;
    assert.ok(g > 0 && g < 35 && totalBar.slice(g).every((c) => c.fg === RED && c.ch === '#'));
  });
  it('auto on a pipe: no escapes; FORCE_COLOR turns them on; NO_COLOR and --color=never win', () => {
    assert.doesNotMatch(ok([]), /\x1b/);
    assert.match(ok([], { ...linuxEnv, FORCE_COLOR: '1' }), /\x1b\[/);
    assert.doesNotMatch(ok([], { ...linuxEnv, NO_COLOR: '1' }), /\x1b/);
    assert.doesNotMatch(ok(['--color=never'], { ...linuxEnv, FORCE_COLOR: '3' }), /\x1b/);
    assert.match(ok(['--color=always'], { ...linuxEnv, NO_COLOR: '1' }), /\x1b\[/);
  });
  it('-o and -j never carry escapes', () => {
    assert.doesNotMatch(ok(['--color=always', '-o', '-t']), /\x1b/);
    assert.doesNotMatch(ok(['--color=always', '-j']), /\x1b/);
  });
});

describe('usage, help, version and exit codes', () => {
  const bad: [string[], RegExp][] = [
    [['-x'], /^freecolor: unknown option '-x'$/],
    [['--bogus'], /^freecolor: unknown option '--bogus'$/],
    [['-s'], /^freecolor: option '-s' needs a value: a number of seconds greater than 0$/],
    [['-s', 'abc'], /^freecolor: -s needs a number of seconds greater than 0, not 'abc'$/],
    [['-s', '0'], /-s needs a number of seconds greater than 0, not '0'/],
    [['-s', '-1'], /^freecolor: -s needs a number of seconds greater than 0, not '-1'$/],
    [['-s', '1e3x'], /-s needs a number/],
    [['-c', '0'], /^freecolor: -c needs a whole number of reports of at least 1, not '0'$/],
    [['-s', '1', '-c', '1.5'], /-c needs a whole number/],
    [['--color=sometimes'], /^freecolor: --color must be auto, always or never, not 'sometimes'$/],
    [['extra'], /^freecolor: unexpected argument 'extra'$/],
  ];
  for (const [args, message] of bad) {
    it(`freecolor ${args.join(' ')}: a usage error naming it`, () => {
      assert.throws(
        () => parseCli(args),
        (e: unknown) => e instanceof UsageError && message.test(`freecolor: ${e.message}`),
      );
    });
  }
  it('a usage error on the command line: exit 2, one line naming it, then the usage', () => {
    const r = freecolor(['-x'], linuxEnv);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    const [first, ...rest] = r.stderr.split('\n');
    assert.equal(first, "freecolor: unknown option '-x'");
    assert.equal(rest.join('\n'), USAGE);
  });
  it('--help: the usage on stdout, exit 0', () => {
    const r = freecolor(['--help']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, USAGE);
  });
  for (const flag of ['-V', '--version']) {
    it(`${flag}: the version on stdout, exit 0`, () => {
      const r = freecolor([flag]);
      assert.equal(r.status, 0);
      const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
      assert.equal(r.stdout, `freecolor version ${version} (sysgrab; compatible with freecolor 0.9.3)\n`);
    });
  }
  it('-s N -c M and -c alone repeat, separated by a blank line on a pipe', () => {
    const out = ok(['-s', '0.05', '-c', '3', '-m']);
    const one = ok(['-m']);
    assert.equal(out, [one, one, one].join('\n'));
    assert.equal(ok(['-c', '1']), ok([]));
  });
  it('-s waits between reports: three reports at 0.2 s take at least 0.4 s', () => {
    const start = process.hrtime.bigint();
    ok(['-s', '0.2', '-c', '3', '-o']);
    assert.ok(Number(process.hrtime.bigint() - start) / 1e6 >= 400);
  });
});

describe('watch mode', () => {
  it('does not drift: the Nth report is due N intervals after the start, whatever reports cost', async () => {
    let now = 1000;
    const drawnAt: number[] = [];
    const clock: Clock = {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    };
    await repeat(
      500,
      5,
      () => {
        drawnAt.push(now);
        now += 70 + drawnAt.length * 13;
      },
      clock,
    );
    assert.deepEqual(drawnAt, [1000, 1500, 2000, 2500, 3000]);
  });
  it('skips the ticks a slow report missed and keeps the schedule', async () => {
    // Interval 100; report 1 takes 250: the ticks at 100 and 200 are gone,
    // the next report falls on the tick at 300, then 400 and 500.
    let now = 0;
    const drawnAt: number[] = [];
    const clock: Clock = {
      now: () => now,
      sleep: async (ms) => {
        assert.ok(ms >= 0);
        now += ms;
      },
    };
    await repeat(
      100,
      4,
      (n) => {
        drawnAt.push(now);
        now += n === 1 ? 250 : 10;
      },
      clock,
    );
    assert.deepEqual(drawnAt, [0, 300, 400, 500]);
  });
  it('counts wrapped rows and tabs when backing up over a report', () => {
    assert.equal(rowsOf('abc\n', 80), 1);
    assert.equal(rowsOf(`${'x'.repeat(100)}\nshort\n`, 80), 3);
    assert.equal(rowsOf('Physical  : [#] 5%\t(1/2)\n', 20), 2);
    assert.equal(rowsOf('\x1b[32m#####\x1b[39m\n', 5), 1);
  });
  it('a closed pipe (freecolor -s 0.05 | head -1) ends quietly with status 0', () => {
    // POSIX sh has no PIPESTATUS: freecolor's status goes to a file.
    const status = join(require('node:os').tmpdir(), `fc-status-${process.pid}`);
    const err = join(require('node:os').tmpdir(), `fc-err-${process.pid}`);
    const r = spawnSync(
      'sh',
      ['-c', `{ "${process.execPath}" "${FREECOLOR}" -s 0.05 2>"${err}"; echo $? >"${status}"; } | head -1; echo "status=$(cat "${status}")"; cat "${err}"; rm -f "${status}" "${err}"`],
      {
        env: cleanEnv(linuxEnv),
        encoding: 'utf8',
        timeout: 20000,
      },
    );
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, /^Physical {2}: \[/);
    assert.equal(lines[1], 'status=0');
    assert.equal(lines.slice(2).join(''), '', 'nothing on stderr');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} during -s ends with status 0 and whole reports`, { timeout: 20000 }, async () => {
      const child = spawn(process.execPath, [FREECOLOR, '-s', '0.05'], { env: cleanEnv(linuxEnv) });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        err += d;
      });
      while (out.split('\n\n').length < 3) await new Promise((r) => setTimeout(r, 20));
      child.kill(signal);
      const [code, sig] = await new Promise<[number | null, string | null]>((r) => child.on('exit', (c, s) => r([c, s])));
      assert.equal(sig, null);
      assert.equal(code, 0);
      assert.equal(err, '');
      for (const report of out.trimEnd().split('\n\n')) assert.match(report, /^Physical .*\nSwap .*$/);
    });
  }
  // util-linux script(1): -q -f -e -c; BSD script(1) takes other flags.
  const hasScript = process.platform === 'linux' && spawnSync('sh', ['-c', 'command -v script']).status === 0;
  // script runs its command through $SHELL -c. `exec` makes freecolor itself
  // the terminal's foreground process: otherwise a shell that does not exec
  // its last command (dash, CI's /bin/sh) is also sent Ctrl-C's SIGINT and
  // dies of it (status 130) whatever freecolor does.
  const onTerminal = (args: string) => ({
    argv: ['-qfec', `exec "${process.execPath}" "${FREECOLOR}" ${args}`, '/dev/null'],
    env: cleanEnv({ ...linuxEnv, TERM: 'xterm', SHELL: '/bin/sh' }),
  });
  it('on a terminal redraws in place and restores the cursor', {
    skip: hasScript ? false : 'script(1) from util-linux is not installed (.ci/run installs bsdutils; BSD script takes other flags)',
  }, () => {
    const t = onTerminal('-s 0.05 -c 3 -t');
    const r = spawnSync('script', t.argv, { env: t.env, encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout.replace(/\r/g, '');
    assert.ok(out.startsWith('\x1b[?25l'), 'hides the cursor first');
    assert.ok(out.endsWith('\x1b[?25h'), 'restores the cursor last');
    assert.equal(out.split('\x1b[3A\x1b[0J').length, 3, 'backs up over the three lines twice');
    assert.match(out, /\x1b\[1m\x1b\[32m/, 'colours on a terminal');
  });
  it('-j -s on a terminal appends JSON Lines, never moving the cursor', { skip: hasScript ? false : 'script(1) from util-linux is not installed' }, () => {
    const t = onTerminal('-j -s 0.05 -c 3');
    const r = spawnSync('script', t.argv, { env: t.env, encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /\x1b/);
    const lines = r.stdout.trim().split(/\r?\n/);
    assert.equal(lines.length, 3);
    for (const l of lines) assert.deepEqual(Object.keys(JSON.parse(l)), ['mem', 'swap', 'container', 'pressure', 'time']);
  });
  it('Ctrl-C on a terminal restores the cursor and exits 0', { timeout: 20000, skip: hasScript ? false : 'script(1) from util-linux is not installed' }, async () => {
    const t = onTerminal('-s 0.05');
    const child = spawn('script', t.argv, { env: t.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    while (out.split('\x1b[2A').length < 3) await new Promise((r) => setTimeout(r, 20));
    child.stdin.write('\x03');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    assert.equal(code, 0);
    assert.ok(out.includes('\x1b[?25h'), 'cursor shown again');
    assert.doesNotMatch(out, /Error|at .*\.js/);
  });
});

describe('the man page', () => {
  const page = readFileSync(join(ROOT, 'man', 'freecolor.1'), 'utf8');
  it('documents every flag of the usage', () => {
    for (const flag of USAGE.match(/(?<![\w-])--?[a-zA-Z][\w-]*/g)!) {
      assert.ok(page.includes(flag.replace(/-/g, '\\-')), `${flag} in man/freecolor.1`);
    }
  });
  it('is listed in package.json under both names of the command', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    // With the other commands' pages (test/cli/man-pages.test.ts).
    assert.deepEqual(pkg.man, [
      './man/freecolor.1',
      './man/saidar.1',
      './man/statgrab.1',
      './man/sysgrab-exporter.1',
      './man/sysgrab-freecolor.1',
      './man/sysgrab-saidar.1',
      './man/sysgrab-statgrab.1',
    ]);
    assert.equal(pkg.bin.freecolor, 'bin/freecolor');
    assert.equal(pkg.bin['sysgrab-freecolor'], 'bin/sysgrab-freecolor');
  });
  it('sysgrab-freecolor.1 is freecolor.1 under its own title', () => {
    const twin = readFileSync(join(ROOT, 'man', 'sysgrab-freecolor.1'), 'utf8');
    assert.equal(twin, page.replace(/^\.TH FREECOLOR 1/, '.TH SYSGRAB-FREECOLOR 1'));
    assert.notEqual(twin, page);
  });
  const hasMan = spawnSync('sh', ['-c', 'command -v man']).status === 0;
  it('renders with man, without warnings', { skip: hasMan ? false : 'man is not installed (.ci/run installs man-db)' }, () => {
    // --warnings: groff's warnings on stderr (man -l alone keeps them quiet).
    const r = spawnSync('man', ['--warnings', '-l', join(ROOT, 'man', 'freecolor.1')], { env: { ...process.env, MANWIDTH: '80', MANPAGER: 'cat', PAGER: 'cat' }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^FREECOLOR\(1\)/);
    assert.match(r.stdout, /EXIT STATUS/);
    // Option pairs render as "-V, --version", not "-V ,  --version" (.B joins words with spaces).
    for (const pair of ['-V, --version', '-h, --human', '-j, --json', '-a, --all', '-c N, --count N']) assert.ok(r.stdout.includes(pair), pair);
    assert.doesNotMatch(r.stdout, / , /);
    assert.equal(r.stderr, '');
  });
});
