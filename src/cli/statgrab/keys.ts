import type { StatOptions } from '../../types/options.js';
import type { StatType } from './format.js';

/*
 * statgrab's stats: a name, a type, a value. Each toplevel (`cpu.`, `mem.`,
 * ...) has a Provider that turns one library reading into its stats; the
 * command keeps no other knowledge of them (providers/index.ts lists them).
 */

export interface StatItem {
  name: string;
  type: StatType;
  value: number | string | boolean;
}

/** What a provider is told when it reads. */
export interface ProviderContext {
  options: StatOptions | undefined;
  /** -o/-s: counters as differences since the previous reading (the first reading is absolute). */
  diffs: boolean;
  /** -p: CPU as percentages. */
  percent: boolean;
  /** -F: the filesystem list, undefined for statgrab's default. */
  filesystems: string | undefined;
  /** This provider's own memory between readings (the previous sample of -o/-s). */
  state: Map<string, unknown>;
  /** Say something on stderr without failing the toplevel (a mount left out because its statfs timed out). */
  warn(text: string): void;
}

export interface KeyHelp {
  /** A key or a pattern: `cpu.user`, `user.<tty>.login_name`. */
  key: string;
  help: string;
}

export interface Provider {
  /** The toplevel, with its dot: `cpu.`. */
  toplevel: string;
  /** The stats of one reading (fs. waits for statfs, with a timeout). @throws StatError when the library cannot read them. */
  populate(ctx: ProviderContext): StatItem[] | Promise<StatItem[]>;
  /** The keys, for --help. */
  keys: KeyHelp[];
}

/**
 * A stat name from its parts, as statgrab's add_stat builds it: parts
 * joined by `.`, each part's spaces and dots turned into `_` (so `/` stays:
 * `user.pts/0.tty`).
 */
export function statName(...parts: string[]): string {
  return parts.map((p) => p.replace(/[ .]/g, '_')).join('.');
}

/** strcmp order: bytewise on UTF-8. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Sort stats as statgrab's qsort does (glibc's merge sort: stable for equal names). */
export function sortStats(items: StatItem[]): StatItem[] {
  return items
    .map((item) => ({ item, key: Buffer.from(item.name, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.key, b.key))
    .map((x) => x.item);
}

/**
 * -o/-s for a counter reading: the first reading as it is, each later one as
 * its difference from the previous (libstatgrab's `_diff` getters), and the
 * time as statgrab prints it: time(NULL), or the seconds between the two.
 */
export function sinceLast<T extends { systime: number }>(ctx: ProviderContext, key: string, now: T, diff: (before: T, after: T) => T): { value: T; systime: number } {
  const before = ctx.diffs ? (ctx.state.get(key) as T | undefined) : undefined;
  if (ctx.diffs) ctx.state.set(key, now);
  if (before === undefined) return { value: now, systime: Math.floor(now.systime) };
  return { value: diff(before, now), systime: Math.floor(now.systime) - Math.floor(before.systime) };
}
