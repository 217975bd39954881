import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { closeProcFiles, getContainerMemStats } from '../../src/index.js';
import { CGROUP_V1_MEMORY, cgroupV1Unavailable, openFdCount, ROOT, tempDir } from '../support/helpers.js';
import { expectStatError } from '../support/invariants.js';

/*
 * The live test, on a machine that lets us make cgroups: a parent limited
 * to 192 MiB and, inside it, a child limited to 256 MiB (cgroup v1 allows a
 * child above its parent; the kernel enforces both). A Node process runs in
 * the child and reads getContainerMemStats() with no options at all, as a
 * service would: the limit must be the parent's 192 MiB, set by the parent,
 * and the usage must lie between the kernel's own readings taken just
 * before and after. It then allocates and the working set must rise by what
 * it touched. Node's process.constrainedMemory() is shown beside it.
 */

const MiB = 1024 * 1024;
const V1 = CGROUP_V1_MEMORY;

/** The cgroup2 mount point whose root lists the memory controller, if any. */
function v2WithMemory(): string | undefined {
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const f = line.split(' ');
    const sep = f.indexOf('-', 6);
    if (sep > 0 && f[sep + 1] === 'cgroup2' && f[3] === '/') {
      const controllers = readFileSync(`${f[4]}/cgroup.controllers`, 'utf8');
      if (controllers.split(/\s+/).includes('memory')) return f[4];
    }
  }
  return undefined;
}

/** The script the Node child runs inside the child cgroup; prints one JSON line. */
function childScript(cgroupDir: string, usageFile: string, parentDir: string): string {
  return `
const { readFileSync } = require('node:fs');
const { getContainerMemStats } = require(${JSON.stringify(join(ROOT, 'build', 'src', 'index.js'))});
const usage = () => Number(readFileSync(${JSON.stringify(`${cgroupDir}/${usageFile}`)}, 'utf8'));
const kernelBefore = usage();
const first = getContainerMemStats();
const kernelAfter = usage();
const touched = Buffer.alloc(${64 * MiB}, 1); // filled, so every page is really charged
const second = getContainerMemStats();
const v1 = ${JSON.stringify(usageFile === 'memory.usage_in_bytes')};
const hierarchical = v1 ? Number(/^hierarchical_memory_limit (\\d+)$/m.exec(readFileSync(${JSON.stringify(`${cgroupDir}/memory.stat`)}, 'utf8'))[1])
  : Number(readFileSync(${JSON.stringify(`${parentDir}/memory.max`)}, 'utf8'));
console.log(JSON.stringify({ kernelBefore, first, kernelAfter, second, touched: touched.length, hierarchical,
  constrainedMemory: process.constrainedMemory(), availableMemory: process.availableMemory(), cgroup: readFileSync('/proc/self/cgroup', 'utf8') }));
`;
}

