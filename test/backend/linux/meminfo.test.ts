import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getMeminfo } from '../../../src/index.js';
import { expectedJson, fixtureCases, procRootOf } from '../../support/helpers.js';
import { expectStatError } from '../../support/invariants.js';

/*
 * getMeminfo() on every Linux fixture against expected/meminfo.json, which
 * test/support/capture-node-exporter.sh computes with awk from the documented
 * format (not with sysgrab's code).
 */

const cases = fixtureCases('linux', 'meminfo');

describe('getMeminfo() on the Linux fixtures', () => {
  it('has cases to check', () => assert.ok(cases.length >= 8, cases.join(' ')));
  for (const name of cases) {
    it(name, () => {
      assert.deepEqual(getMeminfo({ platform: 'linux', procRoot: procRootOf(name) }), expectedJson('linux', name, 'meminfo'));
    });
  }
  it('a malformed value: PARSE naming the key (node_exporter 1.5 fails its meminfo collector there too)', () => {
    expectStatError(() => getMeminfo({ platform: 'linux', procRoot: procRootOf('malformed-meminfo') }), 'PARSE', 'MemFree');
    const ne = readFileSync(join(procRootOf('malformed-meminfo'), '..', 'expected', 'node_exporter-1.5.prom'), 'utf8');
    assert.match(ne, /node_scrape_collector_success\{collector="meminfo"\} 0/);
  });
  it('no meminfo: OPEN naming the path', () => {
    expectStatError(() => getMeminfo({ platform: 'linux', procRoot: '/nonexistent-sysgrab' }), 'OPEN', '/nonexistent-sysgrab/meminfo', 2);
  });
  it('the kernel prints no unit only on the HugePages_* counts, in every fixture (what the export relies on to name them)', () => {
    for (const name of fixtureCases('linux')) {
      let text: string;
      try {
        text = readFileSync(join(procRootOf(name), 'meminfo'), 'latin1');
      } catch {
        continue;
      }
      for (const line of text.split('\n')) {
        if (/^\S+:\s+\d+\s*$/.test(line)) assert.match(line, /^HugePages_(Total|Free|Rsvd|Surp):/, `${name}: ${line}`);
      }
    }
  });
  it('on FreeBSD: UNSUPPORTED naming getMeminfo', () => {
    expectStatError(() => getMeminfo({ platform: 'freebsd' }), 'UNSUPPORTED', 'getMeminfo');
  });
});
