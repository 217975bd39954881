import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { arcFromKstat, reclaimableArc } from '../../src/linux/arc.js';
import {
  availableUnder,
  cgroup1Stats,
  cgroup2Stats,
  cgroupLevels,
  parseCgroupMounts,
  parseCgroupValue,
  parseProcCgroup,
  unescapeMountPath,
  V1_UNLIMITED,
  type V1Readings,
  type V1Stat,
  type V2Readings,
  type V2Stat,
} from '../../src/linux/cgroup.js';
import { memoryPressureFrom } from '../../src/linux/psi.js';
import { expectStatError } from '../support/invariants.js';

/*
 * The pure parts of the container figures, fed crafted text. Expected values
 * come from the file formats in Documentation/admin-guide/cgroup-v2.rst,
 * cgroup-v1/memory.rst, proc(5) and accounting/psi.rst, and from hand
 * arithmetic written beside them.
 */

const value = (text: string, path = 'memory.max') => {
  const b = Buffer.from(text, 'latin1');
  return parseCgroupValue(b, b.length, path);
};

describe('/proc/self/cgroup', () => {
  it('takes the v2 line and the v1 line that lists memory (hybrid host)', () => {
    const text = '12:hugetlb:/\n5:memory:/system.slice/nginx.service\n4:cpu,cpuacct:/system.slice\n1:name=systemd:/system.slice/nginx.service\n0::/system.slice/nginx.service\n';
    assert.deepEqual(parseProcCgroup(text, 'cgroup'), { v1Memory: '/system.slice/nginx.service', v2: '/system.slice/nginx.service' });
  });
  it('matches memory as a whole element of the controller list, and keeps colons in paths', () => {
    assert.deepEqual(parseProcCgroup('3:memory_x,cpu:/a\n2:cpu,memory:/b:c\n', 'cgroup'), { v1Memory: '/b:c' });
  });
  it('a cgroup namespace shows / (and ../ for cgroups outside it)', () => {
    assert.deepEqual(parseProcCgroup('0::/\n', 'cgroup'), { v2: '/' });
    assert.deepEqual(parseProcCgroup('0::/../../init.scope\n', 'cgroup'), { v2: '/../../init.scope' });
  });
  it('a line of another form is a PARSE error naming the file', () => {
    expectStatError(() => parseProcCgroup('0::/\nnot a cgroup line\n', '/x/self/cgroup'), 'PARSE', '/x/self/cgroup');
    expectStatError(() => parseProcCgroup('a:memory:/x\n', '/x/self/cgroup'), 'PARSE', '/x/self/cgroup');
    expectStatError(() => parseProcCgroup('4:memory:relative\n', '/x/self/cgroup'), 'PARSE', '/x/self/cgroup');
  });
});

describe('mountinfo', () => {
  const host = [
    '24 28 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev rw,size=8118328k',
    '32 22 0:28 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot',
    '39 34 0:35 /docker/abc /sys/fs/cgroup/memory ro,nosuid master:17 shared:3 - cgroup cgroup rw,seclabel,memory',
    '40 34 0:36 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,cpu,cpuacct',
    '47 28 0:38 / /mnt/USB\\040Backup rw,nosuid - vfat /dev/sda1 rw',
    '48 28 0:39 / /weird\\134cg rw - cgroup2 none rw',
  ].join('\n');
  it('finds cgroup2 mounts and the v1 mount whose super options list memory, past optional fields', () => {
    assert.deepEqual(parseCgroupMounts(host, 'mountinfo'), {
      v2: [
        { root: '/', mountPoint: '/sys/fs/cgroup' },
        { root: '/', mountPoint: '/weird\\cg' },
      ],
      v1Memory: [{ root: '/docker/abc', mountPoint: '/sys/fs/cgroup/memory' }],
    });
  });
  it("does not take cgroup2's memory_recursiveprot for the memory controller", () => {
    const only = '32 22 0:28 / /sys/fs/cgroup rw - cgroup cgroup rw,memory_recursiveprot';
    assert.deepEqual(parseCgroupMounts(only, 'mountinfo').v1Memory, []);
  });
  it("decodes the kernel's octal escapes", () => {
    assert.equal(unescapeMountPath('/mnt/a\\040b\\011c\\012d\\134e'), '/mnt/a b\tc\nd\\e');
    assert.equal(unescapeMountPath('/plain'), '/plain');
  });
  it('a line without the " - " separator is a PARSE error naming the file', () => {
    expectStatError(() => parseCgroupMounts('32 22 0:28 / /sys/fs/cgroup rw cgroup2 cgroup2 rw', '/p/self/mountinfo'), 'PARSE', '/p/self/mountinfo');
    expectStatError(() => parseCgroupMounts('32 22 0:28 / /sys/fs/cgroup rw - cgroup2', '/p/self/mountinfo'), 'PARSE', '/p/self/mountinfo');
  });
});

