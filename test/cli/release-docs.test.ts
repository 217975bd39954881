import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { readmeBlock } from '../release/readme.js';
import { ROOT } from '../support/helpers.js';

/*
 * What a user reads and receives, checked offline: package.json's
 * metadata, the packed file list, README links and commands, the changelog.
 * `npm run release:check` installs and uses the real tarball.
 */

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');

/** The README section under `## title`, up to the next `## `. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `README has a "${title}" section`);
  const end = readme.indexOf('\n## ', start + 4);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

describe('package.json tells where the project lives', () => {
  it('repository, homepage and bugs point at github.com/sysgrab/sysgrab', () => {
    assert.equal(pkg.name, 'sysgrab');
    assert.deepEqual(pkg.repository, { type: 'git', url: 'git+https://github.com/sysgrab/sysgrab.git' });
    assert.equal(pkg.homepage, 'https://github.com/sysgrab/sysgrab#readme');
    assert.deepEqual(pkg.bugs, { url: 'https://github.com/sysgrab/sysgrab/issues' });
  });
  it('ffi-rs is an optional peer (not installed for Linux users), koffi an optional dependency', () => {
    assert.equal(pkg.peerDependencies['ffi-rs'], pkg.devDependencies['ffi-rs']);
    assert.deepEqual(pkg.peerDependenciesMeta['ffi-rs'], { optional: true });
    // Every peer is optional: prom-client and @opentelemetry/api are loaded only by sysgrab/prometheus and sysgrab/otel.
    for (const name of Object.keys(pkg.peerDependencies)) assert.deepEqual(pkg.peerDependenciesMeta[name], { optional: true }, name);
    assert.equal(pkg.dependencies['ffi-rs'], undefined);
    assert.equal(pkg.optionalDependencies['ffi-rs'], undefined);
    assert.ok(pkg.optionalDependencies.koffi);
  });
  it("every subpath export's types resolve under TypeScript's node10 resolution too (typesVersions)", () => {
    // node10 (moduleResolution "node") ignores exports: typesVersions maps sysgrab/<sub> to the same declarations.
    const subpaths = Object.entries(pkg.exports as Record<string, string | { types: string }>).filter(([k]) => k !== '.' && k !== './package.json');
    assert.ok(subpaths.length >= 2, JSON.stringify(pkg.exports));
    assert.deepEqual(Object.keys(pkg.typesVersions), ['*']);
    assert.deepEqual(pkg.typesVersions['*'], Object.fromEntries(subpaths.map(([k, v]) => [k.replace(/^\.\//, ''), [(v as { types: string }).types]])));
  });
  it('npm run release:check exists and .ci/run runs it', () => {
    assert.match(pkg.scripts['release:check'], /build\/test\/release\/check\.js/);
    assert.match(readFileSync(join(ROOT, '.ci', 'run'), 'utf8'), /^npm run release:check$/m);
  });
});

describe('the tarball', () => {
  let files: string[] = [];
  before(() => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  });
  it('carries what users need and nothing else (no C doubles, no tests)', () => {
    // The commands and man pages are those package.json declares, no more.
    const declared = new Set([...Object.values(pkg.bin as Record<string, string>), ...(pkg.man as string[]).map((m) => m.replace(/^\.\//, ''))]);
    const allowed = { test: (f: string) => declared.has(f) || /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+\.(js|d\.ts))$/.test(f) };
    assert.deepEqual(
      files.filter((f) => !allowed.test(f)),
      [],
    );
    for (const f of ['CHANGELOG.md', 'LICENSE', 'dist/index.d.ts']) assert.ok(files.includes(f), f);
    // Every command and its man page.
    const commands = ['freecolor', 'sysgrab-freecolor', 'statgrab', 'sysgrab-statgrab', 'saidar', 'sysgrab-saidar', 'sysgrab-exporter'];
    assert.deepEqual(Object.keys(pkg.bin).sort(), [...commands].sort());
    for (const command of commands) for (const f of [`bin/${command}`, `man/${command}.1`]) assert.ok(files.includes(f), f);
    // dist/ holds today's build only: every file comes from a source file (a stale build left none behind).
    for (const f of files.filter((x) => x.startsWith('dist/'))) {
      assert.ok(existsSync(join(ROOT, f.replace(/^dist\//, 'src/').replace(/(\.d)?\.js$|\.d\.ts$/, '.ts'))), `${f} has no source in src/`);
    }
  });
  it('README links point at files the tarball ships, or at headings that exist', () => {
    const headings = new Set([...readme.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^(https?:|mailto:)/.test(l));
    assert.ok(links.length > 0);
    for (const link of links) {
      if (link.startsWith('#')) assert.ok(headings.has(link.slice(1)), `no heading for ${link}`);
      else assert.ok(files.includes(link.replace(/^\.\//, '').replace(/#.*$/, '')), `README links to ${link}, which the tarball does not ship`);
    }
  });
});

describe('the README', () => {
  it('installs today from a tarball or git, and names npm install sysgrab for after publication', () => {
    const install = section('Install');
    assert.match(install, /npm pack/);
    assert.match(install, /npm install \/path\/to\/sysgrab\/sysgrab-\d+\.\d+\.\d+\.tgz/);
    assert.match(install, /npm install git\+https:\/\/github\.com\/sysgrab\/sysgrab\.git/);
    assert.match(install, /`npm install sysgrab`/);
    assert.match(install, /will be published from\s+<https:\/\/github\.com\/sysgrab\/sysgrab>/);
    assert.match(install, /--omit=optional/);
    assert.ok(install.includes(`sysgrab-${pkg.version}.tgz`), 'the tarball name carries the current version');
  });
  it('passes flags to npm run scripts after --', () => {
    for (const m of readme.matchAll(/npm run ([\w:-]+)((?: [^\s`#]+)*)/g)) {
      const args = m[2]!.trim().split(/\s+/).filter(Boolean);
      const firstFlag = args.findIndex((a) => a.startsWith('-'));
      if (firstFlag >= 0) assert.equal(args[firstFlag], '--', `"${m[0]}": npm keeps flags before -- for itself`);
    }
  });
  it('guards on available, not used / total', () => {
    const library = section('The library');
    const firstExample = /```ts\n([\s\S]*?)```/.exec(library)![1]!;
    assert.match(firstExample, /mem\.available \/ mem\.total/);
    assert.doesNotMatch(readme, /mem\.used \/ mem\.total/);
    assert.match(library, /os\.freemem\(\)/);
    assert.match(library, /tmpfs/);
    assert.match(library, /inactive/);
  });
  it('says on which machine the figures were taken and which ratios vary with the kernel', () => {
    const results = JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8')) as { machine: { cpus: number; cpuModel: string; node: string; kernel: string; date: string } };
    const perf = section('Performance');
    const m = results.machine;
    for (const fact of [`${m.cpus}-core ${m.cpuModel}`, m.kernel, m.node, m.date.slice(0, 10)]) assert.ok(perf.includes(fact), `Performance names ${fact}`);
    assert.match(perf, /vary with the kernel/);
  });
  it('shows the FreeBSD recipe beside pkg that release:check runs', () => {
    const block = readmeBlock(readme, 'freebsd-beside-pkg');
    assert.match(block, /^npm install -g --prefix \/usr\/local\/sysgrab sysgrab$/m);
    for (const command of ['freecolor', 'statgrab', 'saidar']) {
      assert.match(block, new RegExp(`^ln -s /usr/local/sysgrab/bin/sysgrab-${command} /usr/local/bin/sysgrab-${command}$`, 'm'));
      assert.match(block, new RegExp(`^ln -s /usr/local/sysgrab/share/man/man1/sysgrab-${command}\\.1 /usr/local/share/man/man1/sysgrab-${command}\\.1$`, 'm'));
    }
    assert.match(block, /PATH=\/usr\/local\/sysgrab\/bin:\$PATH/);
  });
  it('states the version policy: semver and what the public API is', () => {
    const versions = section('Versions');
    assert.match(versions, /Semantic Versioning/);
    assert.match(versions, /public API/);
    assert.match(versions, /CHANGELOG\.md/);
  });
});

describe('CHANGELOG.md (Keep a Changelog 1.1.0)', () => {
  it('has the header, an Unreleased section and the current version with its date', () => {
    assert.ok(changelog.startsWith('# Changelog\n'));
    assert.match(changelog, /\[Keep a Changelog\]\(https:\/\/keepachangelog\.com\/en\/1\.1\.0\/\)/);
    assert.match(changelog, /\[Semantic Versioning\]\(https:\/\/semver\.org\/spec\/v2\.0\.0\.html\)/);
    assert.match(changelog, /^## \[Unreleased\]$/m);
    assert.match(changelog, new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
  });
  it('groups changes only under the six kinds, and links every version', () => {
    for (const m of changelog.matchAll(/^### (.+)$/gm)) assert.ok(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'].includes(m[1]!), m[1]);
    for (const m of changelog.matchAll(/^## \[([^\]]+)\]/gm)) assert.match(changelog, new RegExp(`^\\[${m[1]!.replace(/\./g, '\\.')}\\]: https://`, 'm'));
  });
});
