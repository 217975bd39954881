import { describeErrno, StatError } from '../errors.js';
import { canonical, fsFilterOf, mountWanted, validFsTypes } from '../fsfilter.js';
import type { Resolved } from '../options.js';
import type { FsDeviceType, FsStats, FsStatsOptions, FsStatsResult } from '../types/fs.js';
import { decodeStatfs, decodeVfsConflist, MNT_LOCAL, MNT_NOWAIT, MNT_RDONLY, STATFS_MAX_SIZE, type StatfsRecord, statfsLayout, VFCF_LOOPBACK, VFCF_SYNTHETIC } from './abi.js';
import { type FsApi, fsApiOf, sysctlOf } from './libs.js';

/*
 * File systems on FreeBSD: getfsstat(2) with MNT_NOWAIT lists the mounts
 * with the kernel's cached figures and never waits on a file system (a
 * dead NFS server cannot block it); statfs(2) then refreshes each local
 * mount's figures. A network mount keeps the cached figures: asking its
 * server could block for ever. struct statfs is read by its f_version
 * (FreeBSD 12+ and FreeBSD 11 layouts). vfs.conflist's flags say which
 * types are synthetic (devfs, procfs...) or loopback (nullfs).
 */

/** Mounts that appear between the counting call and the filling one. */
const SLACK = 8;
const MAX_TRIES = 4;

function syscallError(what: string, errno: number): StatError {
  return new StatError('NATIVE', what, `${what} failed: ${describeErrno(errno)}`, errno);
}

/** Every mount, as getfsstat(MNT_NOWAIT) returns them. @throws StatError. */
export function readMounts(api: FsApi): StatfsRecord[] {
  let capacity = api.count(MNT_NOWAIT);
  if (capacity < 0) throw syscallError('getfsstat', api.errno());
  for (let tries = 0; ; tries++) {
    const buf = Buffer.alloc((capacity + SLACK) * STATFS_MAX_SIZE);
    const n = api.fill(buf, MNT_NOWAIT);
    if (n < 0) throw syscallError('getfsstat', api.errno());
    if (n === 0) return [];
    const layout = statfsLayout(buf);
    if (layout === undefined) {
      throw new StatError(
        'PARSE',
        'getfsstat',
        `getfsstat returned a struct statfs of version 0x${buf.readUInt32LE(0).toString(16)}, which sysgrab does not know (it reads 0x20140518 and 0x20030518)`,
      );
    }
    // A full buffer may mean more mounts than room: ask again with more.
    if (n < Math.floor(buf.length / layout.size) || tries >= MAX_TRIES) {
      return Array.from({ length: n }, (_, i) => decodeStatfs(buf, i * layout.size, layout));
    }
    capacity = n * 2;
  }
}

/** vfs.conflist: type → VFCF_* flags (empty when the sysctl is absent). */
function vfsFlags(o: Resolved): Map<string, number> {
  const bytes = sysctlOf(o).bytes('vfs.conflist');
  return bytes === undefined ? new Map() : decodeVfsConflist(bytes);
}

/** `remote` without MNT_LOCAL; `loopback` for VFCF_LOOPBACK types (nullfs); `special` for synthetic ones and tmpfs; else `regular`. */
export function classifyStatfs(r: StatfsRecord, flags: Map<string, number>): FsDeviceType {
  if ((r.flags & MNT_LOCAL) === 0) return 'remote';
  const f = flags.get(r.fstypename) ?? 0;
  if (f & VFCF_LOOPBACK) return 'loopback';
  if (f & VFCF_SYNTHETIC || r.fstypename === 'tmpfs' || r.fstypename === 'mqueuefs') return 'special';
  return 'regular';
}

/** Pure: FsStats from a statfs record (libstatgrab via statvfs: io_size = f_iosize, block_size = f_bsize). */
export function fsStatsFromRecord(r: StatfsRecord, deviceType: FsDeviceType, deviceCanonical: string): FsStats {
  const bfree = Math.min(r.bfree, r.blocks);
  // f_bavail is negative past UFS's minfree; libstatgrab's unsigned copy makes that 2^64 - n.
  const bavail = Math.max(0, Math.min(r.bavail, bfree));
  const ffree = Math.max(0, Math.min(r.ffree, r.files));
  return {
    deviceName: r.mntfromname,
    deviceCanonical,
    fsType: r.fstypename,
    mntPoint: r.mntonname,
    deviceType,
    readOnly: (r.flags & MNT_RDONLY) !== 0,
    size: r.bsize * r.blocks,
    used: r.bsize * (r.blocks - bfree),
    free: r.bsize * bfree,
    avail: r.bsize * bavail,
    totalInodes: r.files,
    usedInodes: r.files - ffree,
    freeInodes: ffree,
    availInodes: ffree,
    ioSize: r.iosize,
    blockSize: r.bsize,
    totalBlocks: r.blocks,
    freeBlocks: bfree,
    usedBlocks: r.blocks - bfree,
    availBlocks: bavail,
  };
}

export function fsStats(o: Resolved): FsStats[] {
  const opts = o.options as FsStatsOptions | undefined;
  const filter = fsFilterOf(opts);
  const api = fsApiOf(o);
  const mounts = readMounts(api);
  const flags = vfsFlags(o);
  const valid = filter.filter === 'libstatgrab' ? validFsTypes(flags.keys(), filter.fsTypes) : undefined;
  const out: FsStats[] = [];
  const fresh = Buffer.alloc(STATFS_MAX_SIZE);
  for (const r of mounts) {
    const deviceType = classifyStatfs(r, flags);
    if (!mountWanted(filter.filter, filter.includeRemote, deviceType, r.fstypename, valid)) continue;
    let record = r;
    if (deviceType !== 'remote') {
      if (api.statfs(r.mntonname, fresh) === 0) {
        const layout = statfsLayout(fresh);
        if (layout !== undefined) record = decodeStatfs(fresh, 0, layout);
      } else if (Buffer.byteLength(r.mntonname) < r.nameSize - 1) {
        // Gone since the list was read: left out, as libstatgrab leaves it out.
        continue;
      }
      // Else the kernel cut the name to fit (FreeBSD 11: 87 bytes), so no path reaches it: its cached figures stand.
    }
    const fs = fsStatsFromRecord(record, deviceType, canonical(record.mntfromname));
    if (filter.filter !== 'real' || fs.totalBlocks > 0) out.push(fs);
  }
  return out;
}

/** getfsstat(MNT_NOWAIT) never blocks: the asynchronous form is the same list, network mounts with their cached figures. */
export async function fsStatsAsync(o: Resolved): Promise<FsStatsResult> {
  const timeoutMs = (o.options as { timeoutMs?: number } | undefined)?.timeoutMs;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new StatError('ARGUMENT', 'timeoutMs', `timeoutMs must be a positive number of milliseconds, not ${String(timeoutMs)}`);
  }
  return { filesystems: fsStats(o), problems: [] };
}
