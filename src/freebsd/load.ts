import type { Sysctl } from '../bsd/sysctl.js';
import { StatError } from '../errors.js';
import type { LoadStats } from '../types/load.js';
import { decodeLoadavg } from './abi.js';

/* FreeBSD load: vm.loadavg, as getloadavg(3) divides it: ldavg[i] / fscale. */

/** LoadStats from vm.loadavg's bytes. @throws StatError `SYSCTL` for another size or a zero fscale. */
export function loadFromLoadavg(buf: Buffer): LoadStats {
  const l = decodeLoadavg(buf, buf.length);
  if (l === undefined || !(l.fscale > 0)) {
    throw new StatError('SYSCTL', 'vm.loadavg', l === undefined ? `sysctl vm.loadavg returned ${buf.length} bytes, not a struct loadavg (24 bytes)` : `sysctl vm.loadavg has an fscale of ${l.fscale}`);
  }
  return { min1: l.ldavg[0] / l.fscale, min5: l.ldavg[1] / l.fscale, min15: l.ldavg[2] / l.fscale };
}

export function readLoad(s: Sysctl): LoadStats {
  const buf = s.bytes('vm.loadavg', 32);
  if (buf === undefined) throw new StatError('SYSCTL', 'vm.loadavg', 'sysctl vm.loadavg does not exist on this system', 2);
  return loadFromLoadavg(buf);
}
