import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCli, UsageError, usage } from '../../src/cli/freecolor/args.js';

/** The UsageError message parseCli gives for `args`. */
function usageError(args: string[]): string {
  try {
    parseCli(args);
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.message;
  }
  assert.fail(`freecolor ${args.join(' ')} was accepted`);
}

describe('freecolor usage errors say what is wrong', () => {
  const cases: [string[], string][] = [
    [['-s', '-1'], "-s needs a number of seconds greater than 0, not '-1'"],
    [['-c', '-1'], "-c needs a whole number of reports of at least 1, not '-1'"],
    [['--count=-3'], "--count needs a whole number of reports of at least 1, not '-3'"],
    [['--json=1'], "option '--json' takes no value (got '--json=1')"],
    [['--all=2'], "option '--all' takes no value (got '--all=2')"],
    [['-s', '99999999999'], "-s must be at most 31536000 seconds (a year), not '99999999999'"],
    [['-c', '99999999999999999999'], "-c must be at most 9007199254740991, not '99999999999999999999'"],
    [['-s'], "option '-s' needs a value: a number of seconds greater than 0"],
    [['--color'], "option '--color' needs a value: auto, always or never"],
    [['-x'], "unknown option '-x'"],
    [['-tx'], "unknown option '-x'"],
    [['extra'], "unexpected argument 'extra'"],
    [['--', 'extra'], "unexpected argument 'extra'"],
  ];
  for (const [args, message] of cases) {
    it(`freecolor ${args.join(' ')}: ${message}`, () => assert.equal(usageError(args), message));
  }
  it('accepts what it documents: -s 0.5, -ts 2, -c 3, --count=3, --color=never', () => {
    assert.equal(parseCli(['-s', '0.5']).interval, 0.5);
    assert.deepEqual([parseCli(['-ts', '2']).total, parseCli(['-ts', '2']).interval], [true, 2]);
    assert.deepEqual([parseCli(['-c', '3']).count, parseCli(['-c', '3']).interval], [3, 1]);
    assert.equal(parseCli(['--count=3']).count, 3);
    assert.equal(parseCli(['--color=never']).color, 'never');
    assert.equal(parseCli(['-s', String(86400 * 365)]).interval, 86400 * 365);
  });
});

describe('flags that do not apply are refused, not ignored', () => {
  for (const flag of ['-m', '-g', '-b', '-k', '-h', '--human', '-o', '-t', '--arc', '-a']) {
    it(`-j ${flag}: a usage error naming ${flag}`, () => {
      assert.equal(usageError(['-j', flag]), `${flag} does not apply to -j, which prints every field in bytes: drop one of them`);
    });
  }
  it('-j combined in a group (-jm) is refused too', () => {
    assert.equal(usageError(['-jm']), '-m does not apply to -j, which prints every field in bytes: drop one of them');
  });
  it('-a -o: two layouts', () => assert.equal(usageError(['-a', '-o']), '-a and -o are two layouts: choose one'));
  it('-a applies -t, --arc and the units (the table shows them)', () => {
    const c = parseCli(['-a', '-t', '--arc', '-m']);
    assert.deepEqual([c.all, c.total, c.arc, c.unit], [true, true, true, 'm']);
  });
  it('-j with -s and -c still works (JSON Lines)', () => {
    const c = parseCli(['-j', '-s', '2', '-c', '3']);
    assert.deepEqual([c.json, c.interval, c.count], [true, 2, 3]);
  });
});

describe('usage text', () => {
  it('names the command as it was run', () => {
    assert.match(usage('sysgrab-freecolor'), /^Usage: sysgrab-freecolor \[options\]/);
    assert.match(usage(), /^Usage: freecolor \[options\]/);
  });
});
