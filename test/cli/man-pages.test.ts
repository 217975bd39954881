import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { usage as saidarUsage } from '../../src/cli/saidar/args.js';
import { type Command, usageText as statgrabUsage } from '../../src/cli/statgrab/main.js';
import { PROVIDERS } from '../../src/cli/statgrab/providers/index.js';
import { COLLECTORS } from '../../src/export/collectors.js';
import { USAGE as EXPORTER_USAGE } from '../../src/export/exporter/args.js';
import { cleanEnv, ROOT } from '../support/helpers.js';

/*
 * The man pages of statgrab, saidar and sysgrab-exporter (freecolor's are
 * checked in freecolor.test.ts), their twins under the second names, and
 * the second-name commands themselves: sysgrab-statgrab and sysgrab-saidar,
 * to sit beside libstatgrab's statgrab and saidar (FreeBSD's pkg).
 */

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; man: string[] };
const read = (name: string) => readFileSync(join(ROOT, 'man', name), 'utf8');
/** How a flag is written in roff: every `-` escaped. */
const roff = (text: string) => text.replace(/-/g, '\\-');

/** The source of a section: from `.SH TITLE` to the next `.SH`. */
function section(page: string, title: string): string {
  const start = page.indexOf(`\n.SH ${title}\n`);
  assert.ok(start >= 0, `a ${title} section`);
  const end = page.indexOf('\n.SH ', start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

/** The environment variables sysgrab reads: those of src/options.ts' readEnvironment. */
const VARIABLES = [...readFileSync(join(ROOT, 'src', 'options.ts'), 'utf8').matchAll(/get\('([A-Z_0-9]+)'\)/g)].map((m) => m[1]!);

interface Page {
  file: string;
  /** The .TH title. */
  title: string;
  /** The twin under the second name, if the command has one. */
  twin?: { file: string; title: string };
  /** The usage text the command prints. */
  usage: string;
  /** The flags in it. */
  flags: RegExp;
}

const FLAG = /(?<![\w-])--?[a-zA-Z][\w-]*/g;
const PAGES: Page[] = [
  { file: 'statgrab.1', title: 'STATGRAB', twin: { file: 'sysgrab-statgrab.1', title: 'SYSGRAB-STATGRAB' }, usage: statgrabUsage(), flags: FLAG },
  { file: 'saidar.1', title: 'SAIDAR', twin: { file: 'sysgrab-saidar.1', title: 'SYSGRAB-SAIDAR' }, usage: saidarUsage(), flags: FLAG },
  // node_exporter's flags have dots: --web.listen-address, --collector.<name> (its part before the name).
  { file: 'sysgrab-exporter.1', title: 'SYSGRAB-EXPORTER', usage: EXPORTER_USAGE, flags: /(?<![\w-])--?[a-zA-Z][\w.-]*/g },
];

const hasMan = spawnSync('sh', ['-c', 'command -v man']).status === 0;

describe('the man pages of statgrab, saidar and sysgrab-exporter', () => {
  it('reads the environment variables from src/options.ts', () => {
    assert.ok(VARIABLES.includes('HOST_PROC') && VARIABLES.includes('SYSGRAB_PLATFORM') && VARIABLES.length >= 10, VARIABLES.join(' '));
  });
  for (const p of PAGES) {
    describe(`man/${p.file}`, () => {
      const page = read(p.file);
      it('documents every flag of the usage in a paragraph of its own under OPTIONS', () => {
        // The tag lines: what follows each .TP.
        const tags = [...section(page, 'OPTIONS').matchAll(/^\.TP\n(.*)$/gm)].map((m) => m[1]!);
        const flags = p.usage.match(p.flags)!;
        assert.ok(flags.length >= 5, flags.join(' '));
        for (const flag of flags) {
          const tagged = new RegExp(`(?<![\\w-])${roff(flag).replace(/[\\.]/g, '\\$&')}(?!\\w|\\\\-)`);
          assert.ok(
            tags.some((t) => tagged.test(t)),
            `${flag} tags a paragraph under OPTIONS in man/${p.file}`,
          );
        }
      });
      it('has NAME, SYNOPSIS, DESCRIPTION, OPTIONS, ENVIRONMENT, EXIT STATUS, SEE ALSO, and names every variable sysgrab reads', () => {
        assert.ok(page.startsWith(`.TH ${p.title} 1 `), page.slice(0, 80));
        for (const title of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'ENVIRONMENT', 'EXIT STATUS', 'SEE ALSO']) section(page, title);
        const environment = section(page, 'ENVIRONMENT');
        for (const v of VARIABLES) assert.ok(environment.includes(v), `${v} under ENVIRONMENT in man/${p.file}`);
      });
      if (p.twin) {
        const twin = p.twin;
        it(`${twin.file} is ${p.file} under its own title, and NAME names both commands`, () => {
          const other = read(twin.file);
          assert.equal(other, page.replace(new RegExp(`^\\.TH ${p.title} 1`), `.TH ${twin.title} 1`));
          assert.notEqual(other, page);
          const name = section(page, 'NAME').split('\n')[2]!;
          assert.ok(name.startsWith(`${p.file.replace(/\.1$/, '')}, ${roff(twin.file.replace(/\.1$/, ''))} \\- `), name);
        });
      }
      it('renders with man --warnings: its header, no warnings', { skip: hasMan ? false : 'man is not installed (.ci/run installs man-db)' }, () => {
        for (const [file, title] of [[p.file, p.title], ...(p.twin ? [[p.twin.file, p.twin.title]] : [])] as [string, string][]) {
          const r = spawnSync('man', ['--warnings', '-l', join(ROOT, 'man', file)], { env: { ...process.env, MANWIDTH: '80', MANPAGER: 'cat', PAGER: 'cat' }, encoding: 'utf8' });
          assert.equal(r.status, 0, r.stderr);
          assert.match(r.stdout, new RegExp(`^${title}\\(1\\) +User Commands +${title}\\(1\\)\n`));
          assert.match(r.stdout, /\nEXIT STATUS\n/);
          assert.doesNotMatch(r.stdout, / , /);
          assert.equal(r.stderr, '', `warnings rendering man/${file}`);
        }
      });
    });
  }
  it('statgrab.1 lists every statistic of --help, and no other', () => {
    const statistics = section(read('statgrab.1'), 'STATISTICS');
    const keys = PROVIDERS.flatMap((p) => p.keys.map((k) => k.key));
    for (const key of keys) assert.ok(statistics.includes(`\n.B ${roff(key)}\n`), `${key} in man/statgrab.1`);
    assert.equal(statistics.match(/^\.B /gm)?.length, keys.length);
    for (const p of PROVIDERS) assert.ok(statistics.includes(`\n.SS ${p.toplevel}\n`), `a subsection for ${p.toplevel}`);
  });
  it('sysgrab-exporter.1 lists every collector, and no other', () => {
    const collectors = section(read('sysgrab-exporter.1'), 'COLLECTORS');
    for (const c of COLLECTORS) assert.ok(collectors.includes(`\n.B ${c.name}\n`), `${c.name} in man/sysgrab-exporter.1`);
    assert.equal(collectors.match(/^\.B /gm)?.length, COLLECTORS.length);
  });
  it('package.json installs every command and every page, each file present (launchers executable)', () => {
    assert.deepEqual(pkg.bin, {
      freecolor: 'bin/freecolor',
      saidar: 'bin/saidar',
      statgrab: 'bin/statgrab',
      'sysgrab-exporter': 'bin/sysgrab-exporter',
      'sysgrab-freecolor': 'bin/sysgrab-freecolor',
      'sysgrab-saidar': 'bin/sysgrab-saidar',
      'sysgrab-statgrab': 'bin/sysgrab-statgrab',
    });
    // A man page for every command.
    assert.deepEqual(
      pkg.man,
      Object.keys(pkg.bin).map((command) => `./man/${command}.1`),
    );
    for (const file of [...Object.values(pkg.bin), ...pkg.man]) accessSync(join(ROOT, file), constants.R_OK);
    for (const file of Object.values(pkg.bin)) accessSync(join(ROOT, file), constants.X_OK);
  });
});

/** Run bin/<command> with a clean environment; stdin and stdout are pipes. */
function run(command: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(ROOT, 'bin', command), ...args], { env: cleanEnv(env), encoding: 'utf8', timeout: 20000 });
}

