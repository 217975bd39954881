import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sizeConv } from '../../src/cli/saidar/render.js';
import { getDiskIoStats, getFsStats, getLoadStats, getMemStats, getNetworkIoStats, getProcessCount, getUserStats } from '../../src/index.js';
import { hasCommand, ROOT } from '../support/helpers.js';

/*
 * saidar as a person sees it: run in tmux, read with capture-pane, keys
 * sent with send-keys. Its screen is checked against what the getters say
 * at that moment, and against Debian's saidar in a second window of the
 * same size for the layout. Then resizing, a small terminal, colour, and
 * every way out (q, Ctrl-C, SIGTERM, a closed terminal) giving the
 * terminal back.
 */

const SOCKET = `sysgrab-saidar-${process.pid}`;
const SAIDAR = `${process.execPath} ${join(ROOT, 'bin', 'saidar')}`;
const LIBSTATGRAB_DEFAULT = "'!nfs, nfs3, nfs4, cifs, smbfs, samba, autofs'";

function unavailable(): string | false {
  if (process.platform !== 'linux' && process.platform !== 'freebsd') return 'tmux runs on Unix';
  if (!hasCommand('tmux')) return 'tmux is not installed (.ci/run installs it)';
  if (!hasCommand('saidar')) return "Debian's saidar is not installed (.ci/run installs it)";
  return false;
}

