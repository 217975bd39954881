import { readCString, readI32, readI64, readU16, readU32, readU64 } from '../ffi/memory.js';

/*
 * FreeBSD's ABI as sysgrab uses it: constants and the layout of every
 * struct it reads, with the functions that decode them from raw memory.
 * This is the one place that says what the bytes mean; every FFI driver
 * hands it Buffers. Sources: lib/libkvm/kvm.h (struct kvm_swap),
 * sys/sys/conf.h (struct xswdev), sys/vm/swap_pager.c.
 */

export const O_RDONLY = 0;
/** kvm_openfiles' errbuf must hold _POSIX2_LINE_MAX bytes. */
export const POSIX2_LINE_MAX = 2048;
/** kvm_getswapinfo flag: name devices as swapinfo(8) does, `/dev/ada0p3`. */
export const SWIF_DEV_PREFIX = 0x2;
/** devname(3) type for character devices (sys/stat.h). */
export const S_IFCHR = 0o020000;

/** `struct kvm_swap`: 52 bytes, 4-byte aligned, the same on every architecture. */
export const KVM_SWAP = {
  size: 52,
  align: 4,
  fields: {
    ksw_devname: { offset: 0, size: 32 },
    ksw_used: { offset: 32, size: 4 },
    ksw_total: { offset: 36, size: 4 },
    ksw_flags: { offset: 40, size: 4 },
    ksw_reserved1: { offset: 44, size: 4 },
    ksw_reserved2: { offset: 48, size: 4 },
  },
} as const;

/** `struct xswdev` version 2 (FreeBSD 12+, LP64): 32 bytes, 8-aligned. */
export const XSWDEV_V2 = { size: 32, version: 2, offsets: { version: 0, dev: 8, flags: 16, nblks: 20, used: 24 }, devBytes: 8 } as const;
/** `struct xswdev` version 1 (FreeBSD 11, or a 20-byte request): all 4-byte fields. */
export const XSWDEV_V1 = { size: 20, version: 1, offsets: { version: 0, dev: 4, flags: 8, nblks: 12, used: 16 }, devBytes: 4 } as const;

/** One row of kvm_getswapinfo's answer, in pages. */
export interface KvmSwapRow {
  devname: string;
  usedPages: number;
  totalPages: number;
  flags: number;
}

/** Decode row `index` of a `struct kvm_swap` array. */
export function decodeKvmSwap(buf: Buffer, index: number): KvmSwapRow {
  const base = index * KVM_SWAP.size;
  const f = KVM_SWAP.fields;
  return {
    devname: readCString(buf, base + f.ksw_devname.offset, f.ksw_devname.size),
    usedPages: readU32(buf, base + f.ksw_used.offset),
    totalPages: readU32(buf, base + f.ksw_total.offset),
    flags: readU32(buf, base + f.ksw_flags.offset) | 0,
  };
}

/** One device from vm.swap_info, in pages. */
export interface XswdevRow {
  dev: bigint;
  flags: number;
  nblksPages: number;
  usedPages: number;
}

/**
 * Decode a `struct xswdev` by the length the kernel returned, checking the
 * version field. Undefined when the length or version is not one we know.
 */
export function decodeXswdev(buf: Buffer, length: number): XswdevRow | undefined {
  const layout = length === XSWDEV_V2.size ? XSWDEV_V2 : length === XSWDEV_V1.size ? XSWDEV_V1 : undefined;
  if (!layout || readU32(buf, layout.offsets.version) !== layout.version) return undefined;
  const o = layout.offsets;
  return {
    dev: layout.devBytes === 8 ? readU64(buf, o.dev) : BigInt(readU32(buf, o.dev)),
    flags: readU32(buf, o.flags) | 0,
    // int fields in C: a negative count would be kernel corruption; read as 0.
    nblksPages: Math.max(0, readU32(buf, o.nblks) | 0),
    usedPages: Math.max(0, readU32(buf, o.used) | 0),
  };
}

/*
 * File systems, disks and interfaces (FreeBSD 11-15, amd64 and arm64: the
 * same offsets, every field fixed-width). Sources: sys/sys/mount.h (struct
 * statfs, struct xvfsconf, MNT_*), sys/sys/devicestat.h (struct devstat),
 * sys/kern/subr_devstat.c (kern.devstat.all), include/ifaddrs.h,
 * sys/net/if.h (struct if_data, IFF_*), sys/net/if_dl.h, sys/net/if_media.h,
 * sys/sys/sockio.h.
 */

