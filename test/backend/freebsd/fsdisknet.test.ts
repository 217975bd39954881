import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { type FsStats, getDiskIoStats, getFsStats, getFsStatsAsync, getNetworkIfaceStats, getNetworkIoStats } from '../../../src/index.js';
import { expectedJson, fixtureCases, plain, tempDir, withEnv, withEnvAsync } from '../../support/helpers.js';
import { expectStatError } from '../../support/invariants.js';
import { DRIVERS, freebsdEnv, freebsdSnapshot, liveIfaddrs, openShimSockets, resetShimCalls, shimCalls, shimLibrary, shimUnavailable } from '../../support/shim.js';

/*
 * FreeBSD file systems (getfsstat + statfs, struct statfs by f_version),
 * disks (kern.devstat.all) and interfaces (getifaddrs + struct if_data,
 * SIOCGIFMEDIA) through native-shims/fakebsd/, with both FFI drivers,
 * against each case's expected JSON (hand arithmetic, see
 * test/fixtures/freebsd/fsdisknet-14-zfs-server/README.md). The double's
 * call counts prove which calls ran: never getfsstat(MNT_WAIT), never
 * statfs on a network mount, every getifaddrs list freed.
 */

const names = fixtureCases('freebsd', 'fs');
const skip = shimUnavailable() ?? false;
before(() => {
  if (!skip) shimLibrary();
});

interface FsJson {
  all: FsStats[];
  real: string[];
  realWithRemote: string[];
  libstatgrab: string[];
}

const withoutTime = <T extends { time: number }>(xs: T[]) => xs.map(({ time: _t, ...rest }) => rest);
const byMount = (expected: FsJson, mounts: string[]) => mounts.map((m) => expected.all.find((r) => r.mntPoint === m)!);

describe('FreeBSD snapshots: file systems, disks, interfaces', { skip }, () => {
  it('has the four fs/disk/net snapshots', () => assert.ok(names.length >= 4, names.join(' ')));
  for (const ffi of DRIVERS) {
    for (const name of names) {
      const env = freebsdEnv(name, ffi);
      it(`${name} (${ffi}): getFsStats with each filter`, () => {
        const expected = expectedJson<FsJson>('freebsd', name, 'fs');
        resetShimCalls();
        withEnv(env, () => {
          assert.deepEqual(plain(getFsStats({ filter: 'all' })), expected.all);
          assert.deepEqual(plain(getFsStats()), byMount(expected, expected.real));
          assert.deepEqual(plain(getFsStats({ includeRemote: true })), byMount(expected, expected.realWithRemote));
          assert.deepEqual(plain(getFsStats({ filter: 'libstatgrab' })), byMount(expected, expected.libstatgrab));
        });
        assert.equal(shimCalls('getfsstat:MNT_WAIT'), 0, 'never getfsstat(MNT_WAIT): it waits on every file system');
        assert.ok(shimCalls('getfsstat:MNT_NOWAIT') >= 8);
        const local = expected.all.filter((r) => r.deviceType !== 'remote').length;
        const remoteInRealWithRemote = expected.realWithRemote.filter((m) => expected.all.find((r) => r.mntPoint === m)!.deviceType === 'remote').length;
        // statfs refreshes local mounts only: all's locals + real's + realWithRemote's locals + libstatgrab's locals.
        const localOf = (ms: string[]) => ms.filter((m) => expected.all.find((r) => r.mntPoint === m)!.deviceType !== 'remote').length;
        assert.equal(shimCalls('statfs'), local + localOf(expected.real) + localOf(expected.realWithRemote) + localOf(expected.libstatgrab));
        assert.ok(remoteInRealWithRemote >= 0);
      });
      it(`${name} (${ffi}): getFsStatsAsync is the same list, without problems`, async () => {
        const expected = expectedJson<FsJson>('freebsd', name, 'fs');
        const got = await withEnvAsync(env, () => getFsStatsAsync({ filter: 'all' }));
        assert.deepEqual(plain(got), { filesystems: expected.all, problems: [] });
      });
      it(`${name} (${ffi}): getDiskIoStats, getNetworkIoStats, getNetworkIfaceStats`, () => {
        resetShimCalls();
        withEnv(env, () => {
          assert.deepEqual(withoutTime(getDiskIoStats()), expectedJson('freebsd', name, 'disk'));
          assert.deepEqual(withoutTime(getNetworkIoStats()), expectedJson('freebsd', name, 'net-io'));
          assert.deepEqual(plain(getNetworkIfaceStats()), expectedJson('freebsd', name, 'net-iface'));
        });
        assert.equal(shimCalls('getifaddrs'), 2);
        assert.equal(shimCalls('freeifaddrs'), 2, 'every list freed');
        assert.equal(liveIfaddrs(), 0);
        assert.equal(openShimSockets(), 0, 'the SIOCGIFMEDIA socket is closed');
      });
    }
  }
});

