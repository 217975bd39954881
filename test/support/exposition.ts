/*
 * A small reader of the Prometheus text format 0.0.4 and of OpenMetrics 1.0,
 * for comparing expositions (sysgrab's, node_exporter's) family by family.
 * Values are compared as the doubles they denote: Go prints 2.5276063744e+10
 * where JavaScript prints 25276063744.
 */

export interface ParsedFamily {
  name: string;
  help: string | undefined;
  type: string | undefined;
  /** Sample key (`name{a="x",b="y"}` with labels sorted) → value. */
  samples: Map<string, number>;
}

export interface Exposition {
  families: Map<string, ParsedFamily>;
  /** OpenMetrics only: whether `# EOF` ended it. */
  eof: boolean;
}

function unescapeText(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseLabels(text: string): [string, string][] {
  const out: [string, string][] = [];
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(text)) !== null) {
    out.push([m[1]!, unescapeText(m[2]!)]);
    last = re.lastIndex;
  }
  if (text.slice(last).trim() !== '') throw new Error(`bad labels: {${text}}`);
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function sampleKey(name: string, labels: [string, string][] | Record<string, string> = []): string {
  const list = Array.isArray(labels) ? labels : Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  return list.length === 0 ? name : `${name}{${list.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

function parseValue(v: string): number {
  if (v === 'NaN' || v === 'Nan') return Number.NaN;
  if (v === '+Inf') return Number.POSITIVE_INFINITY;
  if (v === '-Inf') return Number.NEGATIVE_INFINITY;
  const n = Number(v);
  if (v.trim() === '' || Number.isNaN(n)) throw new Error(`bad value: ${v}`);
  return n;
}

/** Parse an exposition; throws on a line it cannot read (which is itself a finding). */
export function parseExposition(text: string): Exposition {
  const families = new Map<string, ParsedFamily>();
  let eof = false;
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) {
      f = { name, help: undefined, type: undefined, samples: new Map() };
      families.set(name, f);
    }
    return f;
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (eof) throw new Error(`text after # EOF: ${line}`);
    if (line === '# EOF') {
      eof = true;
      continue;
    }
    const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
    if (meta) {
      const f = family(meta[2]!);
      if (meta[1] === 'HELP') f.help = unescapeText(meta[3] ?? '');
      else f.type = meta[3];
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \S+)?$/.exec(line);
    if (!m) throw new Error(`unreadable line: ${line}`);
    const name = m[1]!;
    // OpenMetrics: a counter family `x` has samples `x_total` (and `x_created`).
    const base = families.has(name) ? name : name.replace(/_(total|created)$/, '');
    const f = families.has(base) ? family(base) : family(name);
    f.samples.set(sampleKey(name, parseLabels(m[2] ?? '')), parseValue(m[3]!));
  }
  return { families, eof };
}

/** Families whose name matches, for comparisons limited to what both exporters have. */
export function familiesMatching(e: Exposition, re: RegExp): ParsedFamily[] {
  return [...e.families.values()].filter((f) => re.test(f.name));
}
