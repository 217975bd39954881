/*
 * Run by test/live/fs-linux.test.ts inside a private mount namespace
 * (`unshare -m`) that it prepared: reads the file systems there and prints
 * one JSON object on stdout. Mode (argv[2]):
 *   stats: getFsStats with each filter;
 *   hung DIR: DIR is a FUSE mount whose daemon never answers (the test
 *     passed /dev/fuse as fd 3): time getFsStatsAsync against it, twice,
 *     and the synchronous getFsStats, then abort the connection.
 */
import { closeSync, readFileSync, writeFileSync } from 'node:fs';
import { getFsStats, getFsStatsAsync } from '../../src/index.js';
import { stuckStatfsCalls } from '../../src/linux/fs.js';

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode === 'stats') {
    const out = { real: getFsStats(), libstatgrab: getFsStats({ filter: 'libstatgrab' }), all: getFsStats({ filter: 'all' }), async: await getFsStatsAsync({ filter: 'all' }) };
    process.stdout.write(JSON.stringify(out));
    return;
  }
  if (mode === 'hung') {
    const dir = process.argv[3]!;
    // The FUSE connection's number is the mount's minor device number (mountinfo field 3, "0:NN").
    const line = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .find((l) => l.split(' ')[4] === dir)!;
    const conn = line.split(' ')[2]!.split(':')[1]!;
    const waiting = () => Number(readFileSync(`/sys/fs/fuse/connections/${conn}/waiting`, 'utf8'));
    // The kernel's FUSE_INIT request, never answered either, is already waiting.
    const waitingBefore = waiting();
    let t = performance.now();
    const first = await getFsStatsAsync({ includeRemote: true, timeoutMs: 300 });
    const firstMs = performance.now() - t;
    const waitingAfterFirst = waiting();
    t = performance.now();
    const second = await getFsStatsAsync({ includeRemote: true, timeoutMs: 300 });
    const secondMs = performance.now() - t;
    const waitingAfterSecond = waiting();
    const stuckBeforeAbort = stuckStatfsCalls();
    t = performance.now();
    const sync = getFsStats({ filter: 'all' });
    const syncMs = performance.now() - t;
    // Abort the connection: the stuck statfs returns (ENOTCONN) and frees its thread.
    writeFileSync(`/sys/fs/fuse/connections/${conn}/abort`, '1');
    closeSync(3);
    await new Promise((r) => setTimeout(r, 200));
    const stuckAfterAbort = stuckStatfsCalls();
    process.stdout.write(
      JSON.stringify({ waitingBefore, first, firstMs, waitingAfterFirst, second, secondMs, waitingAfterSecond, stuckBeforeAbort, sync: sync.map((f) => f.mntPoint), syncMs, stuckAfterAbort }),
    );
    return;
  }
  throw new Error(`unknown mode ${mode}`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
