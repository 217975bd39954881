/** Load averages (libstatgrab's sg_load_stats): runnable threads averaged over 1, 5 and 15 minutes. */
export interface LoadStats {
  min1: number;
  min5: number;
  min15: number;
}
