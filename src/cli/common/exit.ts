import { loadLibrary } from '../../ffi/index.js';
import { stuckStatfsCalls } from '../../linux/fs.js';

/*
 * Ending a command whose getFsStatsAsync left a statfs stuck in the kernel
 * (a dead network mount, left out after its timeout). Node's exit joins
 * every libuv thread first, and the one blocked in statfs only returns when
 * the kernel gives up (a hard NFS mount: never), so process.exit() would
 * hang there. libc's _exit ends the process at once: the kernel kills the
 * blocked thread, whose wait is a killable one.
 */

/** Exit with `status` once stdout has taken the output. */
export function exitAfterOutput(status: number): void {
  process.exitCode = status;
  process.stdout.write('', () => {
    if (stuckStatfsCalls() > 0) exitImmediately(status);
    process.exit(status);
  });
}

/** _exit(status) through the FFI package, on Linux (the only place a statfs is left stuck); no-op when it cannot be loaded. */
function exitImmediately(status: number): void {
  if (process.platform !== 'linux') return;
  try {
    loadLibrary('koffi', 'libc.so.6').library.func('_exit', 'void', ['int'])(status);
  } catch {
    // No koffi (an optional dependency) or no glibc: Node's own exit, which waits for the kernel.
  }
}