describe('the second names: sysgrab-statgrab and sysgrab-saidar', () => {
  for (const command of ['statgrab', 'sysgrab-statgrab'] as Command[]) {
    it(`${command} runs, and names itself in its usage and its errors`, () => {
      const ok = run(command, ['-u', 'const.0']);
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(ok.stdout, '0\n');
      // statgrab prints its usage on stdout and exits 1 for a bad option.
      const bad = run(command, ['-x']);
      assert.equal(bad.status, 1);
      assert.equal(bad.stderr, '');
      assert.equal(bad.stdout, statgrabUsage(command));
      assert.ok(bad.stdout.startsWith(`Usage: ${command} [OPTION]... [STAT]...\n`), bad.stdout);
      const help = run(command, ['--help']);
      assert.equal(help.status, 0);
      assert.ok(help.stdout.startsWith(`Usage: ${command} [OPTION]...`), help.stdout);
      assert.match(help.stdout, /\nStatistics:\n {2}const\.0 /);
      const unreadable = run(command, ['cpu.idle'], { HOST_PROC: '/nonexistent/proc', SYSGRAB_PLATFORM: 'linux' });
      assert.equal(unreadable.status, 1);
      assert.ok(unreadable.stderr.startsWith(`${command}: HOST_PROC=/nonexistent/proc: cannot read /nonexistent/proc/stat`), unreadable.stderr);
    });
  }
  for (const [command, statgrab] of [
    ['saidar', 'statgrab'],
    ['sysgrab-saidar', 'sysgrab-statgrab'],
  ] as const) {
    it(`${command} runs, and names itself in its usage, its errors and its version`, () => {
      const bad = run(command, ['-x']);
      assert.equal(bad.status, 2);
      assert.equal(bad.stdout, '');
      assert.equal(bad.stderr, `${command}: unknown option '-x'\n\n${saidarUsage(command)}`);
      assert.ok(saidarUsage(command).startsWith(`Usage: ${command} [-d delay]`));
      const help = run(command, ['-h']);
      assert.equal(help.status, 0);
      assert.equal(help.stdout, saidarUsage(command));
      const version = run(command, ['-v']);
      assert.equal(version.status, 0);
      assert.equal(version.stdout, `${command} (sysgrab) ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
      // On pipes it refuses, pointing at the report command of the same name family.
      const piped = run(command, []);
      assert.equal(piped.status, 1);
      assert.equal(piped.stderr, `${command}: needs a terminal on standard input and output (for a report, use ${statgrab})\n`);
    });
  }
});
