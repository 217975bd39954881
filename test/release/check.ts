/*
 * npm run release:check: the package as a user receives it. Packs the
 * tarball, lints it (publint, @arethetypeswrong/cli), installs it into
 * scratch projects in a temporary directory and uses it there: require,
 * import, tsc --strict, every installed command and man page (freecolor,
 * statgrab and saidar under both their names, sysgrab-exporter), an install
 * without optional dependencies, an install from git (its prepare script
 * builds it), and the README's FreeBSD recipe in a prefix that already holds
 * another freecolor, statgrab and saidar. Needs the npm registry (the package's
 * dependencies); .ci/run runs it after npm test.
 *
 * Not part of npm test (it installs from the registry and takes about a
 * minute and a half); the offline checks of the package (files, links,
 * changelog, README commands) are in test/cli/release-docs.test.ts.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readmeBlock } from './readme.js';

const ROOT = join(__dirname, '..', '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ATTW = join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
const work = mkdtempSync(join(tmpdir(), 'sysgrab-release-'));
let failures = 0;

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd: options.cwd ?? work, env: options.env ?? process.env, encoding: 'utf8', timeout: 300_000 });
}

function check(what: string, fn: () => string | undefined): void {
  const started = performance.now();
  let problem: string | undefined;
  try {
    problem = fn();
  } catch (err) {
    problem = (err as Error).stack ?? String(err);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (problem === undefined) console.log(`✔ ${what} (${seconds} s)`);
  else {
    failures++;
    console.log(`✖ ${what} (${seconds} s)\n${problem.replace(/^/gm, '    ')}`);
  }
}

function output(r: SpawnSyncReturns<string>): string {
  return `exit ${r.status}${r.signal ? ` (${r.signal})` : ''}\n${r.stdout}${r.stderr}`;
}

/** A scratch project with the tarball installed, with extra npm flags. */
function scratch(name: string, tarball: string, flags: string[] = []): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  const r = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...flags, tarball], { cwd: dir });
  if (r.status !== 0) throw new Error(`npm install ${flags.join(' ')} ${tarball}: ${output(r)}`);
  return dir;
}

// --- pack -------------------------------------------------------------------

let tarball = '';
let files: string[] = [];
check('npm pack', () => {
  const r = run('npm', ['pack', '--json', '--loglevel=error', '--pack-destination', work], { cwd: ROOT });
  if (r.status !== 0) return output(r);
  const [info] = JSON.parse(r.stdout) as { filename: string; files: { path: string }[]; size: number; unpackedSize: number }[];
  tarball = join(work, info!.filename);
  files = info!.files.map((f) => f.path);
  console.log(`  ${info!.filename}: ${files.length} files, ${info!.size} bytes packed, ${info!.unpackedSize} unpacked`);
  return undefined;
});
if (!tarball) process.exit(1);