export const MNT_WAIT = 1;
export const MNT_NOWAIT = 2;
export const MNT_RDONLY = 0x1;
export const MNT_LOCAL = 0x1000;

/** struct statfs by f_version: FreeBSD 12+ (MNAMELEN 1024) and FreeBSD 11 (MNAMELEN 88). */
export const STATFS_LAYOUTS = [
  { version: 0x20140518, size: 2344, mntfromname: 296, mntonname: 1320, nameSize: 1024 },
  { version: 0x20030518, size: 472, mntfromname: 296, mntonname: 384, nameSize: 88 },
] as const;
export type StatfsLayout = (typeof STATFS_LAYOUTS)[number];
/** The largest record, for a first buffer (its version is read before its size is known). */
export const STATFS_MAX_SIZE = 2344;
const STATFS = { flags: 8, bsize: 16, iosize: 24, blocks: 32, bfree: 40, bavail: 48, files: 56, ffree: 64, fstypename: 280, fstypeSize: 16 } as const;

/** The layout a record announces in f_version, or undefined for one sysgrab does not know. */
export function statfsLayout(buf: Buffer, offset = 0): StatfsLayout | undefined {
  const v = readU32(buf, offset);
  return STATFS_LAYOUTS.find((l) => l.version === v);
}

export interface StatfsRecord {
  flags: number;
  bsize: number;
  iosize: number;
  blocks: number;
  bfree: number;
  /** Signed: negative when a UFS file system is past its minfree reserve. */
  bavail: number;
  files: number;
  ffree: number;
  fstypename: string;
  mntfromname: string;
  mntonname: string;
  /** The size of the name fields in this layout (a name of nameSize - 1 bytes may have been cut). */
  nameSize: number;
}

const num = (v: bigint) => Number(v);

/** Decode the record at `offset` with `layout`. */
export function decodeStatfs(buf: Buffer, offset: number, layout: StatfsLayout): StatfsRecord {
  return {
    // Only the low 32 bits hold the flags sysgrab reads (MNT_RDONLY, MNT_LOCAL).
    flags: readU32(buf, offset + STATFS.flags),
    bsize: num(readU64(buf, offset + STATFS.bsize)),
    iosize: num(readU64(buf, offset + STATFS.iosize)),
    blocks: num(readU64(buf, offset + STATFS.blocks)),
    bfree: num(readU64(buf, offset + STATFS.bfree)),
    bavail: num(readI64(buf, offset + STATFS.bavail)),
    files: num(readU64(buf, offset + STATFS.files)),
    ffree: num(readI64(buf, offset + STATFS.ffree)),
    fstypename: readCString(buf, offset + STATFS.fstypename, STATFS.fstypeSize),
    mntfromname: readCString(buf, offset + layout.mntfromname, layout.nameSize),
    mntonname: readCString(buf, offset + layout.mntonname, layout.nameSize),
    nameSize: layout.nameSize,
  };
}

/** struct xvfsconf (vfs.conflist): 48 bytes on LP64. */
export const XVFSCONF = { size: 48, name: 8, nameSize: 16, typenum: 24, refcount: 28, flags: 32 } as const;
export const VFCF_NETWORK = 0x20000;
export const VFCF_SYNTHETIC = 0x80000;
export const VFCF_LOOPBACK = 0x100000;

/** vfs.conflist as name → VFCF_* flags. */
export function decodeVfsConflist(buf: Buffer): Map<string, number> {
  const out = new Map<string, number>();
  for (let off = 0; off + XVFSCONF.size <= buf.length; off += XVFSCONF.size) {
    out.set(readCString(buf, off + XVFSCONF.name, XVFSCONF.nameSize), readU32(buf, off + XVFSCONF.flags));
  }
  return out;
}

/** struct devstat, DEVSTAT_VERSION 6: 288 bytes on LP64. kern.devstat.all starts with a `long` generation. */
export const DEVSTAT_VERSION = 6;
export const DEVSTAT = { size: 288, deviceName: 44, nameSize: 16, unitNumber: 60, bytesRead: 72, bytesWrite: 80, opsRead: 104, opsWrite: 112, deviceType: 260 } as const;
export const DEVSTAT_ALL_HEADER = 8;
export const DEVSTAT_TYPE_MASK = 0xf;
/** The device types libstatgrab counts (disk_stats.c:1755): direct, sequential, WORM, CD, optical, changer, storage array, floppy. */
export const DEVSTAT_DISK_TYPES: ReadonlySet<number> = new Set([0, 1, 4, 5, 7, 8, 12, 14]);

