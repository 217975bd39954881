import { constants } from 'node:os';
import type { Sysctl } from '../bsd/sysctl.js';
import { describeErrno, StatError } from '../errors.js';
import type { JailMemStats } from '../types/container.js';

/*
 * FreeBSD jails: security.jail.jailed, and a jail's RACCT usage and RCTL
 * limits (sys/kern/kern_rctl.c, usr.bin/rctl/rctl.c).
 *
 * - The kernel checks RACCT first (ENOSYS when kern.racct.enable=0, or in a
 *   kernel without RCTL), then privilege: EPERM for anyone but root on the
 *   host, and always for a jailed process (prison_priv_check allows no
 *   PRIV_RCTL_*). Those two mean "the kernel will not say": the figures are
 *   undefined, not an error.
 * - rctl_get_racct("jail:NAME") gives `resource=amount,...` (memoryuse and
 *   swapuse in bytes); rctl_get_rules("jail:NAME") the jail's rules. The
 *   limit is the jail-wide `memoryuse:deny` rule (per-process `/process`
 *   rules and log/signal actions are not the jail's limit).
 * - rctl_get_limits() answers only for a process subject (EOPNOTSUPP for a
 *   jail), listing every rule linked to it, its jail's included: the way a
 *   jailed process would ask, were it allowed.
 * - A jail subject is a *name*: `jail:3` is a jail named "3", for which the
 *   kernel creates an empty entry. A jid is resolved to its name first
 *   (libjail's jail_getname), and a name is checked to exist (jail_getid).
 *
 * The pure parts take strings; the calls come in through `RctlCalls`.
 */

/** The `resource=amount` pairs of rctl_get_racct's answer. */
export function parseRacct(text: string, what: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pair of text.split(',')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const amount = pair.slice(eq + 1);
    if (eq <= 0 || !/^-?\d+$/.test(amount)) throw new StatError('PARSE', what, `cannot parse the answer of ${what}: "${pair}" is not resource=amount`);
    out.set(pair.slice(0, eq), Number(amount));
  }
  return out;
}

/** One RCTL rule: `subject:id:resource:action=amount[/per]`. */
export interface Rule {
  subject: string;
  id: string;
  resource: string;
  action: string;
  amount: number;
  /** The subject the amount is per: the rule's own subject when not written. */
  per: string;
}

const RULE = /^([a-z]+):([^:]*):([a-z]+):([a-z0-9]+)=(\d+)(?:\/([a-z]+))?$/;

/** The rules of rctl_get_rules/rctl_get_limits' comma-separated answer. */
export function parseRules(text: string, what: string): Rule[] {
  const rules: Rule[] = [];
  for (const item of text.split(',')) {
    if (item === '') continue;
    const m = RULE.exec(item);
    if (m === null) throw new StatError('PARSE', what, `cannot parse the answer of ${what}: "${item}" is not an RCTL rule`);
    rules.push({ subject: m[1]!, id: m[2]!, resource: m[3]!, action: m[4]!, amount: Number(m[5]), per: m[6] ?? m[1]! });
  }
  return rules;
}

/** The smallest jail-wide `deny` rule of `resource` for the jail `name`. */
export function jailLimit(rules: readonly Rule[], name: string, resource: string): number | undefined {
  let limit: number | undefined;
  for (const r of rules) {
    if (r.subject === 'jail' && r.id === name && r.resource === resource && r.action === 'deny' && r.per === 'jail') {
      limit = limit === undefined ? r.amount : Math.min(limit, r.amount);
    }
  }
  return limit;
}

/** What RACCT/RCTL told about a jail; undefined figures where the kernel would not tell. */
export interface JailReadings {
  name?: string;
  usage?: Map<string, number>;
  rules?: Rule[];
}

/** JailMemStats from the readings and the host's available memory. */
export function jailStats(r: JailReadings, hostAvailable: number): JailMemStats {
  const stats: JailMemStats = { kind: 'jail', path: r.name, available: hostAvailable };
  const memoryuse = r.usage?.get('memoryuse');
  const limit = r.rules !== undefined && r.name !== undefined ? jailLimit(r.rules, r.name, 'memoryuse') : undefined;
  if (limit !== undefined) {
    stats.limit = limit;
    stats.limitPath = r.name;
  }
  if (memoryuse !== undefined) {
    stats.usage = memoryuse;
    stats.workingSet = memoryuse;
    if (limit !== undefined) stats.available = Math.max(0, Math.min(limit - memoryuse, hostAvailable));
    const swapuse = r.usage!.get('swapuse');
    if (swapuse !== undefined) {
      stats.swap = { usage: swapuse };
      const swapLimit = r.rules !== undefined ? jailLimit(r.rules, r.name!, 'swapuse') : undefined;
      if (swapLimit !== undefined) stats.swap.limit = swapLimit;
    }
  }
  return stats;
}