describe('from a cgroup path to its directories', () => {
  const root = [{ root: '/', mountPoint: '/sys/fs/cgroup' }];
  it("walks from the cgroup up to the mount's root, naming each level as /proc/self/cgroup would", () => {
    assert.deepEqual(cgroupLevels('/app.slice/api.service', root), [
      { path: '/app.slice/api.service', dir: '/sys/fs/cgroup/app.slice/api.service' },
      { path: '/app.slice', dir: '/sys/fs/cgroup/app.slice' },
      { path: '/', dir: '/sys/fs/cgroup' },
    ]);
  });
  it('inside a cgroup namespace the cgroup is the mount point itself', () => {
    assert.deepEqual(cgroupLevels('/', root), [{ path: '/', dir: '/sys/fs/cgroup' }]);
  });
  it('a bind mount of /docker/<id> shows that cgroup only; a path below it goes down from there', () => {
    const bind = [{ root: '/docker/abc', mountPoint: '/sys/fs/cgroup/memory' }];
    assert.deepEqual(cgroupLevels('/docker/abc', bind), [{ path: '/docker/abc', dir: '/sys/fs/cgroup/memory' }]);
    assert.deepEqual(cgroupLevels('/docker/abc/sub', bind), [
      { path: '/docker/abc/sub', dir: '/sys/fs/cgroup/memory/sub' },
      { path: '/docker/abc', dir: '/sys/fs/cgroup/memory' },
    ]);
  });
  it('compares whole path segments: /a/bc is not under /a/b', () => {
    const mounts = [
      { root: '/a/b', mountPoint: '/m1' },
      { root: '/a', mountPoint: '/m2' },
    ];
    assert.deepEqual(cgroupLevels('/a/bc', mounts), [
      { path: '/a/bc', dir: '/m2/bc' },
      { path: '/a', dir: '/m2' },
    ]);
  });
  it("a path outside every mount's root (a namespace the mount predates) leaves the mount point", () => {
    assert.deepEqual(cgroupLevels('/../../init.scope', root), [{ path: '/../../init.scope', dir: '/sys/fs/cgroup' }]);
    assert.deepEqual(cgroupLevels('/', [{ root: '/docker/abc', mountPoint: '/sys/fs/cgroup/memory' }]), [{ path: '/', dir: '/sys/fs/cgroup/memory' }]);
  });
  it('no mount: nowhere', () => assert.equal(cgroupLevels('/x', []), undefined));
});

describe('single-value cgroup files', () => {
  it('reads numbers and v2\'s "max"', () => {
    assert.equal(value('536870912\n'), 536870912);
    assert.equal(value('max\n'), 'max');
    assert.equal(value('0'), 0);
  });
  it('anything else is a PARSE error naming the file', () => {
    for (const bad of ['', '\n', '12abc\n', '-1\n', 'maximum\n', '1 2\n']) {
      expectStatError(() => value(bad, '/s/fs/cgroup/x/memory.max'), 'PARSE', '/s/fs/cgroup/x/memory.max');
    }
  });
  it('the v1 "unlimited" of 4, 16 and 64 KiB pages and of kernels before 3.19 are all at or above V1_UNLIMITED', () => {
    // PAGE_COUNTER_MAX × PAGE_SIZE = floor((2^63 − 1) / PAGE_SIZE) × PAGE_SIZE = 2^63 − PAGE_SIZE.
    for (const [text, page] of [
      ['9223372036854771712', 4096],
      ['9223372036854759424', 16384],
      ['9223372036854710272', 65536],
    ] as const) {
      assert.equal(BigInt(text), 2n ** 63n - BigInt(page));
      assert.ok((value(text) as number) >= V1_UNLIMITED, text);
    }
    assert.ok((value('9223372036854775807') as number) >= V1_UNLIMITED, 'LLONG_MAX (res_counter)');
    // 8 EiB minus 128 KiB is a limit a kernel with 64 KiB pages can hold: still a limit.
    assert.ok((value(String(2n ** 63n - 131072n)) as number) < V1_UNLIMITED);
  });
});

const v2stat = (o: Partial<V2Stat> = {}): V2Stat => ({ anon: 100, file: 50, kernel: 10, shmem: 5, inactiveAnon: 20, activeAnon: 85, inactiveFile: 30, activeFile: 15, ...o });

