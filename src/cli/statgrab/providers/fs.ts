import { getFsStatsAsync } from '../../../index.js';
import { DEFAULT_FS_LIST, fsListOf } from '../../common/fslist.js';
import { type Provider, type StatItem, statName } from '../keys.js';

/*
 * fs. (statgrab.c populate_fs): every mount on libstatgrab's valid list
 * (the kernel's types less -F's, by default less nfs, nfs3, nfs4, cifs,
 * smbfs, samba, autofs), in mount-table order, never diffed. A mount of the
 * same device twice gives the same keys twice, as statgrab prints them.
 *
 * One difference, on purpose: statgrab calls statvfs on each mount and
 * waits, for ever if a network server is gone; here each statfs has
 * FS_TIMEOUT_MS, and a mount that does not answer is left out with a line
 * on stderr (statgrab leaves out a mount whose statvfs fails, silently).
 */

/** How long one mount's statfs may take before it is left out. */
export const FS_TIMEOUT_MS = 2000;

/**
 * The name part of a file system's keys, from its device name as statgrab
 * builds it: `/` is `root`, a drive `C:` is `C`, `/dev/` is dropped and
 * every other `/` becomes `_` (then statName turns spaces and dots into `_`).
 */
export function fsKeyName(deviceName: string): string {
  let name = deviceName === '/' ? 'root' : deviceName;
  // strlen(name) == 2 && name[1] == ':' counts bytes.
  if (Buffer.byteLength(name) === 2 && name[1] === ':') name = name.slice(0, 1);
  if (name.startsWith('/dev/')) name = name.slice(5);
  return name.replaceAll('/', '_');
}

export const fsProvider: Provider = {
  toplevel: 'fs.',
  populate: async (ctx) => {
    const { filesystems, problems } = await getFsStatsAsync({
      ...ctx.options,
      filter: 'libstatgrab',
      fsTypes: fsListOf(ctx.filesystems ?? DEFAULT_FS_LIST),
      timeoutMs: FS_TIMEOUT_MS,
    });
    for (const p of problems) {
      const why =
        p.problem === 'ERROR' ? `statfs failed (errno ${p.errno ?? '?'})` : p.problem === 'TIMEOUT' ? `statfs did not answer within ${FS_TIMEOUT_MS} ms` : 'an earlier statfs is still waiting';
      ctx.warn(`${p.mntPoint} (${p.fsType} from ${p.deviceName}) left out: ${why}`);
    }
    const items: StatItem[] = [];
    for (const f of filesystems) {
      const k = (key: string) => statName('fs', fsKeyName(f.deviceName), key);
      items.push(
        { name: k('device_name'), type: 'string', value: f.deviceName },
        { name: k('device_canonical'), type: 'string', value: f.deviceCanonical },
        { name: k('fs_type'), type: 'string', value: f.fsType },
        { name: k('mnt_point'), type: 'string', value: f.mntPoint },
        { name: k('size'), type: 'bytes', value: f.size },
        { name: k('used'), type: 'bytes', value: f.used },
        { name: k('avail'), type: 'bytes', value: f.avail },
        { name: k('total_inodes'), type: 'ull', value: f.totalInodes },
        { name: k('used_inodes'), type: 'ull', value: f.usedInodes },
        { name: k('free_inodes'), type: 'ull', value: f.freeInodes },
        { name: k('avail_inodes'), type: 'ull', value: f.availInodes },
        { name: k('io_size'), type: 'bytes', value: f.ioSize },
        { name: k('block_size'), type: 'bytes', value: f.blockSize },
        { name: k('total_blocks'), type: 'ull', value: f.totalBlocks },
        { name: k('free_blocks'), type: 'ull', value: f.freeBlocks },
        { name: k('avail_blocks'), type: 'ull', value: f.availBlocks },
        { name: k('used_blocks'), type: 'ull', value: f.usedBlocks },
      );
    }
    return items;
  },
  keys: [
    { key: 'fs.<dev>.device_name', help: 'what is mounted; <dev> is it without /dev/, / as _ (/ itself: root)' },
    { key: 'fs.<dev>.device_canonical', help: 'device_name with symbolic links resolved' },
    { key: 'fs.<dev>.fs_type', help: 'ext4, xfs, zfs, tmpfs, ...' },
    { key: 'fs.<dev>.mnt_point', help: 'where it is mounted' },
    { key: 'fs.<dev>.size', help: 'bytes (block_size x total_blocks)' },
    { key: 'fs.<dev>.used', help: 'bytes in use (size - free)' },
    { key: 'fs.<dev>.avail', help: 'bytes free for unprivileged users' },
    { key: 'fs.<dev>.total_inodes', help: 'inodes' },
    { key: 'fs.<dev>.used_inodes', help: 'inodes in use' },
    { key: 'fs.<dev>.free_inodes', help: 'inodes free' },
    { key: 'fs.<dev>.avail_inodes', help: 'inodes free for unprivileged users' },
    { key: 'fs.<dev>.io_size', help: 'preferred I/O size, bytes' },
    { key: 'fs.<dev>.block_size', help: 'unit of the block counts, bytes' },
    { key: 'fs.<dev>.total_blocks', help: 'blocks' },
    { key: 'fs.<dev>.free_blocks', help: 'blocks free' },
    { key: 'fs.<dev>.avail_blocks', help: 'blocks free for unprivileged users' },
    { key: 'fs.<dev>.used_blocks', help: 'blocks in use' },
  ],
};
