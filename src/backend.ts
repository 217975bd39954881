import { StatError } from './errors.js';
import type { Resolved } from './options.js';
import type { ContainerMemStats } from './types/container.js';
import type { MemStats } from './types/mem.js';
import type { Meminfo } from './types/meminfo.js';
import type { MemPressure } from './types/pressure.js';
import type { CpuStats } from './types/cpu.js';
import type { HostInfo } from './types/host.js';
import type { LoadStats } from './types/load.js';
import type { PageStats } from './types/page.js';
import type { ProcessCount, ProcessStats } from './types/process.js';
import type { DiskIoStats } from './types/disk.js';
import type { FsStats, FsStatsResult } from './types/fs.js';
import type { NetworkIfaceStats, NetworkIoStats } from './types/net.js';
import type { SwapStats } from './types/swap.js';
import type { UserStats } from './types/user.js';

/*
 * What every platform implements. Each backend names every key, with a
 * function or with `undefined` for a statistic it cannot give: adding a
 * getter here makes the compiler point at every backend that has not said
 * what it does about it. The public function of an `undefined` key throws
 * UNSUPPORTED naming the getter and the platform.
 */
export interface Backend {
  memStats: ((o: Resolved) => MemStats) | undefined;
  swapStats: ((o: Resolved) => SwapStats) | undefined;
  meminfo: ((o: Resolved) => Meminfo) | undefined;
  /** The cgroup or jail this process runs in (the `jail` option's on FreeBSD); null where there is none. */
  containerMemStats: ((o: Resolved) => ContainerMemStats | null) | undefined;
  /** Memory pressure (Linux PSI, macOS's level); undefined where the kernel has no such signal. */
  memPressure: ((o: Resolved) => MemPressure | undefined) | undefined;
  hostInfo: ((o: Resolved) => HostInfo) | undefined;
  cpuStats: ((o: Resolved) => CpuStats) | undefined;
  loadStats: ((o: Resolved) => LoadStats) | undefined;
  pageStats: ((o: Resolved) => PageStats) | undefined;
  processStats: ((o: Resolved) => ProcessStats[]) | undefined;
  processCount: ((o: Resolved) => ProcessCount) | undefined;
  userStats: ((o: Resolved) => UserStats[]) | undefined;
  /** `o.options` may carry FsStatsOptions. */
  fsStats: ((o: Resolved) => FsStats[]) | undefined;
  /** `o.options` may carry FsStatsAsyncOptions. */
  fsStatsAsync: ((o: Resolved) => Promise<FsStatsResult>) | undefined;
  diskIoStats: ((o: Resolved) => DiskIoStats[]) | undefined;
  networkIoStats: ((o: Resolved) => NetworkIoStats[]) | undefined;
  networkIfaceStats: ((o: Resolved) => NetworkIfaceStats[]) | undefined;
}

export type Getter = keyof Backend;

/**
 * Platform name → its backend, loaded on first use: a Linux process never
 * loads the FFI layer, a FreeBSD one never the procfs readers.
 */
const loaders: Record<string, () => Backend> = {
  linux: () => (require('./linux/index.js') as typeof import('./linux/index.js')).linuxBackend,
  freebsd: () => (require('./freebsd/index.js') as typeof import('./freebsd/index.js')).freebsdBackend,
  darwin: () => (require('./darwin/index.js') as typeof import('./darwin/index.js')).darwinBackend,
  win32: () => (require('./win32/index.js') as typeof import('./win32/index.js')).win32Backend,
  openbsd: () => (require('./openbsd/index.js') as typeof import('./openbsd/index.js')).openbsdBackend,
  // Android is Linux underneath: /proc and /sys as on any Linux.
  android: () => (require('./linux/index.js') as typeof import('./linux/index.js')).linuxBackend,
};

const loaded = new Map<string, Backend>();

/** Names of the platforms sysgrab has a backend for. */
export function platforms(): string[] {
  return Object.keys(loaders);
}

/** @throws StatError `UNSUPPORTED` for a platform without a backend. */
export function backendFor(platform: string): Backend {
  let backend = loaded.get(platform);
  if (backend === undefined) {
    const load = Object.hasOwn(loaders, platform) ? loaders[platform] : undefined;
    if (load === undefined) {
      throw new StatError('UNSUPPORTED', platform, `sysgrab has no backend for the "${platform}" platform (supported: ${platforms().join(', ')})`);
    }
    backend = load();
    loaded.set(platform, backend);
  }
  return backend;
}

/**
 * The implementation of `getter` for the resolved platform.
 * @param publicName the exported function's name, for the error (`getCpuStats`).
 * @throws StatError `UNSUPPORTED` when the platform has no backend or lacks the getter.
 */
export function implementation<K extends Getter>(o: Resolved, getter: K, publicName: string): NonNullable<Backend[K]> {
  const fn = backendFor(o.platform)[getter];
  if (fn === undefined) {
    throw new StatError('UNSUPPORTED', publicName, `${publicName}() is not available on ${o.platform}`);
  }
  return fn as NonNullable<Backend[K]>;
}