export interface DevstatRecord {
  name: string;
  unit: number;
  type: number;
  bytesRead: number;
  bytesWrite: number;
  opsRead: number;
  opsWrite: number;
}

export function decodeDevstat(buf: Buffer, offset: number): DevstatRecord {
  return {
    name: readCString(buf, offset + DEVSTAT.deviceName, DEVSTAT.nameSize),
    unit: readI32(buf, offset + DEVSTAT.unitNumber),
    type: readI32(buf, offset + DEVSTAT.deviceType),
    bytesRead: num(readU64(buf, offset + DEVSTAT.bytesRead)),
    bytesWrite: num(readU64(buf, offset + DEVSTAT.bytesWrite)),
    opsRead: num(readU64(buf, offset + DEVSTAT.opsRead)),
    opsWrite: num(readU64(buf, offset + DEVSTAT.opsWrite)),
  };
}

/** struct ifaddrs (include/ifaddrs.h), LP64. */
export const IFADDRS = { size: 56, next: 0, name: 8, flags: 16, addr: 24, data: 48 } as const;
export const IFNAMSIZ = 16;
export const AF_LINK = 18;
export const IFF_UP = 0x1;
/** struct if_data (FreeBSD 11+, machine independent): 152 bytes, announced in ifi_datalen. */
export const IF_DATA = { size: 152, linkState: 4, datalen: 6, baudrate: 16, ipackets: 24, ierrors: 32, opackets: 40, oerrors: 48, collisions: 56, ibytes: 64, obytes: 72 } as const;

export interface IfDataRecord {
  baudrate: number;
  ipackets: number;
  ierrors: number;
  opackets: number;
  oerrors: number;
  collisions: number;
  ibytes: number;
  obytes: number;
}

/** Decode a struct if_data; undefined when ifi_datalen is not the 152 bytes sysgrab knows. */
export function decodeIfData(buf: Buffer): IfDataRecord | undefined {
  if (readU16(buf, IF_DATA.datalen) !== IF_DATA.size) return undefined;
  const u = (o: number) => num(readU64(buf, o));
  return {
    baudrate: u(IF_DATA.baudrate),
    ipackets: u(IF_DATA.ipackets),
    ierrors: u(IF_DATA.ierrors),
    opackets: u(IF_DATA.opackets),
    oerrors: u(IF_DATA.oerrors),
    collisions: u(IF_DATA.collisions),
    ibytes: u(IF_DATA.ibytes),
    obytes: u(IF_DATA.obytes),
  };
}

/** struct ifmediareq: 48 bytes on LP64; SIOCGIFMEDIA = _IOWR('i', 56, struct ifmediareq). */
export const IFMEDIAREQ = { size: 48, name: 0, active: 28 } as const;
export const SIOCGIFMEDIA = 0xc0306938;
export const AF_INET = 2;
export const SOCK_DGRAM = 2;
export const IFM_NMASK = 0xe0;
export const IFM_ETHER = 0x20;
export const IFM_FDX = 0x100000;
export const IFM_HDX = 0x200000;

/** Duplex from a media word: Ethernet with IFM_FDX or IFM_HDX; anything else is unknown. */
export function duplexOfMedia(active: number | undefined): 'full' | 'half' | 'unknown' {
  if (active === undefined || (active & IFM_NMASK) !== IFM_ETHER) return 'unknown';
  if (active & IFM_FDX) return 'full';
  if (active & IFM_HDX) return 'half';
  return 'unknown';
}

/*
 * Issue 12: CPU, load, boot time, processes and login records. Sources:
 * sys/sys/resource.h (CP_*, struct loadavg), sys/kern/kern_clock.c
 * (kern.cp_time(s): long arrays), sys/sys/user.h (struct kinfo_proc;
 * KINFO_PROC_SIZE 1088 on amd64, arm64, powerpc64, riscv), sys/sys/proc.h
 * (S* states), lib/libc/gen/utxdb.h (struct futx). LP64 layouts: amd64 and
 * arm64 share them.
 */

/** kern.cp_time columns (sys/sys/resource.h). */
export const CPUSTATES = 5;
export const CP_USER = 0,
  CP_NICE = 1,
  CP_SYS = 2,
  CP_INTR = 3,
  CP_IDLE = 4;

/** One kern.cp_time(s) row: CPUSTATES longs. */
export function decodeCpTime(buf: Buffer, row: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < CPUSTATES; i++) out.push(Number(readI64(buf, (row * CPUSTATES + i) * 8)));
  return out;
}

