import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FsStats, FsStatsResult } from '../../src/index.js';
import { hasCommand, ROOT, tempDir } from '../support/helpers.js';
import { STATGRAB } from '../support/statgrab.js';

/*
 * File systems on this machine, as a person would check them: inside a
 * private mount namespace (unshare -m) the test mounts a tmpfs of 8 MiB and
 * 1000 inodes and a loop-mounted 32 MiB ext4 image, then runs a child Node
 * that calls the getters and Debian's statgrab, both reading the same
 * kernel. The tmpfs figures are known by hand; the ext4 ones must equal
 * statgrab's `fs.*` keys, and sysgrab's statgrab must print the same keys. A FUSE mount whose daemon never answers stands in
 * for a dead NFS server: getFsStatsAsync must come back within its timeout.
 */

const CHILD = join(ROOT, 'build', 'test', 'support', 'fs-child.js');

function unavailable(): string | false {
  if (process.platform !== 'linux') return 'mount namespaces are Linux';
  for (const c of ['unshare', 'statgrab', 'mkfs.ext4', 'losetup', 'mount']) if (!hasCommand(c)) return `${c} is not installed (.ci/run installs it)`;
  if (spawnSync('unshare', ['-m', 'true']).status !== 0) return 'unshare -m is not permitted here (needs CAP_SYS_ADMIN)';
  return false;
}

const skip = unavailable();

/** `statgrab fs.` as { device: { key: value } } (first row of each device name). */
function statgrabFs(text: string): Map<string, Record<string, string>> {
  const rows = new Map<string, Record<string, string>>();
  for (const line of text.split('\n')) {
    const m = /^fs\.(.+)\.([a-z_]+) = (.*)$/.exec(line);
    if (!m) continue;
    const row = rows.get(m[1]!) ?? {};
    if (!(m[2]! in row)) row[m[2]!] = m[3]!;
    rows.set(m[1]!, row);
  }
  return rows;
}

/** libstatgrab's value for each FsStats field, as statgrab names and prints it. */
function asStatgrab(f: FsStats): Record<string, string> {
  return {
    device_name: f.deviceName,
    device_canonical: f.deviceCanonical,
    fs_type: f.fsType,
    mnt_point: f.mntPoint,
    size: String(f.size),
    used: String(f.used),
    avail: String(f.avail),
    total_inodes: String(f.totalInodes),
    used_inodes: String(f.usedInodes),
    free_inodes: String(f.freeInodes),
    avail_inodes: String(f.availInodes),
    io_size: String(f.ioSize),
    block_size: String(f.blockSize),
    total_blocks: String(f.totalBlocks),
    free_blocks: String(f.freeBlocks),
    avail_blocks: String(f.availBlocks),
    used_blocks: String(f.usedBlocks),
  };
}