describe('cgroup v2 figures', () => {
  const base: V2Readings = {
    path: '/a/b',
    levels: [
      { path: '/a/b', max: 2000, high: 'max', swapMax: 'max' },
      { path: '/a', max: 1000, high: 900, swapMax: 300 },
      { path: '/', max: undefined, high: undefined, swapMax: undefined },
    ],
    current: 700,
    stat: v2stat(),
  };
  it('takes the smallest limit up the tree and the cgroup that set it', () => {
    const { stats } = cgroup2Stats(base, 5000);
    assert.equal(stats.limit, 1000);
    assert.equal(stats.limitPath, '/a');
    assert.equal(stats.high, 900);
    // workingSet = 700 − 30 = 670; available = min(1000 − 670, 5000) = 330.
    assert.equal(stats.workingSet, 670);
    assert.equal(stats.available, 330);
  });
  it('on a tie, the nearest cgroup set it', () => {
    const r = { ...base, levels: [{ path: '/a/b', max: 1000, high: 'max' as const, swapMax: 'max' as const }, ...base.levels.slice(1)] };
    assert.equal(cgroup2Stats(r, 5000).stats.limitPath, '/a/b');
  });
  it('"max" everywhere: no limit, and the host\'s available', () => {
    const r = { ...base, levels: base.levels.map((l) => ({ ...l, max: 'max' as const, high: 'max' as const })) };
    const { stats } = cgroup2Stats(r, 5000);
    assert.equal(stats.limit, undefined);
    assert.equal(stats.limitPath, undefined);
    assert.equal(stats.high, undefined);
    assert.equal(stats.available, 5000);
  });
  it("the host's available bounds the container's, and nothing goes below 0", () => {
    assert.equal(cgroup2Stats(base, 100).stats.available, 100);
    const over = cgroup2Stats({ ...base, current: 1500 }, 5000).stats;
    assert.equal(over.available, 0, 'usage above the limit (it happens briefly)');
    assert.equal(cgroup2Stats({ ...base, current: 10 }, 5000).stats.workingSet, 0, 'inactive_file above usage');
  });
  it('swap: usage, and the smallest swap.max; without swap accounting, no swap at all', () => {
    assert.deepEqual(cgroup2Stats({ ...base, swapCurrent: 40 }, 5000).stats.swap, { usage: 40, limit: 300 });
    assert.equal(cgroup2Stats(base, 5000).stats.swap, undefined);
  });
  it('kernel, shmem: undefined where memory.stat lacks them (kernel before 5.18); active/inactive the LRU sums', () => {
    const f = cgroup2Stats({ ...base, stat: v2stat({ kernel: -1 }) }, 5000);
    assert.equal(f.stats.kernel, undefined);
    assert.equal(f.stats.shmem, 5);
    assert.equal(f.active, 85 + 15);
    assert.equal(f.inactive, 20 + 30);
  });
});

const v1stat = (o: Partial<V1Stat> = {}): V1Stat => ({
  cache: 400,
  rss: 600,
  shmem: -1,
  inactiveAnon: 300,
  activeAnon: 300,
  inactiveFile: 230,
  activeFile: 170,
  hierarchicalLimit: 1000,
  hierarchicalMemswLimit: 1500,
  ...o,
});

describe('cgroup v1 figures', () => {
  const base: V1Readings = {
    path: '/x/child',
    levels: [
      { path: '/x/child', limit: 2000 },
      { path: '/x', limit: 1000 },
    ],
    usage: 1000,
    stat: v1stat(),
    memswUsage: 1100,
  };
  it('the limit is hierarchical_memory_limit; limitPath the nearest cgroup with that limit', () => {
    const { stats } = cgroup1Stats(base, 9000);
    assert.equal(stats.kind, 'cgroup1');
    assert.equal(stats.limit, 1000);
    assert.equal(stats.limitPath, '/x');
    assert.equal(stats.workingSet, 1000 - 230);
    assert.equal(stats.available, 1000 - 770);
  });
  it("a limit set above the mount's root: the limit stands, limitPath is undefined", () => {
    const { stats } = cgroup1Stats({ ...base, levels: [{ path: '/x/child', limit: 2000 }] }, 9000);
    assert.equal(stats.limit, 1000);
    assert.equal(stats.limitPath, undefined);
  });
  it('the unlimited sentinel is no limit, whichever page size made it', () => {
    for (const sentinel of [2 ** 63 - 4096, 2 ** 63 - 65536, Number('9223372036854775807')]) {
      const { stats } = cgroup1Stats({ ...base, stat: v1stat({ hierarchicalLimit: sentinel, hierarchicalMemswLimit: sentinel }) }, 9000);
      assert.equal(stats.limit, undefined);
      assert.equal(stats.available, 9000);
      assert.deepEqual(stats.swap, { usage: 100 }, 'swap usage stands, its limit is undefined');
    }
  });
  it('swap = memsw − memory, floored at 0', () => {
    assert.deepEqual(cgroup1Stats(base, 9000).stats.swap, { usage: 100, limit: 500 });
    assert.deepEqual(cgroup1Stats({ ...base, memswUsage: 900 }, 9000).stats.swap, { usage: 0, limit: 500 });
  });
  it("without hierarchical_memory_limit, the cgroup's own limit", () => {
    const { stats } = cgroup1Stats({ ...base, stat: v1stat({ hierarchicalLimit: -1, hierarchicalMemswLimit: -1 }), memswLimit: 2300 }, 9000);
    assert.equal(stats.limit, 2000);
    assert.equal(stats.limitPath, '/x/child');
    assert.deepEqual(stats.swap, { usage: 100, limit: 300 });
  });
  it("events: failcnt as max, oom_control's oom_kill where the kernel has it", () => {
    assert.deepEqual(cgroup1Stats({ ...base, failcnt: 7, oomKill: 2 }, 9000).stats.events, { max: 7, oomKill: 2 });
    assert.deepEqual(cgroup1Stats({ ...base, failcnt: 7 }, 9000).stats.events, { max: 7, oomKill: undefined });
  });
});