const skip = unavailable();

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8', env: { ...process.env, CI: '', NO_COLOR: '' } });
  assert.equal(r.status, 0, `tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function capture(target: string, escapes = false): string[] {
  return tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', target).split('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll the pane until `ready` holds for its text (at most 15 s). */
async function waitFor(target: string, ready: (lines: string[]) => boolean, what: string): Promise<string[]> {
  for (let i = 0; i < 150; i++) {
    const lines = capture(target);
    if (ready(lines)) return lines;
    await sleep(100);
  }
  assert.fail(`${target}: ${what} did not appear:\n${capture(target).join('\n')}`);
}

const display = (target: string, format: string) => tmux('display-message', '-p', '-t', target, format).trim();

/** The text at (row, col) of a capture. */
const at = (lines: string[], row: number, col: number, length: number) => (lines[row] ?? '').padEnd(col + length).slice(col, col + length);

const LABELS: [number, number, string][] = [
  [0, 0, 'Hostname  :'],
  [0, 27, 'Uptime : '],
  [0, 54, 'Date : '],
  [2, 0, 'Load 1    :'],
  [3, 0, 'Load 5    :'],
  [4, 0, 'Load 15   :'],
  [2, 21, 'CPU Idle  :'],
  [3, 21, 'CPU System:'],
  [4, 21, 'CPU User  :'],
  [2, 42, 'Running   :'],
  [2, 62, 'Zombie    :'],
  [4, 62, 'No. Users :'],
  [6, 0, 'Mem Total :'],
  [6, 21, 'Swap Total:'],
  [6, 42, 'Mem Used  :'],
  [6, 62, 'Paging in :'],
  [8, 42, 'Total Used:'],
  [10, 0, 'Disk Name'],
  [10, 15, 'Read'],
  [10, 28, 'Write'],
  [10, 42, 'Network Interface'],
  [10, 67, 'rx'],
  [10, 77, 'tx'],
];

/** The rows below the headings: disks (col 0), interfaces and mounts (col 42). */
function tables(lines: string[]) {
  const disks: string[] = [];
  for (let r = 11; r < lines.length && at(lines, r, 0, 11).trim() !== ''; r++) disks.push(at(lines, r, 0, 11).trim());
  const ifaces: string[] = [];
  let r = 11;
  for (; r < lines.length && at(lines, r, 42, 19).trim() !== ''; r++) ifaces.push(at(lines, r, 42, 19).trim());
  const heading = r + 1;
  const mounts: { name: string; free: string; used: string }[] = [];
  for (r = heading + 1; r < lines.length && at(lines, r, 42, 19).trim() !== ''; r++)
    mounts.push({ name: at(lines, r, 42, 19).trim(), free: at(lines, r, 62, 7).trim(), used: at(lines, r, 73, 7).trim() });
  return { disks, ifaces, mountHeading: at(lines, heading, 42, 37), mounts };
}

describe('saidar in tmux', { skip }, () => {
  // A session that lives as long as these tests: the server exits when its
  // last session ends, and a new-session racing that exit fails with "server
  // exited unexpectedly". kill-server in after() ends it.
  before(() => {
    tmux('new-session', '-d', '-s', 'keeper', '-x', '80', '-y', '24', 'cat');
  });
  after(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    // The server may leave its socket behind when its last session ends.
    rmSync(join(process.env.TMUX_TMPDIR || tmpdir(), `tmux-${userInfo().uid}`, SOCKET), { force: true });
  });

  it("shows what the getters say, laid out as Debian's saidar in a second window", async () => {
    tmux('new-session', '-d', '-s', 'ours', '-x', '120', '-y', '40', `${SAIDAR} -d 1 -F ${LIBSTATGRAB_DEFAULT}`);
    tmux('new-session', '-d', '-s', 'debian', '-x', '120', '-y', '40', 'saidar -d 1');
    const hasTotal = (l: string[]) => l.some((x) => x.startsWith('Total '));
    const ours = await waitFor('ours', hasTotal, 'the disk totals');
    const debian = await waitFor('debian', hasTotal, "Debian saidar's disk totals");
    const fs = getFsStats({ filter: 'libstatgrab', fsTypes: ['!', 'nfs', 'nfs3', 'nfs4', 'cifs', 'smbfs', 'samba', 'autofs'] });
    const disks = getDiskIoStats();
    const nets = getNetworkIoStats();
    const mem = getMemStats();
    const load = getLoadStats();
    const procs = getProcessCount();
    const users = getUserStats().length;
    tmux('kill-session', '-t', 'ours');
    tmux('kill-session', '-t', 'debian');

    for (const [row, col, label] of LABELS) {
      assert.equal(at(ours, row, col, label.length), label, `ours: "${label}" at ${row},${col}`);
      assert.equal(at(debian, row, col, label.length), label, `Debian's: "${label}" at ${row},${col}`);
    }
    // What the getters say at that moment.
    assert.equal(at(ours, 0, 12, 14).trim(), hostname().slice(0, 14).split('.')[0]);
    assert.equal(at(ours, 6, 12, 7), sizeConv(mem.total).padStart(7));
    // Load, CPU, processes, users and paging in saidar's formats (%6.2f, %6.2f%%, %5llu), in both windows.
    const FORMATS: [number, number, number, RegExp][] = [
      [2, 12, 6, /^ *\d+\.\d\d$/],
      [3, 12, 6, /^ *\d+\.\d\d$/],
      [4, 12, 6, /^ *\d+\.\d\d$/],
      [2, 33, 7, /^ *\d+\.\d\d%$/],
      [3, 33, 7, /^ *\d+\.\d\d%$/],
      [4, 33, 7, /^ *\d+\.\d\d%$/],
      [2, 54, 5, /^ *\d+$/],
      [3, 54, 5, /^ *\d+$/],
      [4, 54, 5, /^ *\d+$/],
      [2, 74, 5, /^ *\d+$/],
      [3, 74, 5, /^ *\d+$/],
      [4, 74, 5, /^ *\d+$/],
      [6, 74, 5, /^ *\d+$/],
      [7, 74, 5, /^ *\d+$/],
    ];
    for (const [row, col, width, format] of FORMATS) {
      assert.match(at(ours, row, col, width), format, `ours at ${row},${col}`);
      assert.match(at(debian, row, col, width), format, `Debian's at ${row},${col}`);
    }
    const shown = (row: number, col: number, width: number) => Number(at(ours, row, col, width).replace('%', ''));
    // The load moves slowly (a 1-minute average, 2 decimals in /proc/loadavg).
    assert.ok(Math.abs(shown(2, 12, 6) - load.min1) <= 0.2, `load 1: ${shown(2, 12, 6)} vs ${load.min1}`);
    assert.ok(Math.abs(shown(4, 12, 6) - load.min15) <= 0.05, `load 15: ${shown(4, 12, 6)} vs ${load.min15}`);
    // CPU shares of one interval: at most 100 in all (irq, softirq and steal are in none of the three).
    assert.ok(shown(2, 33, 6) + shown(3, 33, 6) + shown(4, 33, 6) <= 100.02);
    // Processes come and go (these tests among them): near the getter's count; the users exactly.
    assert.ok(Math.abs(shown(3, 74, 5) - procs.total) <= 15, `processes: ${shown(3, 74, 5)} vs ${procs.total}`);
    assert.equal(shown(4, 74, 5), users);
    const o = tables(ours);
    const d = tables(debian);
    assert.deepEqual(
      o.disks,
      disks.map((x) => x.diskName.slice(0, 11)),
    );
    assert.deepEqual(
      o.ifaces,
      nets.map((x) => x.interfaceName.slice(0, 19)),
    );
    assert.equal(o.mountHeading, 'Mount Point            Free      Used');
    assert.deepEqual(
      o.mounts.map((m) => m.name),
      fs.map((f) => f.mntPoint.slice(0, 19)),
    );
    for (const m of o.mounts) {
      assert.match(m.free, /^\d+[BKMGTP]$/);
      assert.match(m.used, /^(-|\d+\.\d\d%)$/);
    }
    // The same rows as Debian's saidar: disks, interfaces, mount points, in the same order and formats.
    assert.deepEqual(o.disks, d.disks);
    assert.deepEqual(o.ifaces, d.ifaces);
    assert.deepEqual(d.mountHeading, o.mountHeading);
    assert.deepEqual(
      o.mounts.map((m) => m.name),
      d.mounts.map((m) => m.name),
    );
    assert.deepEqual(
      o.mounts.map((m) => m.used === '-'),
      d.mounts.map((m) => m.used === '-'),
    );
    for (const lines of [ours, debian]) {
      for (let r = 11; r < 11 + o.disks.length; r++) assert.match(lines[r]!.slice(0, 33), /^\S+\s+\d+[BKMGTP]\s+\d+[BKMGTP]$/);
    }
  });

  it('copes with a terminal smaller than the view and with resizing (Debian saidar garbles the screen here)', async () => {
    tmux('new-session', '-d', '-s', 'resize', '-x', '40', '-y', '10', `${SAIDAR} -d 1 -c`);
    let lines = await waitFor('resize', (l) => l[0]!.startsWith('Hostname  :') && l[2]!.startsWith('Load 1    :'), 'the headings at 40x10');
    assert.ok(lines.every((l) => l.length <= 40));
    tmux('resize-window', '-t', 'resize', '-x', '120', '-y', '40');
    lines = await waitFor('resize', (l) => at(l, 2, 62, 11) === 'Zombie    :', 'the full view at 120x40');
    tmux('resize-window', '-t', 'resize', '-x', '60', '-y', '15');
    await sleep(300);
    lines = await waitFor('resize', (l) => l.every((x) => x.length <= 60) && at(l, 2, 42, 11) === 'Running   :', 'the view cut at 60x15');
    for (const [row, col, label] of LABELS) if (row < 15 && col + label.length <= 60) assert.equal(at(lines, row, col, label.length), label, `"${label}" at ${row},${col} after the resize`);
    assert.ok(!lines.some((l) => /Zombie|Paging|No\. Users/.test(l)), 'nothing from beyond column 60 is left on screen');
    // -c: hostname in red, memory in magenta, as saidar's colour pairs.
    const coloured = capture('resize', true).join('\n');
    assert.ok(coloured.includes('\x1b[31m') && coloured.includes('\x1b[35m'), 'saidar -c colours');
    tmux('kill-session', '-t', 'resize');
  });

  for (const [how, act, status] of [
    ['q', (t: string) => tmux('send-keys', '-t', t, 'q'), 0],
    ['Ctrl-C', (t: string) => tmux('send-keys', '-t', t, 'C-c'), 130],
    [
      'SIGTERM',
      (t: string) => {
        const shell = display(t, '#{pane_pid}');
        // The shell's child is saidar (ps -A -o pid,ppid works on Linux and the BSDs).
        const rows = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).stdout.trim().split('\n');
        const child = rows.map((r) => r.trim().split(/\s+/).map(Number)).find(([, ppid]) => ppid === Number(shell))!;
        process.kill(child[0]!, 'SIGTERM');
      },
      143,
    ],
  ] as const) {
    it(`${how}: exits ${status} and gives the terminal back (main screen, cursor shown)`, async () => {
      const t = `exit-${status}`;
      tmux('new-session', '-d', '-s', t, '-x', '100', '-y', '30', 'bash --norc --noprofile');
      tmux('send-keys', '-t', t, `${SAIDAR} -d 1; echo "rc=$?"`, 'Enter');
      await waitFor(t, (l) => l[0]!.startsWith('Hostname  :'), 'saidar');
      assert.equal(display(t, '#{alternate_on}'), '1');
      assert.equal(display(t, '#{cursor_flag}'), '0', 'the cursor is hidden while saidar runs');
      act(t);
      await waitFor(t, (l) => l.some((x) => x === `rc=${status}`), `rc=${status}`);
      assert.equal(display(t, '#{alternate_on}'), '0');
      assert.equal(display(t, '#{cursor_flag}'), '1');
      tmux('kill-session', '-t', t);
    });
  }

  it('a closed terminal (the tmux session killed under it) ends saidar', async () => {
    tmux('new-session', '-d', '-s', 'closed', '-x', '100', '-y', '30', `exec ${SAIDAR} -d 1`);
    await waitFor('closed', (l) => l[0]!.startsWith('Hostname  :'), 'saidar');
    const pid = Number(display('closed', '#{pane_pid}'));
    tmux('kill-session', '-t', 'closed');
    let alive = true;
    for (let i = 0; i < 50 && alive; i++) {
      await sleep(100);
      try {
        process.kill(pid, 0);
      } catch {
        alive = false;
      }
    }
    assert.equal(alive, false, `saidar (pid ${pid}) is gone`);
  });
});
