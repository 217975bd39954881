import type { StatOptions } from './options.js';

/** Mounted file systems, sizes in bytes. */

/**
 * What kind of storage a mount is (libstatgrab's `sg_fs_device_type`, which
 * it always reports as "unknown" on Linux and FreeBSD):
 * - `regular`: stores data: ext4, xfs, btrfs, zfs, ufs, vfat, squashfs,
 *   jffs2, an overlay mounted at `/` (a container's root), a local FUSE fs;
 * - `special`: a pseudo or memory file system: proc, sysfs, devfs, tmpfs,
 *   cgroup, devpts, debugfs...;
 * - `loopback`: another view of a mount: a bind mount of a subtree, nullfs,
 *   an overlay that is not `/` (a container's root seen from the host);
 * - `remote`: over the network: nfs, cifs, smbfs, ceph, sshfs...
 */
export type FsDeviceType = 'regular' | 'special' | 'loopback' | 'remote';

/** One mounted file system: libstatgrab's `sg_fs_stats` fields in camelCase. */
export interface FsStats {
  /** What is mounted: `/dev/nvme0n1p2`, `tmpfs`, `server:/export`, `zroot/ROOT/default`. */
  deviceName: string;
  /** `deviceName` with symbolic links resolved (`/dev/mapper/vg-root` → `/dev/dm-0`), as libstatgrab does. */
  deviceCanonical: string;
  fsType: string;
  mntPoint: string;
  deviceType: FsDeviceType;
  readOnly: boolean;
  /** `blockSize × totalBlocks`. */
  size: number;
  /** `blockSize × usedBlocks`: in use, counting the root reserve as free (`size - free`). */
  used: number;
  /** `blockSize × freeBlocks`: free, including the part only root may use. */
  free: number;
  /** `blockSize × availBlocks`: free for an unprivileged user; never below 0. */
  avail: number;
  totalInodes: number;
  usedInodes: number;
  freeInodes: number;
  availInodes: number;
  /** Preferred I/O size: Linux `f_bsize`, FreeBSD `f_iosize`. */
  ioSize: number;
  /** Unit of the block counts: Linux `f_bsize` (Node does not expose `f_frsize`), FreeBSD `f_bsize` (the fragment). */
  blockSize: number;
  totalBlocks: number;
  freeBlocks: number;
  usedBlocks: number;
  availBlocks: number;
}

/** A mount whose figures could not be read in time or at all (getFsStatsAsync only). */
export interface FsProblem {
  deviceName: string;
  fsType: string;
  mntPoint: string;
  deviceType: FsDeviceType;
  /**
   * `TIMEOUT`: statfs did not answer within `timeoutMs` (a hung network
   * mount); `BUSY`: a statfs on this mount from an earlier call is still
   * stuck in the kernel, so none was started; `ERROR`: statfs failed (`errno`).
   */
  problem: 'TIMEOUT' | 'BUSY' | 'ERROR';
  errno?: number;
}

/**
 * Which mounts getFsStats returns.
 * - `real` (default): `regular` file systems with blocks (GNU df's rule: no
 *   proc, sysfs, tmpfs, devfs, cgroup, bind mounts of subtrees, overlays
 *   below `/`), plus `remote` ones when `includeRemote` is set;
 * - `libstatgrab`: libstatgrab's valid-filesystem filter as statgrab and
 *   saidar apply it: every type the kernel lists (Linux /proc/filesystems,
 *   FreeBSD vfs.conflist) except nfs, nfs3, nfs4, cifs, smbfs, samba and
 *   autofs (or `fsTypes` when given);
 * - `all`: every mount.
 */
export type FsFilter = 'real' | 'libstatgrab' | 'all';

export interface FsStatsOptions extends StatOptions {
  filter?: FsFilter;
  /** Include network file systems (`filter: 'real'` only). The synchronous getFsStats refuses it on Linux: use getFsStatsAsync, whose statfs calls have a timeout. */
  includeRemote?: boolean;
  /**
   * `filter: 'libstatgrab'` only: the valid types, replacing the kernel's
   * list; a first element `'!'` means "the kernel's list except these"
   * (statgrab's `-F '!nfs, ...'`). Compared case-insensitively.
   */
  fsTypes?: readonly string[];
}

export interface FsStatsAsyncOptions extends FsStatsOptions {
  /** Longest wait for one mount's statfs, in ms (default 2000). A mount that takes longer is reported in `problems`. */
  timeoutMs?: number;
}

export interface FsStatsResult {
  filesystems: FsStats[];
  problems: FsProblem[];
}
