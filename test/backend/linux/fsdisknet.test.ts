import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validFsTypes } from '../../../src/fsfilter.js';
import { getDiskIoStats, getFsStats, getFsStatsAsync, getNetworkIfaceStats, getNetworkIoStats, StatError } from '../../../src/index.js';
import { classifyMount, parseMountinfo, parseProcFilesystems } from '../../../src/linux/mountinfo.js';
import { caseDir, expectedJson, fixtureCases, plain, procRootOf, sysRootOf, tempDir, withEnv } from '../../support/helpers.js';

/*
 * The Linux fs/disk/net cases (test/fixtures/linux/fsdisknet-*): their proc
 * and sys trees must give exactly expected/{disk,net-io,net-iface}.json
 * (computed by hand from the kernel's documented formats, see each case's
 * README), and their mount tables the classification and filters of
 * expected/fs-mounts.json. statfs figures are live: test/live covers them.
 */

const withoutTime = <T extends { time: number }>(xs: T[]) => xs.map(({ time: _t, ...rest }) => rest);

interface FsMountsJson {
  all: { deviceName: string; fsType: string; mntPoint: string; deviceType: string }[];
  real: string[];
  realWithRemote: string[];
  libstatgrab: string[];
}

describe('Linux fixtures: disk, network and mount tables', () => {
  const cases = fixtureCases('linux', 'disk');
  it('has the three fs/disk/net cases', () => assert.ok(cases.length >= 3, cases.join(' ')));
  for (const name of cases) {
    const procRoot = procRootOf(name);
    const sysRoot = sysRootOf(name);
    it(`${name}: getDiskIoStats`, () => {
      const before = Date.now();
      const got = getDiskIoStats({ platform: 'linux', procRoot });
      assert.deepEqual(withoutTime(got), expectedJson('linux', name, 'disk'));
      for (const d of got) assert.ok(d.time >= before && d.time <= Date.now(), 'time is when it was read');
    });
    it(`${name}: getNetworkIoStats (and through HOST_PROC)`, () => {
      assert.deepEqual(withoutTime(getNetworkIoStats({ platform: 'linux', procRoot })), expectedJson('linux', name, 'net-io'));
      const viaEnv = withEnv({ HOST_PROC: procRoot, SYSGRAB_PLATFORM: 'linux' }, () => getNetworkIoStats());
      assert.deepEqual(withoutTime(viaEnv), expectedJson('linux', name, 'net-io'));
    });
    it(`${name}: getNetworkIfaceStats (and through HOST_SYS)`, () => {
      assert.deepEqual(plain(getNetworkIfaceStats({ platform: 'linux', procRoot, sysRoot })), expectedJson('linux', name, 'net-iface'));
      const viaEnv = withEnv({ HOST_PROC: procRoot, HOST_SYS: sysRoot, SYSGRAB_PLATFORM: 'linux' }, () => getNetworkIfaceStats());
      assert.deepEqual(plain(viaEnv), expectedJson('linux', name, 'net-iface'));
    });
    it(`${name}: mount table, classification and the three filters`, () => {
      const expected = expectedJson<FsMountsJson>('linux', name, 'fs-mounts');
      const mounts = parseMountinfo(readFileSync(join(procRoot, 'self', 'mountinfo'), 'utf8'));
      const kernel = parseProcFilesystems(readFileSync(join(procRoot, 'filesystems'), 'utf8'));
      const rows = mounts.map((m) => ({ deviceName: m.source, fsType: m.fsType, mntPoint: m.mntPoint, deviceType: classifyMount(m) }));
      assert.deepEqual(rows, expected.all);
      const valid = validFsTypes(kernel.libstatgrabNames, undefined);
      assert.deepEqual(
        rows.filter((r) => valid.has(r.fsType.toLowerCase())).map((r) => r.mntPoint),
        expected.libstatgrab,
      );
      assert.deepEqual(
        rows.filter((r) => r.deviceType === 'regular').map((r) => r.mntPoint),
        expected.real,
      );
      assert.deepEqual(
        rows.filter((r) => r.deviceType === 'regular' || r.deviceType === 'remote').map((r) => r.mntPoint),
        expected.realWithRemote,
      );
    });
    it(`${name}: getFsStats({ filter: 'all' }) reports mounts of the table, in its order, that statfs can reach here`, () => {
      const expected = expectedJson<FsMountsJson>('linux', name, 'fs-mounts');
      const got = getFsStats({ platform: 'linux', procRoot, filter: 'all' });
      const order = expected.all.filter((r) => r.deviceType !== 'remote').map((r) => r.mntPoint);
      let at = 0;
      for (const fs of got) {
        const i = order.indexOf(fs.mntPoint, at);
        assert.ok(i >= 0, `${fs.mntPoint} is in the table, after the previous one`);
        at = i;
        assert.ok(fs.deviceType !== 'remote', 'never a network mount synchronously');
      }
    });
  }
});

