import { diffPageStats, getPageStats } from '../../../index.js';
import { type Provider, sinceLast } from '../keys.js';

/* page. (statgrab.c populate_page): libstatgrab's values, diffed with -o/-s. */

export const pageProvider: Provider = {
  toplevel: 'page.',
  populate: (ctx) => {
    const { value: p, systime } = sinceLast(ctx, 'page', getPageStats(ctx.options), diffPageStats);
    return [
      { name: 'page.in', type: 'ull', value: p.pagesPagein },
      { name: 'page.out', type: 'ull', value: p.pagesPageout },
      { name: 'page.systime', type: 'time', value: systime },
    ];
  },
  keys: [
    { key: 'page.in', help: 'Linux: KiB read from block devices (pgpgin); FreeBSD: pages swapped in' },
    { key: 'page.out', help: 'Linux: KiB written to block devices (pgpgout); FreeBSD: pages swapped out' },
    { key: 'page.systime', help: 'time of the reading (-o/-s: seconds between readings)' },
  ],
};
