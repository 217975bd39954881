import { lstatSync, realpathSync } from 'node:fs';
import { StatError } from './errors.js';
import type { FsDeviceType, FsFilter, FsStatsOptions } from './types/fs.js';

/*
 * Which mounts getFsStats reports: the rules shared by every platform.
 * Each platform classifies its mounts (FsDeviceType) and lists the types
 * its kernel knows; these functions decide.
 */

/** What statgrab and saidar remove from libstatgrab's valid list unless given `-F` (statgrab.c:1121, saidar.c:867). */
export const LIBSTATGRAB_EXCLUDED: readonly string[] = ['nfs', 'nfs3', 'nfs4', 'cifs', 'smbfs', 'samba', 'autofs'];

/** The filter options, checked. @throws StatError `ARGUMENT`. */
export function fsFilterOf(o: FsStatsOptions | undefined): { filter: FsFilter; includeRemote: boolean; fsTypes: readonly string[] | undefined } {
  const filter = o?.filter ?? 'real';
  if (filter !== 'real' && filter !== 'libstatgrab' && filter !== 'all') {
    throw new StatError('ARGUMENT', 'filter', `unknown file system filter "${String(filter)}": use "real", "libstatgrab" or "all"`);
  }
  const fsTypes = o?.fsTypes;
  if (fsTypes !== undefined && (!Array.isArray(fsTypes) || fsTypes.some((t) => typeof t !== 'string'))) {
    throw new StatError('ARGUMENT', 'fsTypes', 'fsTypes must be an array of file system type names (a first element "!" means "all but these")');
  }
  return { filter, includeRemote: o?.includeRemote === true, fsTypes };
}

/**
 * libstatgrab's valid list, lower-cased: the kernel's types minus statgrab's
 * default exclusions, or `fsTypes` (`['!', ...]`: the kernel's minus those).
 */
export function validFsTypes(kernelTypes: Iterable<string>, fsTypes: readonly string[] | undefined): Set<string> {
  const lower = (xs: Iterable<string>) => new Set(Array.from(xs, (x) => x.toLowerCase()));
  if (fsTypes !== undefined && fsTypes[0] !== '!') return lower(fsTypes);
  const valid = lower(kernelTypes);
  for (const t of fsTypes === undefined ? LIBSTATGRAB_EXCLUDED : fsTypes.slice(1)) valid.delete(t.toLowerCase());
  return valid;
}

/** Before statfs: is this mount one the filter may report? (`real` also needs blocks, checked after statfs.) */
export function mountWanted(filter: FsFilter, includeRemote: boolean, deviceType: FsDeviceType, fsType: string, valid: Set<string> | undefined): boolean {
  if (filter === 'all') return true;
  if (filter === 'libstatgrab') return valid?.has(fsType.toLowerCase()) ?? false;
  return deviceType === 'regular' || (includeRemote && deviceType === 'remote');
}

/** libstatgrab's device_canonical: a device path with its symbolic links resolved (disk_stats.c:1038). */
export function canonical(device: string): string {
  if (!device.startsWith('/')) return device;
  try {
    return lstatSync(device).isSymbolicLink() ? realpathSync(device) : device;
  } catch {
    return device;
  }
}
