// Loaded with --require by no-spawn.test: any use of child_process (or of a
// worker thread) from here on throws, so a run that returns normally has
// spawned nothing.
'use strict';
const cp = require('node:child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  cp[name] = () => {
    throw new Error(`sysgrab must not spawn a process, but child_process.${name} was called`);
  };
}
const wt = require('node:worker_threads');
wt.Worker = class {
  constructor() {
    throw new Error('sysgrab must not start a worker thread');
  }
};