describe('live: a Node process in a cgroup whose parent has the smaller limit', () => {
  const why = cgroupV1Unavailable();
  const name = `sysgrab-live-${process.pid}-${randomBytes(4).toString('hex')}`;
  /** Cgroups made, child before parent, to remove afterwards. */
  const made: string[] = [];
  const tmp = tempDir('sysgrab-live-cgroup-');
  after(() => {
    // Remove what was made, child first; v1 moves any charges left to the parent on rmdir.
    for (const dir of made) {
      try {
        if (existsSync(dir)) rmdirSync(dir);
      } catch (err) {
        console.log(`# could not remove ${dir}: ${(err as Error).message}`);
      }
    }
    tmp.remove();
  });

  /** Make parent (192 MiB) and child (256 MiB), run Node in the child, check and print. */
  function liveCase(kind: 'cgroup1' | 'cgroup2', base: string, limitFile: string, usageFile: string, prefix: string): void {
    const parent = `${base}/${name}`;
    const child = `${parent}/child`;
    made.push(child, parent);
    mkdirSync(parent);
    if (kind === 'cgroup2') writeFileSync(`${parent}/cgroup.subtree_control`, '+memory');
    mkdirSync(child);
    writeFileSync(`${parent}/${limitFile}`, String(192 * MiB));
    writeFileSync(`${child}/${limitFile}`, String(256 * MiB));
    assert.equal(Number(readFileSync(`${parent}/${limitFile}`, 'utf8')), 192 * MiB);
    const script = join(tmp.dir, `${kind}.js`);
    writeFileSync(script, childScript(child, usageFile, parent));
    // The shell puts itself in the child cgroup, then becomes Node there.
    const r = spawnSync('sh', ['-c', `echo $$ > ${child}/cgroup.procs && exec "${process.execPath}" "${script}"`], { encoding: 'utf8', timeout: 50_000 });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as {
      kernelBefore: number;
      kernelAfter: number;
      first: { kind: string; path: string; limit: number; limitPath: string; usage: number; workingSet: number; available: number };
      second: { usage: number; workingSet: number; available: number; limit: number };
      touched: number;
      hierarchical: number;
      constrainedMemory: number;
      availableMemory: number;
      cgroup: string;
    };
    assert.match(got.cgroup, new RegExp(`^${prefix}/${name}/child$`, 'm'));
    assert.equal(got.first.kind, kind);
    assert.equal(got.first.path, `/${name}/child`);
    assert.equal(got.hierarchical, 192 * MiB, "the kernel's own figure for the parent's limit");
    assert.equal(got.first.limit, 192 * MiB, "the parent's limit, not the child's 256 MiB");
    assert.equal(got.first.limitPath, `/${name}`);
    const lo = Math.min(got.kernelBefore, got.kernelAfter);
    const hi = Math.max(got.kernelBefore, got.kernelAfter);
    assert.ok(got.first.usage >= lo && got.first.usage <= hi, `usage ${got.first.usage} within the kernel's ${got.kernelBefore} .. ${got.kernelAfter}`);
    assert.ok(got.first.workingSet <= got.first.usage);
    assert.ok(got.first.available <= 192 * MiB - got.first.workingSet);
    const rise = got.second.workingSet - got.first.workingSet;
    assert.ok(rise >= 48 * MiB && rise <= 96 * MiB, `working set rose by ${(rise / MiB).toFixed(1)} MiB after touching 64 MiB`);
    assert.ok(got.second.available < got.first.available, 'less available after the allocation');
    // Node's own figure reads the child's cgroup only: never tighter than ours.
    assert.ok(got.constrainedMemory >= got.first.limit, `process.constrainedMemory() = ${got.constrainedMemory}`);
    console.log(
      `live ${kind}: limit ${got.first.limit / MiB} MiB set by ${got.first.limitPath}; process.constrainedMemory() ${(got.constrainedMemory / MiB).toFixed(0)} MiB; ` +
        `usage ${got.first.usage} between kernel ${got.kernelBefore} and ${got.kernelAfter}; working set ${(got.first.workingSet / MiB).toFixed(1)} → ${(got.second.workingSet / MiB).toFixed(1)} MiB after touching 64 MiB; ` +
        `available ${(got.first.available / MiB).toFixed(1)} → ${(got.second.available / MiB).toFixed(1)} MiB; process.availableMemory() ${(got.availableMemory / MiB).toFixed(1)} MiB`,
    );
  }

  it("cgroup v1: limit = 192 MiB set by the parent, usage within the kernel's readings, working set rises", { skip: why ?? false, timeout: 60_000 }, () => {
    liveCase('cgroup1', V1, 'memory.limit_in_bytes', 'memory.usage_in_bytes', '\\d+:memory:');
  });

  it('a cgroup removed between two calls: OPEN naming its file, and its kept descriptors released', { skip: why ?? false }, () => {
    const gone = `${V1}/${name}-gone`;
    mkdirSync(gone);
    made.push(gone);
    // A procfs copy that says this process is in `gone` (the real one cannot: a cgroup with a process in it cannot be removed).
    const proc = join(tmp.dir, 'proc');
    mkdirSync(join(proc, 'self'), { recursive: true });
    writeFileSync(join(proc, 'self', 'cgroup'), `4:memory:/${name}-gone\n`);
    writeFileSync(join(proc, 'self', 'mountinfo'), readFileSync('/proc/self/mountinfo'));
    writeFileSync(join(proc, 'meminfo'), readFileSync('/proc/meminfo'));
    closeProcFiles();
    const fds = openFdCount();
    const first = getContainerMemStats({ procRoot: proc })!;
    assert.equal(first.path, `/${name}-gone`);
    assert.equal(first.usage, Number(readFileSync(`${gone}/memory.usage_in_bytes`, 'utf8')));
    rmdirSync(gone);
    expectStatError(() => getContainerMemStats({ procRoot: proc }), 'OPEN', `${gone}/memory.usage_in_bytes`, 2);
    closeProcFiles();
    assert.equal(openFdCount(), fds, 'no descriptor left open');
  });

  const v2 = process.platform === 'linux' && process.getuid?.() === 0 ? v2WithMemory() : undefined;
  it('cgroup v2: the same with memory.max', {
    skip:
      process.platform !== 'linux'
        ? 'cgroups are Linux only'
        : process.getuid?.() !== 0
          ? 'creating cgroups needs root'
          : v2 === undefined
            ? "this machine's cgroup2 has no memory controller (memory is bound to the v1 hierarchy, and a controller lives on one hierarchy at a time, so no cgroup2 mount can have it)"
            : false,
    timeout: 60_000,
  }, () => {
    liveCase('cgroup2', v2!, 'memory.max', 'memory.current', '0::');
  });
});
