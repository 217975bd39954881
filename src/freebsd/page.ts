import type { Sysctl } from '../bsd/sysctl.js';
import { required } from './mem.js';
import type { PageStats } from '../types/page.js';

/*
 * FreeBSD paging: pages swapped in and out (vm.stats.vm.v_swappgsin,
 * v_swappgsout; u64 since 12, u32 before). libstatgrab's page.in/out are
 * these, so pagesPagein equals swapIn here.
 */

export function readPage(s: Sysctl, systime: number): PageStats {
  const swapIn = required(s.number('vm.stats.vm.v_swappgsin'), 'vm.stats.vm.v_swappgsin');
  const swapOut = required(s.number('vm.stats.vm.v_swappgsout'), 'vm.stats.vm.v_swappgsout');
  return { pagesPagein: swapIn, pagesPageout: swapOut, swapIn, swapOut, systime };
}