check('the tarball carries what users need and nothing else', () => {
  // The commands and man pages are those package.json declares, no more.
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; man: string[] };
  const declared = new Set([...Object.values(pkg.bin), ...pkg.man.map((m) => m.replace(/^\.\//, ''))]);
  const allowed = { test: (f: string) => declared.has(f) || /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+\.(js|d\.ts))$/.test(f) };
  const stale = files.filter((f) => f.startsWith('dist/') && !existsSync(join(ROOT, f.replace(/^dist\//, 'src/').replace(/(\.d)?\.js$|\.d\.ts$/, '.ts'))));
  if (stale.length) return `built from no source in src/ (a stale dist/?): ${stale.join(', ')}`;
  const extra = files.filter((f) => !allowed.test(f));
  const needed = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts', ...declared];
  const missing = needed.filter((f) => !files.includes(f));
  if (extra.length || missing.length) return `not for users: ${extra.join(', ') || 'none'}\nmissing: ${missing.join(', ') || 'none'}`;
  return undefined;
});

check('publint (strict: warnings fail)', () => {
  // publint is ESM only; run it in a child so this script stays CommonJS.
  const script = `import { publint } from 'publint'; import { formatMessage } from 'publint/utils'; import { readFileSync } from 'node:fs';
const buf = readFileSync(${JSON.stringify(tarball)});
const { messages, pkg } = await publint({ pack: { tarball: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) }, level: 'suggestion', strict: true });
for (const m of messages) console.log(m.type + ': ' + formatMessage(m, pkg));
process.exit(messages.some((m) => m.type !== 'suggestion') ? 1 : 0);`;
  const r = run(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
  if (r.stdout.trim()) console.log(r.stdout.trimEnd().replace(/^/gm, '  '));
  return r.status === 0 ? undefined : output(r);
});

check('@arethetypeswrong/cli: types resolve for node10, node16 (CJS and ESM) and bundler', () => {
  const r = run(process.execPath, [ATTW, tarball, '--format', 'ascii', '--no-color']);
  return r.status === 0 ? undefined : output(r);
});

// --- install and use ------------------------------------------------------------

let app = '';
check('npm install <tarball> into a scratch project: no ffi-rs (an optional peer), koffi (optional) present', () => {
  app = scratch('app', tarball);
  if (existsSync(join(app, 'node_modules', 'ffi-rs'))) return 'ffi-rs was installed: it must be an optional peer dependency';
  if (!existsSync(join(app, 'node_modules', 'koffi'))) return 'koffi was not installed';
  return undefined;
});

const use = `const m = s.getMemStats(); const w = s.getSwapStats();
if (!(m.total > 0 && m.available <= m.total && w.total >= 0)) throw new Error('bad stats ' + JSON.stringify(m));
try { s.getMemStats({ procRoot: '/nonexistent' }); throw new Error('no error'); }
catch (e) { if (!(e instanceof s.StatError) || e.code !== 'OPEN' || JSON.parse(JSON.stringify(e)).code !== 'OPEN') throw e; }
console.log('ok');`;

check("require('sysgrab') in CommonJS", () => {
  const r = run(process.execPath, ['-e', `const s = require('sysgrab'); ${use}`], { cwd: app });
  return r.stdout === 'ok\n' ? undefined : output(r);
});

check("import from 'sysgrab' in an ES module", () => {
  const r = run(process.execPath, ['--input-type=module', '-e', `import * as s from 'sysgrab'; import { getMemStats, StatError } from 'sysgrab'; if (!getMemStats || !StatError) throw 1; ${use}`], {
    cwd: app,
  });
  return r.stdout === 'ok\n' ? undefined : output(r);
});

check('tsc --strict against the installed types (node16 CJS and ESM, bundler), without @types/node', () => {
  const body = `const mem: MemStats = getMemStats();
const pct: number = (mem.available / mem.total) * 100;
const swap: SwapStats = getSwapStats({ procRoot: '/proc' });
const names: string[] = (swap.devices ?? []).map((d) => d.name);
try { getMemStats(); } catch (err) { if (err instanceof StatError) { const c: StatErrorCode = err.code; const a: string = err.arg; const n: number | undefined = err.errno; void [c, a, n]; } }
// @ts-expect-error: no such field
void mem.nonsense;
void [pct, names];
`;
  const imports = `import { getMemStats, getSwapStats, StatError, type MemStats, type StatErrorCode, type SwapStats } from 'sysgrab';\n`;
  const dir = join(app, 'ts');
  mkdirSync(dir);
  writeFileSync(join(dir, 'use.cts'), imports + body);
  writeFileSync(join(dir, 'use.mts'), imports + body);
  const problems: string[] = [];
  for (const resolution of [
    { module: 'node16', moduleResolution: 'node16' },
    { module: 'esnext', moduleResolution: 'bundler' },
  ]) {
    const tsconfig = { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], target: 'es2022', lib: ['es2022'], ...resolution }, include: ['*.cts', '*.mts'] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const r = run(process.execPath, [TSC, '-p', dir], { cwd: dir });
    if (r.status !== 0) problems.push(`${resolution.moduleResolution}: ${output(r)}`);
  }
  return problems.length ? problems.join('\n') : undefined;
});

check('the installed freecolor and sysgrab-freecolor run, with their man pages', () => {
  const bin = join(app, 'node_modules', '.bin');
  const t = run(join(bin, 'freecolor'), ['-t']);
  if (t.status !== 0 || !/^Physical {2}: \[.*\nSwap {6}: \[.*\nTotal {5}: \[/.test(t.stdout)) return output(t);
  const v = run(join(bin, 'sysgrab-freecolor'), ['-V']);
  if (!/^sysgrab-freecolor version \d+\.\d+\.\d+ /.test(v.stdout)) return output(v);
  const bad = run(join(bin, 'freecolor'), ['-s', '-1']);
  if (bad.status !== 2 || !bad.stderr.startsWith("freecolor: -s needs a number of seconds greater than 0, not '-1'")) return output(bad);
  for (const page of ['freecolor.1', 'sysgrab-freecolor.1']) if (!existsSync(join(app, 'node_modules', 'sysgrab', 'man', page))) return `${page} not installed`;
  return undefined;
});

check('the installed statgrab, sysgrab-statgrab, saidar, sysgrab-saidar and sysgrab-exporter run, each naming itself, with their man pages', () => {
  const bin = join(app, 'node_modules', '.bin');
  for (const command of ['statgrab', 'sysgrab-statgrab']) {
    const r = run(join(bin, command), ['-u', 'const.0', 'mem.total']);
    if (r.status !== 0 || !/^0\n[1-9]\d*\n$/.test(r.stdout)) return `${command}:\n${output(r)}`;
    const bad = run(join(bin, command), ['-x']);
    if (bad.status !== 1 || !bad.stdout.startsWith(`Usage: ${command} [OPTION]... [STAT]...\n`)) return `${command} -x:\n${output(bad)}`;
  }
  for (const command of ['saidar', 'sysgrab-saidar']) {
    const v = run(join(bin, command), ['-v']);
    if (v.status !== 0 || !new RegExp(`^${command} \\(sysgrab\\) \\d+\\.\\d+\\.\\d+\n$`).test(v.stdout)) return `${command} -v:\n${output(v)}`;
    const bad = run(join(bin, command), ['-x']);
    if (bad.status !== 2 || !bad.stderr.startsWith(`${command}: unknown option '-x'\n\nUsage: ${command} `)) return `${command} -x:\n${output(bad)}`;
  }
  const exporter = run(join(bin, 'sysgrab-exporter'), ['--version']);
  if (exporter.status !== 0 || !/^sysgrab-exporter \d+\.\d+\.\d+\n$/.test(exporter.stdout)) return output(exporter);
  // Every page package.json declares, installed.
  const pkg = JSON.parse(readFileSync(join(app, 'node_modules', 'sysgrab', 'package.json'), 'utf8')) as { man: string[] };
  if (pkg.man.length !== 7) return `package.json declares ${pkg.man.length} man pages, not 7: ${pkg.man.join(', ')}`;
  for (const page of pkg.man) if (!existsSync(join(app, 'node_modules', 'sysgrab', page))) return `${page} not installed`;
  return undefined;
});

check('npm install --omit=optional: Linux works without koffi, FreeBSD says to install it', () => {
  const lean = scratch('lean', tarball, ['--omit=optional']);
  if (existsSync(join(lean, 'node_modules', 'koffi'))) return 'koffi installed despite --omit=optional';
  const r = run(
    process.execPath,
    [
      '-e',
      `const s = require('sysgrab'); if (!(s.getMemStats().total > 0)) throw 1;
try { s.getMemStats({ platform: 'freebsd' }); console.log('no error'); } catch (e) { console.log(e.code + ': ' + e.message); }`,
    ],
    { cwd: lean },
  );
  return /^LIBRARY: .*npm install koffi/.test(r.stdout) ? undefined : output(r);
});

check("npm install from git (the README's other way today; this clone's HEAD stands for GitHub)", () => {
  const head = run('git', ['rev-parse', 'HEAD'], { cwd: ROOT }).stdout.trim();
  if (!/^[0-9a-f]{40}$/.test(head)) return `no git HEAD here: ${head}`;
  // npm clones it, installs its devDependencies and runs the prepare script (the build).
  const dir = scratch('from-git', `git+file://${ROOT}#${head}`);
  const r = run(process.execPath, ['-e', `const s = require('sysgrab'); ${use}`], { cwd: dir });
  return r.stdout === 'ok\n' ? undefined : output(r);
});

// --- FreeBSD: beside pkg's freecolor ---------------------------------------------

check("the README's FreeBSD recipe, in a prefix that already holds a freecolor, a statgrab and a saidar and their man pages", () => {
  // <prefix> stands for /usr/local, where pkg installed bin/freecolor (freecolor) and bin/statgrab, bin/saidar (libstatgrab).
  const prefix = join(work, 'usr-local');
  mkdirSync(join(prefix, 'bin'), { recursive: true });
  mkdirSync(join(prefix, 'share', 'man', 'man1'), { recursive: true });
  const PKG_COMMANDS = ['freecolor', 'statgrab', 'saidar'];
  const theirsOf = (command: string) => `#!/bin/sh\necho "${command} from pkg"\n`;
  for (const command of PKG_COMMANDS) {
    writeFileSync(join(prefix, 'bin', command), theirsOf(command));
    chmodSync(join(prefix, 'bin', command), 0o755);
    writeFileSync(join(prefix, 'share', 'man', 'man1', `${command}.1`), `.TH ${command.toUpperCase()} 1\n.SH NAME\n${command} \\- the original\n`);
  }
  const env = { ...process.env, npm_config_loglevel: 'error', npm_config_audit: 'false', npm_config_fund: 'false' };

  // The stumbling point the README explains: a plain global install stops with EEXIST.
  const plain = run('npm', ['install', '-g', '--prefix', prefix, tarball], { env });
  if (plain.status === 0 || !/EEXIST/.test(plain.stdout + plain.stderr)) return `a plain npm install -g did not stop with EEXIST:\n${output(plain)}`;
  for (const command of PKG_COMMANDS) if (readFileSync(join(prefix, 'bin', command), 'utf8') !== theirsOf(command)) return `the plain install touched pkg's ${command}`;

  // The README's commands, with /usr/local made <prefix> and the package name the tarball.
  const commands = readmeBlock(readFileSync(join(ROOT, 'README.md'), 'utf8'), 'freebsd-beside-pkg')
    .split('\n')
    .filter((l) => /^(npm|ln) /.test(l))
    .map((l) =>
      l
        .replace(/#.*$/, '')
        .trim()
        .replaceAll('/usr/local', prefix)
        .replace(/ sysgrab$/, ` ${tarball}`),
    );
  if (commands.length < 3) return `expected npm install and ln lines in the README block, got:\n${commands.join('\n')}`;
  for (const line of commands) {
    const [cmd, ...args] = line.split(/\s+/);
    const r = run(cmd!, args, { env });
    if (r.status !== 0) return `${line}\n${output(r)}`;
  }
  for (const command of PKG_COMMANDS) {
    const pkgs = run(join(prefix, 'bin', command), []);
    if (pkgs.stdout !== `${command} from pkg\n`) return `${command} is no longer pkg's:\n${output(pkgs)}`;
  }
  const ours = run(join(prefix, 'bin', 'sysgrab-freecolor'), ['-t']);
  if (ours.status !== 0 || !ours.stdout.startsWith('Physical  : [')) return `sysgrab-freecolor:\n${output(ours)}`;
  const ourStatgrab = run(join(prefix, 'bin', 'sysgrab-statgrab'), ['-u', 'const.0']);
  if (ourStatgrab.status !== 0 || ourStatgrab.stdout !== '0\n') return `sysgrab-statgrab:\n${output(ourStatgrab)}`;
  const statgrabUsage = run(join(prefix, 'bin', 'sysgrab-statgrab'), ['-x']);
  if (!statgrabUsage.stdout.startsWith('Usage: sysgrab-statgrab ')) return `sysgrab-statgrab -x:\n${output(statgrabUsage)}`;
  const ourSaidar = run(join(prefix, 'bin', 'sysgrab-saidar'), ['-v']);
  if (ourSaidar.status !== 0 || !ourSaidar.stdout.startsWith('sysgrab-saidar (sysgrab) ')) return `sysgrab-saidar:\n${output(ourSaidar)}`;
  // Choosing sysgrab's as `freecolor`, `statgrab` and `saidar`: its bin first on the PATH.
  const path = `${join(prefix, 'sysgrab', 'bin')}:${join(prefix, 'bin')}:${process.env.PATH}`;
  const chosen = run('sh', ['-c', 'freecolor -V; statgrab --help | head -n 1; saidar -v'], { env: { ...process.env, PATH: path } });
  if (!/^freecolor version .*\(sysgrab;.*\nUsage: statgrab \[OPTION\]\.\.\. \[STAT\]\.\.\.\nsaidar \(sysgrab\) /.test(chosen.stdout)) return `PATH order did not choose sysgrab's:\n${output(chosen)}`;
  const manEnv = { ...process.env, MANPAGER: 'cat', PAGER: 'cat', MANWIDTH: '80' };
  for (const command of PKG_COMMANDS) {
    const man = run('man', ['-M', join(prefix, 'share', 'man'), `sysgrab-${command}`], { env: manEnv });
    if (man.status !== 0 || !new RegExp(`^SYSGRAB-${command.toUpperCase()}\\(1\\)`).test(man.stdout)) return `man sysgrab-${command}:\n${output(man)}`;
    const theirMan = run('man', ['-M', join(prefix, 'share', 'man'), command], { env: manEnv });
    if (!/the original/.test(theirMan.stdout)) return `pkg's ${command} man page changed:\n${output(theirMan)}`;
  }
  return undefined;
});

rmSync(work, { recursive: true, force: true });
console.log(failures === 0 ? 'release:check: all passed' : `release:check: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
