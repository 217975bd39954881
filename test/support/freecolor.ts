import { getMemStats, getSwapStats } from '../../src/index.js';
import { parseCli } from '../../src/cli/freecolor/args.js';
import { extrasFor } from '../../src/cli/freecolor/main.js';
import { renderReport } from '../../src/cli/freecolor/render.js';

/**
 * What `freecolor ARGS` prints on a pipe (no colour), computed in this
 * process: the same argument parser and renderer the command uses, fed the
 * statistics of the environment sysgrab reads now (set it with withEnv).
 * The end-to-end runs in test/cli/ check that the command is these parts.
 */
export function freecolorText(args: string[]): string {
  const config = parseCli(args);
  const options = config.scope === undefined ? undefined : { scope: config.scope };
  return renderReport(config, getMemStats(options), getSwapStats(options), undefined, new Date(), extrasFor(config, options));
}