/** `struct loadavg { fixpt_t ldavg[3]; long fscale; }`: 24 bytes on LP64, 16 in the 32-bit compat form. */
export function decodeLoadavg(buf: Buffer, length: number): { ldavg: [number, number, number]; fscale: number } | undefined {
  if (length !== 24 && length !== 16) return undefined;
  const fscale = length === 24 ? Number(readI64(buf, 16)) : readU32(buf, 12);
  return { ldavg: [readU32(buf, 0), readU32(buf, 4), readU32(buf, 8)], fscale };
}

/** `struct timeval { time_t tv_sec; suseconds_t tv_usec; }`, 16 bytes on LP64. */
export function decodeTimeval(buf: Buffer, offset = 0): { sec: number; usec: number } {
  return { sec: Number(readI64(buf, offset)), usec: Number(readI64(buf, offset + 8)) };
}

/** Process states (sys/sys/proc.h). */
export const PROC_STATES: Record<number, string> = { 1: 'SIDL', 2: 'SRUN', 3: 'SSLEEP', 4: 'SSTOP', 5: 'SZOMB', 6: 'SWAIT', 7: 'SLOCK' };

/** `struct kinfo_proc` on LP64 (sys/sys/user.h): the fields sysgrab reads. */
export const KINFO_PROC = {
  size: 1088,
  offsets: {
    structsize: 0,
    pid: 72,
    ppid: 76,
    pgid: 80,
    sid: 88,
    uid: 168,
    ruid: 172,
    rgid: 180,
    svgid: 184,
    ngroups: 188,
    groups: 192,
    size: 256,
    rssize: 264,
    pctcpu: 308,
    runtime: 328,
    start: 336,
    flag: 368,
    stat: 388,
    nice: 389,
    comm: 447,
    numthreads: 596,
    nvcsw: 736,
    nivcsw: 744,
  },
  commBytes: 20,
} as const;

/** What sysgrab takes from one struct kinfo_proc. */
export interface KinfoProc {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** Effective uid (ki_uid). */
  uid: number;
  ruid: number;
  rgid: number;
  svgid: number;
  /** ki_groups[0]: the effective gid. */
  egid: number;
  /** Bytes. */
  size: number;
  /** Pages. */
  rssize: number;
  /** Fixed point, kern.fscale = 100 %. */
  pctcpu: number;
  /** Microseconds. */
  runtime: number;
  startSec: number;
  startUsec: number;
  flag: number;
  stat: number;
  nice: number;
  comm: string;
  numthreads: number;
  nvcsw: number;
  nivcsw: number;
}

/** ki_structsize of record `index` (the ABI check before decoding). */
export function kinfoStructSize(buf: Buffer, index: number): number {
  return readI32(buf, index * KINFO_PROC.size);
}

/** Decode record `index` of a kern.proc.proc answer (already checked by ki_structsize). */
export function decodeKinfoProc(buf: Buffer, index: number): KinfoProc {
  const b = index * KINFO_PROC.size;
  const o = KINFO_PROC.offsets;
  const i64 = (off: number) => Number(readI64(buf, b + off));
  return {
    pid: readI32(buf, b + o.pid),
    ppid: readI32(buf, b + o.ppid),
    pgid: readI32(buf, b + o.pgid),
    sid: readI32(buf, b + o.sid),
    uid: readU32(buf, b + o.uid),
    ruid: readU32(buf, b + o.ruid),
    rgid: readU32(buf, b + o.rgid),
    svgid: readU32(buf, b + o.svgid),
    egid: readU32(buf, b + o.groups),
    size: Number(readU64(buf, b + o.size)),
    rssize: i64(o.rssize),
    pctcpu: readU32(buf, b + o.pctcpu),
    runtime: Number(readU64(buf, b + o.runtime)),
    startSec: i64(o.start),
    startUsec: i64(o.start + 8),
    flag: i64(o.flag),
    stat: buf.readInt8(b + o.stat),
    nice: buf.readInt8(b + o.nice),
    comm: readCString(buf, b + o.comm, KINFO_PROC.commBytes),
    numthreads: readI32(buf, b + o.numthreads),
    nvcsw: i64(o.nvcsw),
    nivcsw: i64(o.nivcsw),
  };
}

/** `struct futx` of /var/run/utx.active (lib/libc/gen/utxdb.h), packed, integers big-endian. */
export const FUTX = { size: 197, offsets: { type: 0, tv: 1, id: 9, pid: 17, user: 21, line: 53, host: 69 }, bytes: { id: 8, user: 32, line: 16, host: 128 } } as const;
/** utmpx ut_type of a login session (include/utmpx.h). */
export const UTX_USER_PROCESS = 4;