describe('FreeBSD fs/disk/net: faults and odd kernels', { skip }, () => {
  const snapshot = freebsdSnapshot('fsdisknet-14-zfs-server');
  it('getfsstat failing is NATIVE with its errno; the next call works', () => {
    withEnv(freebsdEnv('fsdisknet-14-zfs-server', 'koffi', { FAKEBSD_FAULTS: 'getfsstat=EIO' }), () => expectStatError(() => getFsStats(), 'NATIVE', 'getfsstat', 5));
    withEnv(freebsdEnv('fsdisknet-14-zfs-server'), () => assert.ok(getFsStats().length > 0));
  });
  it('a mount gone between getfsstat and statfs is left out (libstatgrab drops it too)', () => {
    resetShimCalls();
    const got = withEnv(freebsdEnv('fsdisknet-14-zfs-server', 'koffi', { FAKEBSD_FAULTS: 'statfs=ENOENT' }), () => getFsStats({ filter: 'all', includeRemote: true }));
    assert.deepEqual(
      got.map((f) => f.mntPoint),
      ['/mnt/backups'],
      'only the network mount, which is never statfs-ed, keeps its cached figures',
    );
  });
  it('mounts that appear between the counting call and the filling one: asked again with a larger buffer', () => {
    resetShimCalls();
    const got = withEnv(freebsdEnv('fsdisknet-14-zfs-server', 'koffi', { FAKEBSD_FSSTAT_HIDE: '14' }), () => getFsStats({ filter: 'all' }));
    assert.equal(got.length, expectedJson<FsJson>('freebsd', 'fsdisknet-14-zfs-server', 'fs').all.length);
    assert.equal(shimCalls('getfsstat'), 3, 'one count, one fill that came back full, one more fill');
  });
  it('kern.devstat.all answering EBUSY (the device list changed during the copy) is read again', () => {
    resetShimCalls();
    const got = withEnv(freebsdEnv('fsdisknet-14-zfs-server', 'koffi', { FAKEBSD_DEVSTAT_BUSY: '2' }), () => getDiskIoStats());
    assert.equal(got.length, 6);
    assert.ok(shimCalls('sysctl:kern.devstat.all') >= 3);
    withEnv(freebsdEnv('fsdisknet-14-zfs-server', 'koffi', { FAKEBSD_DEVSTAT_BUSY: '50' }), () => expectStatError(() => getDiskIoStats(), 'SYSCTL', 'kern.devstat.all', 16));
  });
  it('a devstat version or struct size sysgrab does not know is PARSE, never garbage', () => {
    const t = tempDir();
    try {
      for (const [from, to, arg] of [
        ['kern.devstat.version: 6', 'kern.devstat.version: 7', 'kern.devstat.version'],
        ['debug.sizeof.devstat: 288', 'debug.sizeof.devstat: 296', 'debug.sizeof.devstat'],
      ] as const) {
        const path = join(t.dir, `${arg}.sysctl`);
        writeFileSync(path, readFileSync(snapshot, 'utf8').replace(from, to));
        withEnv(freebsdEnv(path), () => expectStatError(() => getDiskIoStats(), 'PARSE', arg));
      }
    } finally {
      t.remove();
    }
  });
  it('getifaddrs failing is NATIVE; SIOCGIFMEDIA failing leaves the duplex unknown; socket failing is NATIVE', () => {
    withEnv(freebsdEnv('fsdisknet-14-zfs-server', 'koffi', { FAKEBSD_FAULTS: 'getifaddrs=ENOMEM' }), () => expectStatError(() => getNetworkIoStats(), 'NATIVE', 'getifaddrs', 12));
    const ifaces = withEnv(freebsdEnv('fsdisknet-14-zfs-server', 'koffi', { FAKEBSD_FAULTS: 'ioctl=EIO' }), () => getNetworkIfaceStats());
    assert.ok(ifaces.every((i) => i.duplex === 'unknown'));
    assert.equal(ifaces.find((i) => i.interfaceName === 'mce0')!.speed, 25000, 'the speed comes from ifi_baudrate, not the media word');
    withEnv(freebsdEnv('fsdisknet-14-zfs-server', 'koffi', { FAKEBSD_FAULTS: 'socket=EACCES' }), () => expectStatError(() => getNetworkIfaceStats(), 'NATIVE', 'socket', 13));
    assert.equal(liveIfaddrs(), 0, 'a failure after getifaddrs still frees the list');
  });
  it('25G and 100G links: ifi_baudrate gives 25000 and 0 for a link that is down; libstatgrab’s media table would say 0 for 25G', () => {
    const got = withEnv(freebsdEnv('fsdisknet-14-zfs-server'), () => getNetworkIfaceStats());
    assert.deepEqual(
      got.filter((i) => i.interfaceName.startsWith('mce')).map((i) => [i.interfaceName, i.speed, i.duplex, i.up]),
      [
        ['mce0', 25000, 'full', true],
        ['mce1', 0, 'unknown', true],
      ],
    );
  });
});
