import type { FsDeviceType } from '../types/fs.js';

/*
 * /proc/self/mountinfo (Documentation/filesystems/proc.rst, 3.5):
 *   36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   (1)(2)(3)   (4)   (5)         (6)        (7)     (8) (9)  (10)      (11)
 * (7) is zero or more optional fields closed by "-" (8). The kernel escapes
 * space, tab, newline and backslash in the paths and names as \040 \011
 * \012 \134. libstatgrab reads /proc/mounts (the same table, fewer columns);
 * mountinfo also says which mounts are binds of a subtree (4).
 */

export interface MountEntry {
  /** (4) the directory of the mounted file system that appears here: "/" unless a bind mount of a subtree. */
  root: string;
  mntPoint: string;
  readOnly: boolean;
  fsType: string;
  /** (10) what is mounted. */
  source: string;
}

const OCTAL = /\\([0-7]{3})/g;

/** Undo the kernel's octal escapes (`\040` → space). */
export function unescapeMountField(s: string): string {
  return s.includes('\\') ? s.replace(OCTAL, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8))) : s;
}

/**
 * The mount table; a line without the documented shape is skipped, and so
 * is one whose (escaped) type `skipType` rejects, before any more work.
 */
export function parseMountinfo(text: string, skipType?: (fsType: string) => boolean): MountEntry[] {
  const out: MountEntry[] = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line === '') continue;
    if (skipType) {
      // The type follows the first " - " (no field before it may contain one: the kernel escapes spaces).
      const dash = line.indexOf(' - ');
      if (dash >= 0) {
        const typeEnd = line.indexOf(' ', dash + 3);
        if (skipType(line.slice(dash + 3, typeEnd < 0 ? line.length : typeEnd))) continue;
      }
    }
    const f = line.split(' ');
    const sep = f.indexOf('-', 6);
    if (sep < 0 || f.length < sep + 3) continue;
    const options = f[5]!;
    out.push({
      root: unescapeMountField(f[3]!),
      mntPoint: unescapeMountField(f[4]!),
      readOnly: options === 'ro' || options.startsWith('ro,'),
      fsType: unescapeMountField(f[sep + 1]!),
      source: unescapeMountField(f[sep + 2]!),
    });
  }
  return out;
}

/** /proc/filesystems: the types the kernel knows, and which of them need no device ("nodev"). */
export interface KernelFsTypes {
  /** Every type, cut as libstatgrab's regex `^([[:alnum:]]+)?[[:blank:]]+([[:alnum:]]+)` cuts it (disk_stats.c:471): `binfmt_misc` → `binfmt`. */
  libstatgrabNames: string[];
  /** Types flagged nodev, whole. */
  nodev: Set<string>;
}

const LIBSTATGRAB_LINE = /^([A-Za-z0-9]+)?[ \t]+([A-Za-z0-9]+)/;

export function parseProcFilesystems(text: string): KernelFsTypes {
  const libstatgrabNames: string[] = [];
  const nodev = new Set<string>();
  for (const line of text.split('\n')) {
    const m = LIBSTATGRAB_LINE.exec(line);
    if (m) libstatgrabNames.push(m[2]!);
    const tab = line.indexOf('\t');
    if (tab >= 0 && line.slice(0, tab) === 'nodev') nodev.add(line.slice(tab + 1).trim());
  }
  return { libstatgrabNames, nodev };
}

/** Network file systems (and their FUSE clients, see below). */
const NETWORK = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'ncpfs', 'afs', 'ceph', 'glusterfs', 'lustre', 'gpfs', '9p', 'davfs', 'coda']);
/** Pseudo and memory file systems: they hold no data of their own. */
export const PSEUDO_FS: ReadonlySet<string> = new Set([
  'sysfs',
  'proc',
  'tmpfs',
  'devtmpfs',
  'devpts',
  'cgroup',
  'cgroup2',
  'cpuset',
  'securityfs',
  'debugfs',
  'tracefs',
  'pstore',
  'bpf',
  'mqueue',
  'hugetlbfs',
  'autofs',
  'fusectl',
  'configfs',
  'binfmt_misc',
  'rpc_pipefs',
  'efivarfs',
  'ramfs',
  'nsfs',
  'selinuxfs',
  'sockfs',
  'pipefs',
  'bdev',
]);

/**
 * `remote`: a network type, or a `fuse.*` type whose source is `host:path`
 * or `//host/share` (sshfs, rclone, s3fs...); else `loopback`: a bind mount
 * of a subtree (root is not "/") or an overlay that is not "/" (a
 * container's root seen from the host); else `special`: a pseudo or memory
 * type (PSEUDO_FS: the nodev types of /proc/filesystems that hold no data);
 * else `regular`.
 */
export function classifyMount(m: MountEntry): FsDeviceType {
  const t = m.fsType;
  if (NETWORK.has(t) || (t.startsWith('fuse.') && (m.source.includes(':') || m.source.startsWith('//')))) return 'remote';
  if (m.root !== '/' || (t === 'overlay' && m.mntPoint !== '/')) return 'loopback';
  if (PSEUDO_FS.has(t)) return 'special';
  return 'regular';
}
