import { StatError } from '../errors.js';
import type { SwapDevice, SwapStats } from '../types/swap.js';
import { decodePageFile, type PageFile, win32Error } from './abi.js';
import type { Kernel32Api, PsapiApi } from './libs.js';

/*
 * Windows swap: the page files, as EnumPageFilesW lists them. Not
 * ullTotalPageFile (the commit limit: RAM plus page files) nor CommitLimit −
 * PhysicalTotal (the kernel keeps part of RAM out of the commit limit):
 * neither is the page files' size.
 */

/** The kernel names page files as NT paths (`\??\C:\pagefile.sys`); show the Win32 path. */
export function pageFileName(name: string): string {
  return name.startsWith('\\??\\') ? name.slice(4) : name;
}

export function swapStatsFromPageFiles(files: readonly PageFile[], pageSize: number): SwapStats {
  const devices: SwapDevice[] = files.map((f) => {
    const total = f.totalSize * pageSize;
    return { name: pageFileName(f.name), total, used: Math.min(f.totalInUse * pageSize, total) };
  });
  const total = devices.reduce((t, d) => t + d.total, 0);
  const used = devices.reduce((t, d) => t + d.used, 0);
  return { total, used, free: total - used, devices };
}

/** @throws StatError `NATIVE` with GetLastError()'s code, `PARSE` for a callback given no data. */
export function readPageFiles(p: PsapiApi, k: Kernel32Api): PageFile[] {
  const files: PageFile[] = [];
  let broken: StatError | undefined;
  // Nothing may throw inside the callback (C is on the stack): keep the first problem for after.
  const ok = p.enumPageFiles((info, name) => {
    if (broken) return;
    if (info === null || name === null) broken = new StatError('PARSE', 'EnumPageFilesW', 'EnumPageFilesW() called back without the page file information or its name');
    else {
      try {
        files.push(decodePageFile(info, name));
      } catch (err) {
        broken = err instanceof StatError ? err : new StatError('PARSE', 'EnumPageFilesW', String(err));
      }
    }
  });
  if (ok === 0) throw win32Error('EnumPageFilesW', k.getLastError(), 'cannot list the page files');
  if (broken) throw broken;
  return files;
}
