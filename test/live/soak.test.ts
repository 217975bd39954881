import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/helpers.js';
import { shimUnavailable } from '../support/shim.js';

// The soak script with CI's short budget; `npm run soak -- --minutes N` runs it longer.
const SECONDS = Number(process.env.SOAK_SECONDS) || 15;

describe(`soak (${SECONDS} s)`, { skip: shimUnavailable() ?? false }, () => {
  it('RSS, heap, descriptors and kvm handles stay flat in the library (every backend) and in freecolor -s 0.01', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'build', 'test', 'support', 'soak.js'), '--seconds', String(SECONDS), '--json'], {
      encoding: 'utf8',
      timeout: (SECONDS + 60) * 1000,
    });
    assert.equal(r.stderr, '');
    const summary = JSON.parse(r.stdout) as { failures: string[]; calls: Record<string, number>; freecolorReports: number };
    assert.deepEqual(summary.failures, []);
    assert.equal(r.status, 0);
    assert.ok(summary.calls.own! > 0 && summary.calls.koffi! > 0 && summary.calls.platforms! > 0 && (process.platform === 'freebsd' || summary.calls.ffiRs! > 0));
    console.log(`# soak: ${r.stdout.trim()}`);
  });
});
