import { describeErrno, StatError } from '../errors.js';
import { readCString, readU16, readU32, readU64 } from '../ffi/memory.js';
import type { Resolved } from '../options.js';
import type { NetworkIfaceStats, NetworkIoStats } from '../types/net.js';
import { AF_INET, AF_LINK, decodeIfData, duplexOfMedia, IF_DATA, IFADDRS, IFF_UP, type IfDataRecord, IFMEDIAREQ, IFNAMSIZ, SIOCGIFMEDIA, SOCK_DGRAM } from './abi.js';
import { type NetApi, netApiOf } from './libs.js';

/*
 * Interfaces on FreeBSD: getifaddrs(3), whose AF_LINK entries carry a
 * struct if_data (the counters, ifi_baudrate for the speed, which is right
 * for 25G and 100G where libstatgrab's media table says 0), and
 * ioctl(SIOCGIFMEDIA) for the duplex. The list is always freed.
 */

interface LinkEntry {
  name: string;
  flags: number;
  data: IfDataRecord;
}

const u64 = (buf: Buffer, off: number) => Number(readU64(buf, off));

/** The AF_LINK entries of getifaddrs, in its order. @throws StatError. */
export function readLinks(api: NetApi): LinkEntry[] {
  const headOut = Buffer.alloc(8);
  if (api.getifaddrs(headOut) !== 0) {
    const errno = api.errno();
    throw new StatError('NATIVE', 'getifaddrs', `getifaddrs failed: ${describeErrno(errno)}`, errno);
  }
  const head = u64(headOut, 0);
  const out: LinkEntry[] = [];
  try {
    const entry = Buffer.alloc(IFADDRS.size);
    const name = Buffer.alloc(IFNAMSIZ);
    const sa = Buffer.alloc(2);
    const data = Buffer.alloc(IF_DATA.size);
    for (let p = head, guard = 0; p !== 0 && guard < 65536; guard++) {
      api.copy(entry, p, IFADDRS.size);
      const addr = u64(entry, IFADDRS.addr);
      const dataPtr = u64(entry, IFADDRS.data);
      if (addr !== 0 && dataPtr !== 0) {
        api.copy(sa, addr, 2);
        // struct sockaddr: sa_len, then sa_family (one byte each on the BSDs).
        if (sa[1] === AF_LINK) {
          api.copy(name, u64(entry, IFADDRS.name), IFNAMSIZ);
          api.copy(data, dataPtr, IF_DATA.size);
          const d = decodeIfData(data);
          if (d === undefined) {
            throw new StatError(
              'PARSE',
              'getifaddrs',
              `struct if_data of ${readCString(name, 0, IFNAMSIZ)} announces ${readU16(data, IF_DATA.datalen)} bytes; sysgrab reads the ${IF_DATA.size}-byte layout of FreeBSD 11 and later`,
            );
          }
          out.push({ name: readCString(name, 0, IFNAMSIZ), flags: readU32(entry, IFADDRS.flags), data: d });
        }
      }
      p = u64(entry, IFADDRS.next);
    }
  } finally {
    if (head !== 0) api.freeifaddrs(head);
  }
  return out;
}

export function networkIoStats(o: Resolved): NetworkIoStats[] {
  const time = Date.now();
  return readLinks(netApiOf(o)).map((l) => ({
    interfaceName: l.name,
    tx: l.data.obytes,
    rx: l.data.ibytes,
    ipackets: l.data.ipackets,
    opackets: l.data.opackets,
    ierrors: l.data.ierrors,
    oerrors: l.data.oerrors,
    collisions: l.data.collisions,
    time,
  }));
}

/** Pure: link settings from an interface's if_data, flags and media word. */
export function ifaceFromLink(name: string, flags: number, baudrate: number, media: number | undefined): NetworkIfaceStats {
  const speed = Math.floor(baudrate / 1_000_000);
  return { interfaceName: name, speed, factor: speed > 0 ? 1_000_000 : 0, duplex: duplexOfMedia(media), up: (flags & IFF_UP) !== 0 };
}

export function networkIfaceStats(o: Resolved): NetworkIfaceStats[] {
  const api = netApiOf(o);
  const links = readLinks(api);
  const fd = api.socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    const errno = api.errno();
    throw new StatError('NATIVE', 'socket', `socket(AF_INET, SOCK_DGRAM) for SIOCGIFMEDIA failed: ${describeErrno(errno)}`, errno);
  }
  try {
    const req = Buffer.alloc(IFMEDIAREQ.size);
    return links.map((l) => {
      req.fill(0);
      req.write(l.name, IFMEDIAREQ.name, IFNAMSIZ - 1, 'utf8');
      // Interfaces without media (lo0, bridges, tun) answer EINVAL: duplex unknown.
      const media = api.ioctl(fd, SIOCGIFMEDIA, req) === 0 ? req.readInt32LE(IFMEDIAREQ.active) : undefined;
      return ifaceFromLink(l.name, l.flags, l.data.baudrate, media);
    });
  } finally {
    api.close(fd);
  }
}
