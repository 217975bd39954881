import type { Display } from './render.js';

/*
 * statgrab's command line, as its getopt("lbmrR:unsot:pf:F:KMG") reads it
 * (glibc: options may follow STATs; `--` ends them; clustered flags
 * `-bp`; an option's value attached `-t5` or next `-t 5`), plus sysgrab's
 * `-j` (JSON), `--count N` (stop after N prints of -s) and `--help`.
 */

export type Repeat = 'none' | 'once' | 'forever';

export interface StatgrabConfig {
  display: Display;
  graphitePrefix: string | undefined;
  repeat: Repeat;
  /** -t: seconds between readings (atoi; negative counts as 0). */
  delay: number;
  percent: boolean;
  /** -f (atol); 0 = %f. */
  floatFactor: number;
  /** -F's list (part 2's fs.). */
  filesystems: string | undefined;
  /** -K 10, -M 20, -G 30. */
  bytesShift: number;
  /** --count: prints of -s before stopping (undefined: forever). */
  count: number | undefined;
  help: boolean;
  stats: string[];
}

/** A command line statgrab rejects with its usage text (stdout, exit 1). */
export class StatgrabUsage extends Error {}

/** C's atoi/atol: optional blanks and sign, then digits; anything else ends the number (0 if none). */
export function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

const FLAGS = 'lbmrunsopKMGj';
const WITH_VALUE = 'RtfF';

export function parseStatgrabArgs(argv: readonly string[]): StatgrabConfig {
  const c: StatgrabConfig = {
    display: 'linux',
    graphitePrefix: undefined,
    repeat: 'none',
    delay: 1,
    percent: false,
    floatFactor: 0,
    filesystems: undefined,
    bytesShift: 0,
    count: undefined,
    help: false,
    stats: [],
  };
  const value = (opt: string, v: string) => {
    switch (opt) {
      case 'R':
        c.display = 'graphite';
        c.graphitePrefix = v;
        break;
      case 't':
        c.delay = Math.max(0, atoi(v));
        break;
      case 'f':
        c.floatFactor = atoi(v);
        break;
      case 'F':
        c.filesystems = v;
        break;
    }
  };
  const flag = (opt: string) => {
    switch (opt) {
      case 'l':
        c.display = 'linux';
        break;
      case 'b':
        c.display = 'bsd';
        break;
      case 'm':
        c.display = 'mrtg';
        break;
      case 'r':
        c.display = 'graphite';
        break;
      case 'u':
        c.display = 'plain';
        break;
      case 'j':
        c.display = 'json';
        break;
      case 'n':
        c.repeat = 'none';
        break;
      case 's':
        c.repeat = 'forever';
        break;
      case 'o':
        c.repeat = 'once';
        break;
      case 'p':
        c.percent = true;
        break;
      case 'K':
        c.bytesShift = 10;
        break;
      case 'M':
        c.bytesShift = 20;
        break;
      case 'G':
        c.bytesShift = 30;
        break;
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      c.stats.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--help') {
      c.help = true;
      continue;
    }
    if (a === '--count' || a.startsWith('--count=')) {
      const v = a === '--count' ? argv[++i] : a.slice('--count='.length);
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1) throw new StatgrabUsage('--count needs a positive number');
      c.count = Number(v);
      continue;
    }
    if (a.startsWith('--')) throw new StatgrabUsage(`unknown option ${a}`);
    if (a.length < 2 || a[0] !== '-') {
      c.stats.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const opt = a[j]!;
      if (FLAGS.includes(opt)) flag(opt);
      else if (WITH_VALUE.includes(opt)) {
        const rest = a.slice(j + 1);
        const v = rest !== '' ? rest : argv[++i];
        if (v === undefined) throw new StatgrabUsage(`option -${opt} needs a value`);
        value(opt, v);
        break;
      } else throw new StatgrabUsage(`unknown option -${opt}`);
    }
  }
  return c;
}