describe('availableUnder, as a property', () => {
  it('is within [0, host available] and never above the room under the limit', () => {
    fc.assert(
      fc.property(fc.option(fc.nat(), { nil: undefined }), fc.nat(), fc.nat(), (limit, ws, host) => {
        const a = availableUnder(limit, ws, host);
        assert.ok(a >= 0 && a <= host && Number.isInteger(a));
        if (limit !== undefined) assert.ok(a <= Math.max(0, limit - ws));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('PSI', () => {
  const good = 'some avg10=1.73 avg60=0.82 avg300=0.27 total=5843122\nfull avg10=1.21 avg60=0.56 avg300=0.18 total=4012871\n';
  it('reads some and full: percentages and microseconds', () => {
    assert.deepEqual(memoryPressureFrom(good, 'memory.pressure'), {
      some: { avg10: 1.73, avg60: 0.82, avg300: 0.27, total: 5843122 },
      full: { avg10: 1.21, avg60: 0.56, avg300: 0.18, total: 4012871 },
    });
  });
  it('ignores fields a later kernel may add', () => {
    const p = memoryPressureFrom(good.replace('total=5843122', 'total=5843122 avg900=0.10'), 'p');
    assert.equal(p.some?.total, 5843122);
  });
  it('a missing line or a malformed figure is a PARSE error naming the file', () => {
    expectStatError(() => memoryPressureFrom('some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n', '/p/pressure/memory'), 'PARSE', '/p/pressure/memory');
    expectStatError(() => memoryPressureFrom(good.replace('avg60=0.82', 'avg60=x'), '/p/pressure/memory'), 'PARSE', '/p/pressure/memory');
    expectStatError(() => memoryPressureFrom(good.replace('total=5843122', 'total=1.5'), '/p/pressure/memory'), 'PARSE', '/p/pressure/memory');
    expectStatError(() => memoryPressureFrom(good.replace(' avg300=0.27', ''), '/p/pressure/memory'), 'PARSE', '/p/pressure/memory');
    expectStatError(() => memoryPressureFrom('', '/p/pressure/memory'), 'PARSE', '/p/pressure/memory');
  });
});

describe('ZFS ARC (arcstats)', () => {
  const text =
    '13 1 0x01 123 33456 6184903815 871201334220191\nname                            type data\nhits                            4    1844120337\nc_min                           4    2105032704\nc_max                           4    33687924736\nsize                            4    25769803776\nc                               4    27917287424\n';
  it('reads size, c_min and c_max past the header and column lines', () => {
    const arc = arcFromKstat(text, 'arcstats');
    assert.deepEqual(arc, { size: 25769803776, min: 2105032704, max: 33687924736 });
    // 25769803776 − 2105032704 = 23664771072 bytes the ARC would give back.
    assert.equal(reclaimableArc(arc), 23664771072);
    assert.equal(reclaimableArc({ size: 1, min: 5, max: 9 }), 0);
  });
  it('a missing or malformed row is a PARSE error naming the file', () => {
    expectStatError(() => arcFromKstat(text.replace(/^size.*$/m, ''), '/p/spl/kstat/zfs/arcstats'), 'PARSE', '/p/spl/kstat/zfs/arcstats');
    expectStatError(() => arcFromKstat(text.replace('25769803776', 'lots'), '/p/spl/kstat/zfs/arcstats'), 'PARSE', '/p/spl/kstat/zfs/arcstats');
    expectStatError(() => arcFromKstat(text.replace('4    33687924736', '33687924736'), '/p/spl/kstat/zfs/arcstats'), 'PARSE', '/p/spl/kstat/zfs/arcstats');
  });
});
