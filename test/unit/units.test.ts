import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { human, inUnit } from '../../src/cli/common/units.js';

/*
 * -h figures. Expected texts are hand computed: bytes / 1024^k, then one
 * decimal below 10 or a whole number up to 999, rounded to nearest (ties to
 * even), with procps-ng 4's suffixes. KiB figures are what /proc/meminfo says.
 */

const KiB = 1024;

describe('human(): procps-ng 4 suffixes, rounded', () => {
  const cases: [bytes: number, text: string, arithmetic: string][] = [
    [0, '0B', '0 bytes'],
    [999, '999B', 'below 1000: bytes'],
    [1000, '1.0Ki', '1000 / 1024 = 0.977 -> 1.0'],
    [1023, '1.0Ki', '1023 / 1024 = 0.999 -> 1.0'],
    [1536, '1.5Ki', '1536 / 1024 = 1.5'],
    [1280, '1.2Ki', '1280 / 1024 = 1.25, a tie: to the even 1.2 (as printf)'],
    [1792, '1.8Ki', '1792 / 1024 = 1.75, a tie: to the even 1.8'],
    [10 * KiB, '10Ki', '10 exactly'],
    [512 * KiB, '512Ki', '512'],
    [1023 * KiB, '1.0Mi', '1023 Ki is 4 digits; 1023 / 1024 = 0.999 Mi -> 1.0Mi'],
    [8009216 * KiB, '7.6Gi', '8009216 / 1048576 = 7.638'],
    [10433331 * KiB, '9.9Gi', '10433331 / 1048576 = 9.94999 -> 9.9'],
    [10443817 * KiB, '10Gi', '10443817 / 1048576 = 9.96: one decimal would be 10.0, so whole: 10 (procps: 9Gi)'],
    [16357785 * KiB, '16Gi', '16357785 / 1048576 = 15.6 -> 16 (procps truncates: 15Gi)'],
    [100 * 1024 ** 3, '100Gi', '100'],
    [1048051 * 1024 * KiB, '1.0Ti', '999.5 Gi rounds to 1000 (3 digits at most): 999.5 / 1024 = 0.976 Ti -> 1.0Ti'],
    [4 * 1024 ** 4, '4.0Ti', '4'],
    [12884901888 * KiB, '12Ti', '12884901888 / 1024^3 = 12 Ti'],
    [2 ** 53 - 1, '8.0Pi', '(2^53 - 1) / 1024^5 = 7.99999 -> 8.0'],
  ];
  for (const [bytes, text, arithmetic] of cases) {
    it(`${bytes} bytes -> ${text} (${arithmetic})`, () => assert.equal(human(bytes), text));
  }

  it('never prints a figure larger for fewer bytes (the 9.95-9.99 defect)', () => {
    // Walk 9.90 .. 10.10 GiB in 1 MiB steps: the printed value never goes down.
    const value = (text: string) => Number.parseFloat(text) * 1024 ** ['B', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'].indexOf(text.replace(/^[\d.]+/, ''));
    let previous = 0;
    for (let mib = Math.floor(9.9 * 1024); mib <= Math.ceil(10.1 * 1024); mib++) {
      const printed = value(human(mib * 1024 * KiB));
      assert.ok(printed >= previous, `${mib} MiB printed as ${human(mib * 1024 * KiB)} after a larger figure`);
      previous = printed;
    }
  });

  it('is at most five characters up to 999 PiB', () => {
    for (let exp = 0; exp < 53; exp++) {
      for (const bytes of [2 ** exp, 2 ** exp * 1.5, 10 ** (exp * 0.3)]) {
        const b = Math.floor(bytes);
        assert.ok(human(b).length <= 5, `${b} -> ${human(b)}`);
      }
    }
  });
});

describe('inUnit(): whole units, truncated as freecolor does', () => {
  it('integer-divides after the arithmetic in bytes', () => {
    assert.equal(inUnit(1023, 'k'), 0);
    assert.equal(inUnit(1024 ** 3 - 1, 'g'), 0);
    assert.equal(inUnit(5 * 1024 ** 2 + 1, 'm'), 5);
    assert.equal(inUnit(12345, 'b'), 12345);
  });
});
