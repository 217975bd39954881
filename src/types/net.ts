/** Network interface counters since the interface appeared (libstatgrab's `sg_network_io_stats`). */
export interface NetworkIoStats {
  interfaceName: string;
  /** Bytes sent. */
  tx: number;
  /** Bytes received. */
  rx: number;
  ipackets: number;
  opackets: number;
  ierrors: number;
  oerrors: number;
  collisions: number;
  /** When the counters were read, in milliseconds since the epoch (libstatgrab's `systime`, which is in seconds). */
  time: number;
}

/** Link settings (libstatgrab's `sg_network_iface_stats`). */
export interface NetworkIfaceStats {
  interfaceName: string;
  /**
   * Link speed in units of `factor` bits per second, i.e. Mb/s; 0 when
   * unknown (an interface that is down, loopback, Wi-Fi on Linux). FreeBSD:
   * from `ifi_baudrate`, so 25G and 100G are right (libstatgrab reports 0).
   */
  speed: number;
  /** 1000000 when `speed` is known, else 0. */
  factor: number;
  duplex: 'full' | 'half' | 'unknown';
  /** IFF_UP: administratively up (not "has a link"). */
  up: boolean;
}

/** Rates between two samples (networkIoRates), per second. */
export interface NetworkIoRate {
  interfaceName: string;
  txPerSecond: number;
  rxPerSecond: number;
  ipacketsPerSecond: number;
  opacketsPerSecond: number;
  ierrorsPerSecond: number;
  oerrorsPerSecond: number;
  collisionsPerSecond: number;
  /** A 32-bit counter wrapped between the samples (counted across the wrap). */
  wrapped: boolean;
  /** A counter went backwards for another reason (interface re-created): counted from 0. */
  reset: boolean;
}
