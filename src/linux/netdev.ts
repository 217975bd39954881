import type { NetworkIoStats } from '../types/net.js';

/*
 * /proc/net/dev (net/core/net-procfs.c, dev_seq_printf_stats): two heading
 * lines, then `%6s: ` and 16 counters per interface: receive bytes, packets,
 * errs, drop, fifo, frame, compressed, multicast; transmit bytes, packets,
 * errs, drop, fifo, colls, carrier, compressed.
 */

const COUNTERS = 16;

/**
 * Interface counters from net/dev text. The name is what precedes the FIRST
 * colon (no kernel name can hold one); a line that is not followed by
 * exactly 16 numbers is skipped, as libstatgrab's regular expression skips it.
 */
export function networkIoFromNetDev(text: string, time: number): NetworkIoStats[] {
  const out: NetworkIoStats[] = [];
  let pos = 0;
  for (let lineNo = 0; pos < text.length; lineNo++) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end);
    pos = end + 1;
    if (lineNo < 2) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (f.length !== COUNTERS) continue;
    const n: number[] = [];
    for (const s of f) {
      if (!/^\d+$/.test(s)) break;
      n.push(Number(s));
    }
    if (n.length !== COUNTERS) continue;
    out.push({
      interfaceName: line.slice(0, colon).trim(),
      tx: n[8]!,
      rx: n[0]!,
      ipackets: n[1]!,
      opackets: n[9]!,
      ierrors: n[2]!,
      oerrors: n[10]!,
      collisions: n[13]!,
      time,
    });
  }
  return out;
}
