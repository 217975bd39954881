import { StatError } from './errors.js';
import type { Resolved } from './options.js';
import type { DiskIoStats } from './types/disk.js';
import type { FsStats, FsStatsResult } from './types/fs.js';
import type { MemStats } from './types/mem.js';
import type { NetworkIfaceStats, NetworkIoStats } from './types/net.js';
import type { SwapStats } from './types/swap.js';

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
