import { diffPageStats, getPageStats } from '../../../index.js';
import type { PageStats } from '../../../types/page.js';
import type { Provider } from '../keys.js';

/* page. (statgrab.c populate_page): libstatgrab's values, diffed with -o/-s. */

const PREVIOUS = 'page';

export const pageProvider: Provider = {
  toplevel: 'page.',
  populate: (ctx) => {
    const now = getPageStats(ctx.options);
    const before = ctx.diffs ? (ctx.state.get(PREVIOUS) as PageStats | undefined) : undefined;
    if (ctx.diffs) ctx.state.set(PREVIOUS, now);
    const p = before === undefined ? now : diffPageStats(before, now);
    const systime = before === undefined ? Math.floor(now.systime) : Math.floor(now.systime) - Math.floor(before.systime);
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
