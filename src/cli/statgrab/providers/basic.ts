import { getLoadStats, getMemStats, getSwapStats } from '../../../index.js';
import type { Provider } from '../keys.js';

/* const., mem., load., swap.: one reading each, never diffed (statgrab.c populate_const/mem/load/swap). */

export const constProvider: Provider = {
  toplevel: 'const.',
  populate: () => [{ name: 'const.0', type: 'int', value: 0 }],
  keys: [{ key: 'const.0', help: 'always 0 (for MRTG)' }],
};

export const memProvider: Provider = {
  toplevel: 'mem.',
  populate: (ctx) => {
    const m = getMemStats(ctx.options);
    return [
      { name: 'mem.total', type: 'bytes', value: m.total },
      { name: 'mem.free', type: 'bytes', value: m.free },
      { name: 'mem.used', type: 'bytes', value: m.used },
      { name: 'mem.cache', type: 'bytes', value: m.cache },
    ];
  },
  keys: [
    { key: 'mem.total', help: 'physical memory, bytes' },
    { key: 'mem.free', help: 'not holding live data, cache included, bytes' },
    { key: 'mem.used', help: 'total - free, bytes' },
    { key: 'mem.cache', help: 'page cache (Linux Cached; FreeBSD cache queue), bytes' },
  ],
};

export const loadProvider: Provider = {
  toplevel: 'load.',
  populate: (ctx) => {
    const l = getLoadStats(ctx.options);
    return [
      { name: 'load.min1', type: 'double', value: l.min1 },
      { name: 'load.min5', type: 'double', value: l.min5 },
      { name: 'load.min15', type: 'double', value: l.min15 },
    ];
  },
  keys: [
    { key: 'load.min1', help: 'load average, 1 minute' },
    { key: 'load.min5', help: 'load average, 5 minutes' },
    { key: 'load.min15', help: 'load average, 15 minutes' },
  ],
};

export const swapProvider: Provider = {
  toplevel: 'swap.',
  populate: (ctx) => {
    const s = getSwapStats(ctx.options);
    return [
      { name: 'swap.total', type: 'bytes', value: s.total },
      { name: 'swap.used', type: 'bytes', value: s.used },
      { name: 'swap.free', type: 'bytes', value: s.free },
    ];
  },
  keys: [
    { key: 'swap.total', help: 'swap space, bytes' },
    { key: 'swap.used', help: 'bytes' },
    { key: 'swap.free', help: 'bytes' },
  ],
};