describe('getFsStats on this machine: known sizes, and the same figures as statgrab', { skip }, () => {
  it('a tmpfs of 8 MiB / 1000 inodes and a loop ext4, in a private mount namespace', () => {
    const t = tempDir('sysgrab-fs-');
    try {
      const img = join(t.dir, 'ext4.img');
      assert.equal(spawnSync('truncate', ['-s', '32M', img]).status, 0);
      assert.equal(spawnSync('mkfs.ext4', ['-q', '-F', '-b', '4096', '-m', '5', '-N', '2048', img]).status, 0);
      const tmpfsSource = `sysgrab-tmpfs-${process.pid}`;
      const script = [
        'set -e',
        'mount --make-rprivate /',
        `mkdir -p "$1/tmpfs" "$1/ext4 dir"`,
        `mount -t tmpfs -o size=8m,nr_inodes=1000 ${tmpfsSource} "$1/tmpfs"`,
        `mount -o loop "$1/ext4.img" "$1/ext4 dir"`,
        `node "${CHILD}" stats`,
        'echo',
        'echo ===statgrab===',
        'statgrab fs.',
        'echo ===ours===',
        `${process.execPath} "${STATGRAB}" fs.`,
      ].join('\n');
      const r = spawnSync('unshare', ['-m', 'bash', '-c', script, 'bash', t.dir], { encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 0, r.stderr);
      const [json, rest] = r.stdout.split('\n===statgrab===\n');
      const [sg, ours] = rest!.split('===ours===\n');
      const got = JSON.parse(json!) as { real: FsStats[]; libstatgrab: FsStats[]; all: FsStats[]; async: FsStatsResult };
      const tmpfs = got.all.find((f) => f.mntPoint === join(t.dir, 'tmpfs'));
      const ext4 = got.all.find((f) => f.mntPoint === join(t.dir, 'ext4 dir'));
      assert.ok(tmpfs && ext4, 'both test mounts are listed');
      // tmpfs: size=8m is 8388608 bytes = 2048 pages of 4096, all free; 1000 inodes, the root directory uses one.
      assert.deepEqual(
        { ...tmpfs, deviceCanonical: undefined },
        {
          deviceName: tmpfsSource,
          deviceCanonical: undefined,
          fsType: 'tmpfs',
          mntPoint: join(t.dir, 'tmpfs'),
          deviceType: 'special',
          readOnly: false,
          size: 8388608,
          used: 0,
          free: 8388608,
          avail: 8388608,
          totalInodes: 1000,
          usedInodes: 1,
          freeInodes: 999,
          availInodes: 999,
          ioSize: 4096,
          blockSize: 4096,
          totalBlocks: 2048,
          freeBlocks: 2048,
          usedBlocks: 0,
          availBlocks: 2048,
        },
      );
      assert.equal(ext4.fsType, 'ext4');
      assert.equal(ext4.deviceType, 'regular');
      assert.ok(ext4.availBlocks < ext4.freeBlocks, 'mkfs -m 5 reserved blocks for root');
      // Filters: the default lists the ext4 but not the tmpfs; libstatgrab's list has both; async says the same, no problems.
      assert.ok(got.real.some((f) => f.mntPoint === ext4.mntPoint) && !got.real.some((f) => f.mntPoint === tmpfs.mntPoint));
      assert.ok(got.libstatgrab.some((f) => f.mntPoint === ext4.mntPoint) && got.libstatgrab.some((f) => f.mntPoint === tmpfs.mntPoint));
      assert.deepEqual(got.async.problems, []);
      assert.deepEqual(
        got.async.filesystems.map((f) => f.mntPoint),
        got.all.map((f) => f.mntPoint),
      );
      // The oracle: statgrab's keys for the two test mounts are the getter's figures, key for key,
      // and sysgrab's statgrab prints those very lines.
      const rows = statgrabFs(sg!);
      const ourRows = statgrabFs(ours!);
      assert.deepEqual(rows.get(tmpfsSource), asStatgrab(tmpfs));
      const loop = ext4.deviceName.replace(/^\/dev\//, '');
      assert.deepEqual(rows.get(loop), asStatgrab(ext4));
      assert.deepEqual(ourRows.get(tmpfsSource), rows.get(tmpfsSource));
      assert.deepEqual(ourRows.get(loop), rows.get(loop));
      // And statgrab lists exactly the mount points of our libstatgrab filter.
      const theirs = [...sg!.matchAll(/^fs\..+\.mnt_point = (.*)$/gm)].map((m) => m[1]).sort();
      assert.deepEqual(got.libstatgrab.map((f) => f.mntPoint).sort(), theirs);
    } finally {
      t.remove();
    }
  });
});

function fuseUnavailable(): string | false {
  if (skip) return skip;
  if (!existsSync('/dev/fuse')) return 'no /dev/fuse on this kernel';
  return false;
}

describe('a hung network mount cannot hold up getFsStatsAsync', { skip: fuseUnavailable() }, () => {
  it('a FUSE "sshfs" mount whose daemon never answers: TIMEOUT within the timeout, then BUSY without a second statfs; getFsStats never waits on it; statgrab leaves it out where Debian\'s hangs', () => {
    const t = tempDir('sysgrab-hung-');
    try {
      const script = [
        'set -e',
        'mount --make-rprivate /',
        'mkdir -p "$1/sshfs"',
        'exec 3<>/dev/fuse',
        'mount -i -t fuse -o fd=3,rootmode=40000,user_id=0,group_id=0,subtype=sshfs backup@nas.example:/srv "$1/sshfs"',
        'mountpoint -q /sys/fs/fuse/connections || mount -t fusectl fusectl /sys/fs/fuse/connections',
        // statgrab asked for that type alone: ours leaves the mount out after its timeout (10 s is a guard,
        // not the expectation); Debian's waits in statvfs until `timeout` kills it.
        'set +e',
        // (Node's exit would wait for the thread stuck in statfs: the launcher ends the process with _exit.)
        `timeout 10 ${process.execPath} "${STATGRAB}" -F fuse.sshfs fs. > "$1/ours.out" 2> "$1/ours.err"; echo $? > "$1/ours.rc"`,
        'timeout 1 statgrab -F fuse.sshfs fs. > "$1/debian.out" 2>&1; echo $? > "$1/debian.rc"',
        'set -e',
        `exec node "${CHILD}" hung "$1/sshfs"`,
      ].join('\n');
      const r = spawnSync('unshare', ['-m', 'bash', '-c', script, 'bash', t.dir], { encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout) as {
        waitingBefore: number;
        first: FsStatsResult;
        firstMs: number;
        waitingAfterFirst: number;
        second: FsStatsResult;
        secondMs: number;
        waitingAfterSecond: number;
        stuckBeforeAbort: number;
        sync: string[];
        stuckAfterAbort: number;
      };
      const mnt = join(t.dir, 'sshfs');
      assert.deepEqual(
        got.first.problems.map((p) => [p.mntPoint, p.fsType, p.deviceType, p.problem]),
        [[mnt, 'fuse.sshfs', 'remote', 'TIMEOUT']],
      );
      assert.ok(!got.first.filesystems.some((f) => f.mntPoint === mnt));
      assert.ok(
        got.first.filesystems.some((f) => f.mntPoint === '/'),
        'the other mounts are still reported',
      );
      // Not a timing assertion on speed: the call must not wait for the dead mount beyond a generous bound (timeout 300 ms).
      assert.ok(got.firstMs < 10000, `${got.firstMs} ms`);
      assert.equal(got.waitingAfterFirst, got.waitingBefore + 1, 'one statfs request is waiting in the FUSE connection');
      assert.deepEqual(
        got.second.problems.map((p) => [p.mntPoint, p.problem]),
        [[mnt, 'BUSY']],
      );
      assert.equal(got.waitingAfterSecond, got.waitingBefore + 1, 'the second call started no new request');
      assert.equal(got.stuckBeforeAbort, 1);
      assert.ok(!got.sync.includes(mnt), 'the synchronous form never calls statfs on a network mount');
      assert.equal(got.stuckAfterAbort, 0, 'once the kernel answers, nothing is left pending');
      const file = (f: string) => readFileSync(join(t.dir, f), 'utf8');
      assert.equal(file('ours.rc').trim(), '0', "sysgrab's statgrab ends by itself");
      assert.equal(file('ours.out'), '', 'no fs. keys: the one mount of that type did not answer');
      // The mount is named on stderr; then, as statgrab does for a prefix nothing matched, `Unknown stat fs.`.
      assert.equal(file('ours.err'), `statgrab: ${mnt} (fuse.sshfs from backup@nas.example:/srv) left out: statfs did not answer within 2000 ms\nUnknown stat fs.\n`);
      assert.equal(file('debian.rc').trim(), '124', "Debian's statgrab was still waiting in statvfs when timeout(1) stopped it");
    } finally {
      t.remove();
    }
  });
});