describe('Linux: a mount that vanished between the mount table and its statfs', () => {
  it('is left out by getFsStats and by getFsStatsAsync if local; a network one is a problem (ERROR, its errno)', async () => {
    const t = tempDir('sysgrab-vanish-');
    try {
      const mountinfo = [
        `22 1 8:1 / ${t.dir} rw,relatime shared:1 - ext4 /dev/sdz9 rw`,
        `23 1 8:2 / ${t.dir}/gone rw,relatime shared:2 - ext4 /dev/sdz8 rw`,
        `24 1 0:50 / ${t.dir}/nfs rw,relatime shared:3 - nfs4 srv:/export rw`,
        '',
      ].join('\n');
      mkdirSync(join(t.dir, 'proc', 'self'), { recursive: true });
      writeFileSync(join(t.dir, 'proc', 'self', 'mountinfo'), mountinfo);
      const procRoot = join(t.dir, 'proc');
      // Neither `gone` nor `nfs` exists: statfs fails with ENOENT, as for a mount unmounted meanwhile.
      assert.deepEqual(
        getFsStats({ platform: 'linux', procRoot, filter: 'all' }).map((f) => f.mntPoint),
        [t.dir],
      );
      const r = await getFsStatsAsync({ platform: 'linux', procRoot, filter: 'all', includeRemote: true });
      assert.deepEqual(
        r.filesystems.map((f) => f.mntPoint),
        [t.dir],
      );
      assert.deepEqual(r.problems, [{ deviceName: 'srv:/export', fsType: 'nfs4', mntPoint: `${t.dir}/nfs`, deviceType: 'remote', problem: 'ERROR', errno: 2 }]);
    } finally {
      t.remove();
    }
  });
});

describe('Linux parsers: what libstatgrab skips, sysgrab skips', () => {
  it('a /proc/net/dev line whose name holds a colon (ibr10:30:) is skipped; a UTF-8 name is kept', () => {
    const names = getNetworkIoStats({ platform: 'linux', procRoot: procRootOf('fsdisknet-published-node-exporter') }).map((n) => n.interfaceName);
    assert.ok(!names.some((n) => n.startsWith('ibr10')));
    assert.ok(names.includes('💩0'));
  });
  it('diskstats: a line longer than 255 bytes is one line (libstatgrab splits it into a garbage row); short and non-numeric lines are skipped', () => {
    const t = tempDir();
    try {
      const big = '18446744073709';
      const long = `  259       0 nvme0n1 ${Array.from({ length: 17 }, (_, i) => (i === 2 ? '1000' : i === 6 ? '3000' : big)).join(' ')}`;
      assert.ok(long.length > 255);
      writeFileSync(join(t.dir, 'diskstats'), `${long}\n   8       1 sda1 1 2 3 4\n   8       2 sda2 x 0 0 0 0 0 0 0 0 0 0\n`);
      const got = getDiskIoStats({ platform: 'linux', procRoot: t.dir });
      assert.deepEqual(withoutTime(got), [{ diskName: 'nvme0n1', readBytes: 1000 * 512, writeBytes: 3000 * 512, readOps: Number(big), writeOps: Number(big) }]);
    } finally {
      t.remove();
    }
  });
  it('mountinfo: octal escapes are undone in mount points and sources; lines without the "-" separator are skipped', () => {
    const m = parseMountinfo('1 2 0:3 / /a\\040b rw - ext4 /dev/x\\134y rw\nbroken line\n4 5 0:6 /sub /c rw,ro - tmpfs tmpfs rw\n');
    assert.deepEqual(
      m.map((x) => [x.mntPoint, x.source, x.root, x.readOnly]),
      [
        ['/a b', '/dev/x\\y', '/', false],
        ['/c', 'tmpfs', '/sub', false],
      ],
    );
    assert.equal(classifyMount(m[1]!), 'loopback', 'a bind mount of a subtree');
  });
  it("libstatgrab's /proc/filesystems regex cuts names at the first non-alphanumeric character", () => {
    const k = parseProcFilesystems('nodev\tbinfmt_misc\nnodev\trpc_pipefs\n\text4\nnodev\tfuse\n');
    assert.deepEqual(k.libstatgrabNames, ['binfmt', 'rpc', 'ext4', 'fuse']);
    assert.deepEqual([...k.nodev], ['binfmt_misc', 'rpc_pipefs', 'fuse']);
  });
  it('fsTypes replaces the kernel list, or with "!" removes from it (statgrab -F)', () => {
    assert.deepEqual([...validFsTypes(['ext4', 'NFS', 'tmpfs'], undefined)], ['ext4', 'tmpfs']);
    assert.deepEqual([...validFsTypes(['ext4', 'nfs', 'tmpfs'], ['!', 'TMPFS'])], ['ext4', 'nfs']);
    assert.deepEqual([...validFsTypes(['ext4'], ['xfs', 'nfs'])], ['xfs', 'nfs']);
  });
});

