import { shimUnavailable } from './shim.js';

/*
 * Run by `npm test` before the suites: one line when there is no C
 * compiler, instead of a failure per test that drives the ABI doubles
 * (each of those reports itself skipped with the same reason).
 */
const problem = shimUnavailable();
if (problem !== undefined) console.log(`npm test: ${problem}; the tests that need it are skipped`);
