import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_FS_LIST, fsListOf } from '../../src/cli/common/fslist.js';
import { statName } from '../../src/cli/statgrab/keys.js';
import { diskReading } from '../../src/cli/statgrab/providers/disk.js';
import { fsKeyName } from '../../src/cli/statgrab/providers/fs.js';
import { PROVIDERS } from '../../src/cli/statgrab/providers/index.js';
import { netReading } from '../../src/cli/statgrab/providers/net.js';
import type { DiskIoStats, NetworkIoStats } from '../../src/index.js';

/*
 * The fs., disk. and net. keys' pure parts: names as statgrab.c's
 * populate_fs and add_stat build them, -F as set_valid_filesystems reads
 * it, and the -o/-s differences. Expected values by hand from those rules.
 */

describe('fs.<dev>: the name statgrab gives a file system', () => {
  const cases: [string, string][] = [
    ['/', 'fs.root'], // "/" itself is root
    ['/dev/root', 'fs.root'], // a router's squashfs: /dev/ stripped, then "root"
    ['/dev/nvme0n1p2', 'fs.nvme0n1p2'],
    ['/dev/mapper/rhel-root', 'fs.mapper_rhel-root'], // other slashes become _
    ['C:', 'fs.C'], // a drive letter loses its colon (2 bytes exactly)
    ['CD:', 'fs.CD:'], // 3 bytes: kept
    ['tmpfs', 'fs.tmpfs'],
    ['overlayfs:/overlay', 'fs.overlayfs:_overlay'],
    ['//192.168.1.20/media', 'fs.__192_168_1_20_media'], // dots become _ too (add_stat)
    ['backup@nas.example:/srv/backup', 'fs.backup@nas_example:_srv_backup'],
    ['zroot/ROOT/default', 'fs.zroot_ROOT_default'],
    ['my disk', 'fs.my_disk'], // a space becomes _
    ['/devices/x', 'fs._devices_x'], // only "/dev/" is stripped
  ];
  for (const [device, key] of cases) it(`${JSON.stringify(device)} → ${key}`, () => assert.equal(statName('fs', fsKeyName(device)), key));
});

describe('-F: the file system list as statgrab reads it', () => {
  it("statgrab's default leaves out network and automount types", () => {
    assert.deepEqual(fsListOf(DEFAULT_FS_LIST), ['!', 'nfs', 'nfs3', 'nfs4', 'cifs', 'smbfs', 'samba', 'autofs']);
  });
  it('blanks and commas separate; a leading ! (blanks around it) means all but these; an empty list leaves nothing', () => {
    assert.deepEqual(fsListOf('ext4,xfs \t zfs'), ['ext4', 'xfs', 'zfs']);
    assert.deepEqual(fsListOf('  !  tmpfs,, devtmpfs '), ['!', 'tmpfs', 'devtmpfs']);
    assert.deepEqual(fsListOf('!'), ['!']);
    assert.deepEqual(fsListOf(''), []);
    // Only C's isspace blanks separate: a no-break space is part of a name.
    assert.deepEqual(fsListOf('a\u00a0b'), ['a\u00a0b']);
  });
});

const disk = (diskName: string, readBytes: number, writeBytes: number, time: number): DiskIoStats => ({ diskName, readBytes, writeBytes, readOps: 0, writeOps: 0, time });
const net = (interfaceName: string, rx: number, tx: number, time: number): NetworkIoStats => ({ interfaceName, rx, tx, ipackets: 0, opackets: 0, ierrors: 0, oerrors: 0, collisions: 0, time });

describe('disk. and net. with -o/-s: differences as libstatgrab diffs them, never negative', () => {
  it('the first reading is absolute, systime the time of reading in whole seconds', () => {
    assert.deepEqual(diskReading([disk('sda', 1024, 2048, 1_700_000_000_900)], undefined), [{ disk: disk('sda', 1024, 2048, 1_700_000_000_900), systime: 1_700_000_000 }]);
  });
  it('later readings: growth, and systime = whole seconds between the two time(NULL)s', () => {
    // 10:00:00.900 → 10:00:02.100: time(NULL) went 1700000000 → 1700000002, so 2 (as statgrab computes it, not 1.2).
    const r = diskReading([disk('sda', 5120, 2048, 1_700_000_002_100)], [disk('sda', 1024, 2048, 1_700_000_000_900)]);
    assert.equal(r[0]!.disk.readBytes, 4096);
    assert.equal(r[0]!.disk.writeBytes, 0);
    assert.equal(r[0]!.systime, 2);
  });
  it('a device that appeared keeps its whole counters and its time; one that went is left out', () => {
    const r = diskReading([disk('sdb', 500, 600, 1_700_000_005_000)], [disk('sda', 1, 1, 1_700_000_004_000)]);
    assert.deepEqual(
      r.map((x) => [x.disk.diskName, x.disk.readBytes, x.disk.writeBytes, x.systime]),
      [['sdb', 500, 600, 1_700_000_005]],
    );
  });
  it('a disk counter that went backwards (device re-created) counts from 0; libstatgrab would print 2^64 - 900', () => {
    const r = diskReading([disk('sda', 100, 0, 2000)], [disk('sda', 1000, 0, 1000)]);
    assert.equal(r[0]!.disk.readBytes, 100);
  });
  it('a 32-bit interface counter that wrapped is counted across the wrap; a reset counts from 0', () => {
    // rx: 4294967000 → 296 is 2^32 - 4294967000 + 296 = 592 bytes; tx: 5e9 → 10 is a reset (above 2^32 before): 10.
    const r = netReading([net('eth0', 296, 10, 2000)], [net('eth0', 4294967000, 5e9, 1000)]);
    assert.equal(r[0]!.io.rx, 592);
    assert.equal(r[0]!.io.tx, 10);
    assert.equal(r[0]!.systime, 1);
  });
  it('an interface that appeared keeps its counters and absolute systime; one that disappeared is not printed', () => {
    const r = netReading([net('wg0', 7, 8, 1_700_000_003_000)], [net('eth0', 1, 1, 1_700_000_002_000)]);
    assert.deepEqual(
      r.map((x) => [x.io.interfaceName, x.io.rx, x.io.tx, x.systime]),
      [['wg0', 7, 8, 1_700_000_003]],
    );
  });
});

describe("statgrab's toplevels", () => {
  it('are those of statgrab.c, in its order', () => {
    assert.deepEqual(
      PROVIDERS.map((p) => p.toplevel),
      ['const.', 'cpu.', 'mem.', 'load.', 'user.', 'swap.', 'general.', 'fs.', 'disk.', 'proc.', 'net.', 'page.'],
    );
  });
});
