import type { Provider, StatItem } from './keys.js';

/*
 * Which toplevels to read, and which stats to print in which order, as
 * statgrab.c's select_interesting() and print_stats() decide.
 */

/** Providers to read: all without STAT arguments, else those whose toplevel begins some argument. */
export function interesting(args: readonly string[], providers: readonly Provider[]): Provider[] {
  if (args.length === 0) return [...providers];
  return providers.filter((p) => args.some((a) => a.startsWith(p.toplevel)));
}

/** What print_stats emits, in order: a stat to print, or an argument nothing matched. */
export type Emit = { item: StatItem } | { unknown: string };

/**
 * The stats to print for `args`, from the sorted `items`: all of them
 * without arguments; else, argument by argument, those it names: an
 * argument ending in `.` is a prefix, any other an exact name. An argument
 * that matches nothing is reported as unknown (statgrab: "Unknown stat").
 */
export function selectStats(items: readonly StatItem[], args: readonly string[]): Emit[] {
  if (args.length === 0) return items.map((item) => ({ item }));
  const out: Emit[] = [];
  for (const arg of args) {
    const prefix = arg.endsWith('.');
    const matched = items.filter((i) => (prefix ? i.name.startsWith(arg) : i.name === arg));
    if (matched.length === 0) out.push({ unknown: arg });
    else for (const item of matched) out.push({ item });
  }
  return out;
}
