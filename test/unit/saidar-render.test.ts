import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fixedC } from '../../src/cli/common/printf.js';
import { fsListOf, parseSaidarArgs, UsageError } from '../../src/cli/saidar/args.js';
import { hrUptime, renderSaidar, rowText, type SaidarFrame, sizeConv } from '../../src/cli/saidar/render.js';
import { makeSampler } from '../../src/cli/saidar/sources.js';
import { InPlace } from '../../src/cli/saidar/terminal.js';
import { caseDir, withEnv } from '../support/helpers.js';
import { linuxCaseEnv } from '../support/statgrab.js';

/*
 * saidar's screen, pure: fed the figures Debian's saidar showed on a
 * capture (test/fixtures/linux/saidar-debian-capture), the renderer draws
 * that capture character for character.
 */

const dir = caseDir('linux', 'saidar-debian-capture');
const frame = JSON.parse(readFileSync(join(dir, 'frame.json'), 'utf8')) as SaidarFrame;
const debian = readFileSync(join(dir, 'expected', 'saidar', '120x40.txt'), 'utf8')
  .split('\n')
  .slice(0, 40);
const trimmed = (lines: string[]) => lines.map((l) => l.trimEnd());

describe("saidar's screen", () => {
  it("draws Debian saidar's 120×40 capture from the figures on it", () => {
    assert.deepEqual(trimmed(renderSaidar(frame, { rows: 40, cols: 120, colour: false }).lines()), debian);
  });
  it('at 80×24: the same screen cut at column 80 and row 24, and never the bottom-right cell', () => {
    const lines = renderSaidar(frame, { rows: 24, cols: 80, colour: false }).lines();
    const cut = debian.slice(0, 24).map((l) => l.padEnd(80).slice(0, 80));
    cut[23] = `${cut[23]!.slice(0, 79)} `;
    assert.deepEqual(lines, cut);
  });
  it('a terminal smaller than the view (20×5), or of no size, draws what fits and nothing else', () => {
    assert.deepEqual(renderSaidar(frame, { rows: 5, cols: 20, colour: false }).lines(), [
      'Hostname  : vm      ',
      '                    ',
      'Load 1    :   7.81  ',
      'Load 5    :   7.02  ',
      'Load 15   :   5.46  ',
    ]);
    assert.deepEqual(renderSaidar(frame, { rows: 0, cols: 0, colour: false }).lines(), []);
  });
  it('before rates exist (first frame) the disk and interface names are drawn without figures, and no Total row', () => {
    const first = renderSaidar({ ...frame, disks: [{ name: 'sda' }], interfaces: [{ name: 'eth0' }] }, { rows: 16, cols: 120, colour: false }).lines();
    assert.equal(first[11]!.trimEnd(), 'sda                                       eth0');
    assert.ok(!first.some((l) => l.startsWith('Total')));
  });
  it('no interfaces: the mount heading sits at row 10, as saidar puts it', () => {
    const lines = renderSaidar({ mounts: [{ mntPoint: '/', avail: 2048, used: 2048 }] }, { rows: 14, cols: 90, colour: false }).lines();
    assert.equal(lines[10]!.trimEnd(), 'Disk Name      Read         Write         Mount Point            Free      Used');
    assert.equal(lines[11]!.slice(42).trimEnd(), '/                     2048B     50.00%');
  });
  it('colour (-c): saidar’s pairs and thresholds', () => {
    const s = renderSaidar({ ...frame, cpu: { idle: 1, system: 4, user: 95 }, processes: { running: 1, sleeping: 1, stopped: 0, zombie: 2, total: 4 } }, { rows: 40, cols: 120, colour: true });
    assert.deepEqual(s.cells[0]![12]!.attr, { colour: 'red', bold: false, standout: false });
    assert.deepEqual(s.cells[4]![35]!.attr, { colour: 'cyan', bold: true, standout: true }, 'CPU user above 90 %');
    assert.deepEqual(s.cells[2]![78]!.attr, { colour: 'cyan', bold: true, standout: true }, 'zombies');
    assert.deepEqual(s.cells[2]![16]!.attr, { colour: 'cyan', bold: false, standout: false }, '|load1 - load5| is not above 1');
    assert.equal(rowText(s.cells[0]!.slice(11, 16)), ' \x1b[0;31mvm\x1b[0m  ');
    const plain = renderSaidar(frame, { rows: 40, cols: 120, colour: false });
    assert.ok(!plain.cells.some((r) => r.some((c) => c.attr.colour !== undefined)));
  });
  it('percentages are computed in single precision and rounded as printf rounds (ties to even)', () => {
    // 1/8 = 0.125 exactly: printf("%.2f") gives 0.12 (JS toFixed gives 0.13).
    assert.equal(fixedC(0.125, 2), '0.12');
    assert.equal(fixedC(2.675, 2), '2.67');
    assert.equal(fixedC(0.0078125, 6), '0.007812');
    assert.equal(fixedC(99.995, 2), '100.00');
    assert.equal(fixedC(-0.125, 2), '-0.12');
    // used 1 of 8 blocks: (float)1/(float)8 * 100 = 12.5 exactly -> "12.50%".
    const lines = renderSaidar({ mounts: [{ mntPoint: '/x', avail: 7, used: 1 }] }, { rows: 13, cols: 80, colour: false }).lines();
    assert.equal(lines[11]!.slice(73, 80), ' 12.50%');
  });
  it('size_conv and hr_uptime as saidar.c', () => {
    assert.deepEqual([0, 1023, 102399, 102400, 104857599, 104857600, 2 ** 60].map(sizeConv), ['0B', '1023B', '102399B', '100K', '102399K', '100M', '1024P']);
    assert.deepEqual([0, 59, 3661, 86399, 86400, 90061].map(hrUptime), ['00:00:00', '00:00:59', '01:01:01', '23:59:59', '1d 00:00:00', '1d 01:01:01']);
  });
  it('redraws in place: only rows that changed are written; a new size clears first', () => {
    const p = new InPlace();
    const a = renderSaidar(frame, { rows: 40, cols: 120, colour: false });
    const first = p.frame(a);
    assert.equal((first.match(/\x1b\[\d+;1H/g) ?? []).length, 41, '40 rows and the final cursor move');
    assert.equal(p.frame(a), '', 'nothing changed, nothing written');
    const b = renderSaidar({ ...frame, dateTime: '2026-11-23 11:55:22' }, { rows: 40, cols: 120, colour: false });
    const second = p.frame(b);
    assert.ok(second.startsWith('\x1b[1;1HHostname'));
    assert.equal((second.match(/\x1b\[\d+;1H/g) ?? []).length, 2);
    assert.ok(p.frame(renderSaidar(frame, { rows: 20, cols: 60, colour: false })).startsWith('\x1b[0m\x1b[2J'));
  });
});

describe('saidar arguments', () => {
  it('-d, -c, -F, -v, -h', () => {
    assert.deepEqual(parseSaidarArgs([]), { delay: 2, colour: false, version: false, help: false, fsTypes: undefined });
    assert.deepEqual(parseSaidarArgs(['-d', '5', '-c', '-F', '!nfs, autofs']), { delay: 5, colour: true, version: false, help: false, fsTypes: ['!', 'nfs', 'autofs'] });
    assert.deepEqual(fsListOf('ext4,xfs  zfs'), ['ext4', 'xfs', 'zfs']);
  });
  it('a delay below 1 second, or not a number, is refused as saidar refuses it', () => {
    for (const d of ['0', 'x', '1.5'])
      assert.throws(
        () => parseSaidarArgs(['-d', d]),
        (e: unknown) => e instanceof UsageError && /1 second or greater/.test(e.message),
      );
    assert.throws(() => parseSaidarArgs(['-x']), UsageError);
  });
});

describe("saidar's figures: what makeSampler gives the renderer", () => {
  it('gopsutil-4cpu: load, CPU since boot, processes, users in the first frame; then differences (none: the files do not move)', () => {
    const [first, second] = withEnv(linuxCaseEnv('gopsutil-4cpu'), () => {
      const s = makeSampler(undefined);
      return [s.next(new Date()), s.next(new Date())];
    });
    // expected/load.json, process-count.json, user.json (3 records).
    assert.deepEqual(first!.load, { min1: 1.36, min5: 0.94, min15: 0.87 });
    assert.deepEqual(first!.processes, { running: 0, sleeping: 4, stopped: 2, zombie: 1, total: 7 });
    assert.equal(first!.users, 3);
    // expected/cpu.json since boot, shares of totalAll 134995333 ticks:
    // idle 134931750 → 99.952900 %; system = kernel 4764 + iowait 22115 → 0.019911 %; user = 23644 + nice 6695 → 0.022474 %.
    assert.ok(Math.abs(first!.cpu!.idle - (134931750 * 100) / 134995333) < 1e-9);
    assert.ok(Math.abs(first!.cpu!.system - ((4764 + 22115) * 100) / 134995333) < 1e-9);
    assert.ok(Math.abs(first!.cpu!.user - ((23644 + 6695) * 100) / 134995333) < 1e-9);
    assert.equal(first!.paging, undefined, 'no paging rate before a second reading');
    // Unchanging files: no tick elapsed (every share 0, never NaN), no page moved.
    assert.deepEqual(second!.cpu, { idle: 0, system: 0, user: 0 });
    assert.deepEqual(second!.paging, { inPerSecond: 0, outPerSecond: 0 });
  });
});
