import type { NetworkIoStats } from '../types/net.js';

/*
 * /proc/net/dev (net/core/net-procfs.c, dev_seq_printf_stats): two heading
 * lines, then `%6s: ` and 16 counters per interface: receive bytes, packets,
 * errs, drop, fifo, frame, compressed, multicast; transmit bytes, packets,
 * errs, drop, fifo, colls, carrier, compressed.
 */

const COUNTERS = 16;
const NL = 0x0a;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Interface counters from net/dev bytes. The name is what precedes the
 * FIRST colon (no kernel name can hold one); a line whose rest is not
 * exactly 16 numbers is skipped, as libstatgrab's regular expression skips it.
 */
const n = new Float64Array(COUNTERS);

export function networkIoFromNetDev(bytes: Buffer, length: number, time: number): NetworkIoStats[] {
  const out: NetworkIoStats[] = [];
  let i = 0;
  for (let line = 0; i < length; line++) {
    let end = bytes.indexOf(NL, i);
    if (end < 0 || end > length) end = length;
    const colon = line >= 2 ? bytes.indexOf(COLON, i) : -1;
    if (colon >= 0 && colon < end) {
      let count = 0;
      let ok = true;
      let k = colon + 1;
      while (ok) {
        let c = bytes[k]!;
        while (k < end && (c === SPACE || c === TAB)) c = bytes[++k]!;
        if (k >= end) break;
        if (count === COUNTERS) ok = false;
        let v = 0;
        while (k < end && c !== SPACE && c !== TAB) {
          const d = c - 0x30;
          if (d < 0 || d > 9) ok = false;
          v = v * 10 + d;
          c = bytes[++k]!;
        }
        n[count++] = v;
      }
      if (ok && count === COUNTERS) {
        let nameStart = i;
        while (nameStart < colon && (bytes[nameStart] === SPACE || bytes[nameStart] === TAB)) nameStart++;
        out.push({
          interfaceName: bytes.toString('utf8', nameStart, colon).trimEnd(),
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
    }
    i = end + 1;
  }
  return out;
}