// --- the calls ------------------------------------------------------------------

/** The native calls, bound in libs.ts. Each returns 0 or -1 (errno from `errno()`). */
export interface RctlCalls {
  racct(filter: Buffer, out: Buffer): number;
  rules(filter: Buffer, out: Buffer): number;
  limits(filter: Buffer, out: Buffer): number;
  errno(): number;
}

export interface JailNames {
  /** jail_getid(name): the jid, or -1 (errno from `errno()`). */
  getid(name: string): number;
  /** jail_getname(jid), copied and freed: the name, or null (errno from `errno()`). */
  getname(jid: number): string | null;
  errno(): number;
}

const E = constants.errno;
const FIRST_OUT = 4096;
/** kern.racct.rctl.maxbufsize's default: the kernel refuses larger buffers (E2BIG). */
const MAX_OUT = 16 * 1024 * 1024;

/** "The kernel will not say": RACCT off or absent (ENOSYS), not permitted (EPERM). */
class Refused extends Error {}

/**
 * One rctl call with rctl(8)'s buffer loop: ERANGE means "larger", 4× each time.
 * @throws Refused for ENOSYS and EPERM; StatError `SYSCTL` for any other errno.
 */
function rctlCall(call: (filter: Buffer, out: Buffer) => number, errno: () => number, name: string, filter: string): string {
  const input = Buffer.from(`${filter}\0`, 'utf8');
  for (let size = FIRST_OUT; size <= MAX_OUT; size *= 4) {
    const out = Buffer.alloc(size);
    if (call(input, out) === 0) {
      const end = out.indexOf(0);
      return out.toString('utf8', 0, end < 0 ? out.length : end);
    }
    const err = errno();
    if (err === E.ERANGE) continue;
    if (err === E.ENOSYS || err === E.EPERM) throw new Refused();
    throw new StatError('SYSCTL', `${name}("${filter}")`, `${name}("${filter}") failed: ${describeErrno(err)}`, err);
  }
  throw new StatError('SYSCTL', `${name}("${filter}")`, `${name}("${filter}") answers more than ${MAX_OUT / 1048576} MiB`);
}

/**
 * The jail the `jail` option names: a number (or a string of digits) is a
 * jid, resolved to its name; a name is checked to exist.
 * @throws StatError `SYSCTL` naming the jail when there is no such jail.
 */
export function jailName(option: string | number, names: JailNames): string {
  const text = String(option);
  if (/^\d+$/.test(text)) {
    const name = names.getname(Number(text));
    if (name === null) throw noJail(`jid ${text}`, names.errno());
    return name;
  }
  if (text === '' || text.includes(':') || text.includes(',')) {
    throw new StatError('SYSCTL', text, `"${text}" cannot be a jail name: give the jail's name or jid`);
  }
  if (names.getid(text) < 0) throw noJail(`"${text}"`, names.errno());
  return text;
}

function noJail(what: string, errno: number): StatError {
  const why = errno === E.ENOENT ? 'there is no such jail on this host' : describeErrno(errno);
  return new StatError('SYSCTL', what, `cannot find jail ${what}: ${why}`, errno);
}

/**
 * What the kernel tells about the jail `name` (host side), or about this
 * process's own jail (`name` undefined: from inside, via rctl_get_limits).
 */
export function readJail(calls: RctlCalls, name: string | undefined, pid: number): JailReadings {
  const r: JailReadings = { name };
  try {
    if (name === undefined) {
      // Inside a jail: the rules linked to this process name its jail.
      const rules = parseRules(rctlCall(calls.limits, calls.errno, 'rctl_get_limits', `process:${pid}`), 'rctl_get_limits');
      r.name = rules.find((x) => x.subject === 'jail')?.id;
      r.rules = rules;
      if (r.name === undefined) return r;
    } else {
      r.rules = parseRules(rctlCall(calls.rules, calls.errno, 'rctl_get_rules', `jail:${name}`), 'rctl_get_rules');
    }
    r.usage = parseRacct(rctlCall(calls.racct, calls.errno, 'rctl_get_racct', `jail:${r.name}`), 'rctl_get_racct');
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
  }
  return r;
}

/** security.jail.jailed: 1 in a jail (absent counts as not jailed). */
export function isJailed(s: Sysctl): boolean {
  return s.number('security.jail.jailed') === 1;
}
