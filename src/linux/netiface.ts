import { readProcText } from './read.js';
import type { NetworkIfaceStats } from '../types/net.js';

/*
 * Link settings from /sys/class/net/<if>/ (Documentation/ABI/testing/
 * sysfs-class-net): `flags` (hex, IFF_*), `speed` (Mb/s; -1 when the driver
 * does not know), `duplex` (full, half, unknown). The kernel refuses to read
 * speed and duplex (EINVAL) for an interface that is down or whose driver
 * has no ethtool link settings (lo, Wi-Fi, tunnels): speed 0, duplex unknown.
 *
 * libstatgrab asks the same things by ioctl (SIOCGIFFLAGS, ETHTOOL_GSET),
 * which answers for a down interface too and prints an unknown speed as
 * 4294967295; sysgrab cannot ioctl from Node and reports 0 for both.
 */

const IFF_UP = 0x1;

/** A sysfs attribute is one short line; anything longer is not one. */
const ATTRIBUTE_LIMIT = 4096;

function readAttribute(path: string): string | undefined {
  try {
    return readProcText(path, undefined, ATTRIBUTE_LIMIT).trim();
  } catch {
    // EINVAL (down interface), ENOENT, or not a regular file: not known.
    return undefined;
  }
}

/** Pure: settings from the three files' text (undefined = could not be read). */
export function ifaceFromSysfs(interfaceName: string, flags: string, speed: string | undefined, duplex: string | undefined): NetworkIfaceStats {
  const mbps = speed !== undefined && /^\d+$/.test(speed) ? Number(speed) : 0;
  return {
    interfaceName,
    speed: mbps,
    factor: mbps > 0 ? 1_000_000 : 0,
    duplex: duplex === 'full' || duplex === 'half' ? duplex : 'unknown',
    up: (Number.parseInt(flags, 16) & IFF_UP) !== 0,
  };
}

/**
 * Settings of `names` (the interfaces /proc/net/dev lists), in that order;
 * a name without a readable `flags` file is left out, as libstatgrab leaves
 * out an interface SIOCGIFFLAGS does not know.
 */
export function ifacesFromSysfs(sysRoot: string, names: readonly string[]): NetworkIfaceStats[] {
  const out: NetworkIfaceStats[] = [];
  for (const name of names) {
    // Kernel names never hold '/', nor are '.' or '..' (dev_valid_name); a file that says otherwise is not followed.
    if (name.includes('/') || name === '.' || name === '..' || name === '') continue;
    const dir = `${sysRoot}/class/net/${name}`;
    const flags = readAttribute(`${dir}/flags`);
    if (flags === undefined || !/^0x[0-9a-f]+$/i.test(flags)) continue;
    out.push(ifaceFromSysfs(name, flags, readAttribute(`${dir}/speed`), readAttribute(`${dir}/duplex`)));
  }
  return out;
}
