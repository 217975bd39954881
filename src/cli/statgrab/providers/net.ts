import { getNetworkIfaceStats, getNetworkIoStats, type NetworkIoStats, networkIoDeltas } from '../../../index.js';
import { type Provider, type StatItem, statName } from '../keys.js';

/*
 * net. (statgrab.c populate_net): each interface's counters (diffed with
 * -o/-s as disk. is, 32-bit wraps counted across), then its link: speed
 * (Mb/s), up, duplex, and interface_name again for an interface that has no
 * counters. Two differences, on purpose: an unknown speed is 0 (libstatgrab
 * prints SPEED_UNKNOWN as 4294967295), and on Linux an interface that is
 * down has speed 0 and duplex unknown (the kernel's sysfs has no link
 * settings for it; libstatgrab's ethtool ioctl may still answer).
 */

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The interfaces' counters to print and each one's systime: absolute, or -o/-s differences. */
export function netReading(now: NetworkIoStats[], before: NetworkIoStats[] | undefined): { io: NetworkIoStats; systime: number }[] {
  if (before === undefined) return now.map((io) => ({ io, systime: seconds(io.time) }));
  const old = new Map(before.map((n) => [n.interfaceName, n]));
  const deltas = networkIoDeltas(before, now);
  return now.map((n, i) => {
    const b = old.get(n.interfaceName);
    return { io: deltas[i]!, systime: b === undefined ? seconds(n.time) : Math.max(0, seconds(n.time) - seconds(b.time)) };
  });
}

export const netProvider: Provider = {
  toplevel: 'net.',
  populate: (ctx) => {
    const now = getNetworkIoStats(ctx.options);
    const before = ctx.diffs ? (ctx.state.get('io') as NetworkIoStats[] | undefined) : undefined;
    if (ctx.diffs) ctx.state.set('io', now);
    const items: StatItem[] = [];
    for (const { io, systime } of netReading(now, before)) {
      const k = (key: string) => statName('net', io.interfaceName, key);
      items.push(
        { name: k('interface_name'), type: 'string', value: io.interfaceName },
        { name: k('tx'), type: 'bytes', value: io.tx },
        { name: k('rx'), type: 'bytes', value: io.rx },
        { name: k('ipackets'), type: 'ull', value: io.ipackets },
        { name: k('opackets'), type: 'ull', value: io.opackets },
        { name: k('ierrors'), type: 'ull', value: io.ierrors },
        { name: k('oerrors'), type: 'ull', value: io.oerrors },
        { name: k('collisions'), type: 'ull', value: io.collisions },
        { name: k('systime'), type: 'time', value: systime },
      );
    }
    const counted = new Set(now.map((n) => n.interfaceName));
    for (const i of getNetworkIfaceStats(ctx.options)) {
      const k = (key: string) => statName('net', i.interfaceName, key);
      if (!counted.has(i.interfaceName)) items.push({ name: k('interface_name'), type: 'string', value: i.interfaceName });
      items.push({ name: k('speed'), type: 'ull', value: i.speed }, { name: k('up'), type: 'bool', value: i.up }, { name: k('duplex'), type: 'duplex', value: i.duplex });
    }
    return items;
  },
  keys: [
    { key: 'net.<if>.interface_name', help: 'eth0, enp3s0, lo, em0 ...' },
    { key: 'net.<if>.tx', help: 'bytes sent (-o/-s: since the last reading)' },
    { key: 'net.<if>.rx', help: 'bytes received' },
    { key: 'net.<if>.ipackets', help: 'packets received' },
    { key: 'net.<if>.opackets', help: 'packets sent' },
    { key: 'net.<if>.ierrors', help: 'receive errors' },
    { key: 'net.<if>.oerrors', help: 'send errors' },
    { key: 'net.<if>.collisions', help: 'collisions' },
    { key: 'net.<if>.systime', help: 'time of the reading (-o/-s: seconds between readings)' },
    { key: 'net.<if>.speed', help: 'link speed, Mb/s (0: unknown or down)' },
    { key: 'net.<if>.up', help: 'true if administratively up' },
    { key: 'net.<if>.duplex', help: 'full, half or unknown' },
  ],
};