describe('Linux fs/disk/net: bad input and bad options give a StatError', () => {
  const isStatError = (code: string) => (err: unknown) => err instanceof StatError && err.code === code && err.message.length > 0;
  it('a missing /proc file is OPEN naming it; a missing sysfs dir just leaves the interface out', () => {
    const t = tempDir();
    try {
      assert.throws(
        () => getDiskIoStats({ platform: 'linux', procRoot: t.dir }),
        (e: unknown) => isStatError('OPEN')(e) && (e as StatError).arg.endsWith('/diskstats'),
      );
      assert.throws(() => getNetworkIoStats({ platform: 'linux', procRoot: t.dir }), isStatError('OPEN'));
      assert.throws(
        () => getFsStats({ platform: 'linux', procRoot: t.dir }),
        (e: unknown) => isStatError('OPEN')(e) && (e as StatError).arg.endsWith('/self/mountinfo'),
      );
      assert.deepEqual(getNetworkIfaceStats({ platform: 'linux', procRoot: procRootOf('fsdisknet-router-32bit-wrap'), sysRoot: t.dir }), []);
    } finally {
      t.remove();
    }
  });
  it('includeRemote on the synchronous form is ARGUMENT pointing at getFsStatsAsync', () => {
    assert.throws(
      () => getFsStats({ platform: 'linux', includeRemote: true }),
      (e: unknown) => isStatError('ARGUMENT')(e) && /getFsStatsAsync/.test((e as Error).message),
    );
  });
  it('an unknown filter, a bad fsTypes or timeoutMs is ARGUMENT', async () => {
    assert.throws(() => getFsStats({ platform: 'linux', filter: 'some' as never }), isStatError('ARGUMENT'));
    assert.throws(() => getFsStats({ platform: 'linux', filter: 'libstatgrab', fsTypes: 'ext4' as never }), isStatError('ARGUMENT'));
    await assert.rejects(getFsStatsAsync({ platform: 'linux', timeoutMs: 0 }), isStatError('ARGUMENT'));
    await assert.rejects(getFsStatsAsync({ platform: 'linux', timeoutMs: Number.NaN }), isStatError('ARGUMENT'));
  });
  it('a FIFO where /proc/net/dev should be is refused before any read (no hang)', () => {
    const t = tempDir();
    try {
      const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
      require('node:fs').mkdirSync(join(t.dir, 'net'));
      spawnSync('mkfifo', [join(t.dir, 'net', 'dev')]);
      assert.throws(() => getNetworkIoStats({ platform: 'linux', procRoot: t.dir }), isStatError('OPEN'));
    } finally {
      t.remove();
    }
  });
  it('a case with expected files also documents itself', () => {
    for (const name of fixtureCases('linux', 'disk')) assert.ok(readFileSync(join(caseDir('linux', name), 'README.md'), 'utf8').includes('expected'));
  });
});
