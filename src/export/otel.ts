/**
 * sysgrab/otel: the system's memory, paging, CPU, file systems, disks and
 * network as OpenTelemetry observable instruments, named, typed and
 * attributed as the semantic conventions say (model/system/metrics.yaml:
 * system.memory.*, system.paging.*, system.cpu.*, system.uptime,
 * system.process.count, system.filesystem.*, system.disk.*,
 * system.network.*), so
 * that an OTel collector's hostmetrics dashboards show them.
 *
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * import { registerSystemMetrics } from 'sysgrab/otel';
 * registerSystemMetrics(metrics.getMeter('my-service'));
 * ```
 *
 * In a container, container.memory.usage, .working_set and .available.
 *
 * @opentelemetry/api is an optional peer dependency, loaded by this entry
 * only. A drop-in for the memory part of @opentelemetry/host-metrics, with
 * the conventions' instrument kinds (host-metrics reports system.memory.usage
 * as a gauge of used/free only, from os.totalmem()/os.freemem()).
 */
import type { Attributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import { StatError } from '../errors.js';
import { cpuPercents } from '../diff.js';
import { getContainerMemStats, getCpuStats, getDiskIoStats, getFsStats, getHostInfo, getMemStats, getNetworkIoStats, getProcessCount, getSwapStats } from '../index.js';
import { resolveOptions } from '../options.js';
import type { ContainerMemStats } from '../types/container.js';
import type { CpuStats, CpuTicks } from '../types/cpu.js';
import type { DiskIoStats } from '../types/disk.js';
import type { FsStats } from '../types/fs.js';
import type { HostInfo } from '../types/host.js';
import type { MemStats } from '../types/mem.js';
import type { NetworkIoStats } from '../types/net.js';
import type { ProcessCount } from '../types/process.js';
import type { StatOptions } from '../types/options.js';
import type { SwapStats } from '../types/swap.js';
import { CPU_FIELDS, type CpuSeconds, guardCpuSeconds } from './collectors.js';

/** The groups of instruments, each read by one getter: a getter's failure leaves out its group for that collection. */
export type OtelGroup = 'memory' | 'paging' | 'container' | 'cpu' | 'host' | 'processes' | 'filesystem' | 'disk' | 'network';

export interface OtelOptions extends StatOptions {
  /**
   * Groups to observe (default: all but `processes`, which reads every
   * /proc/<pid>/stat on each collection: turn it on with `{ processes: true }`).
   */
  groups?: Partial<Record<OtelGroup, boolean>>;
  /**
   * system.cpu.time and system.cpu.utilization per CPU, with the
   * conventions' opt-in `cpu.logical_number` attribute (default: the whole
   * machine, without it).
   */
  perCpu?: boolean;
  /** Called with a getter's failure (the group's instruments are not observed that time); must not throw. */
  onError?: (group: OtelGroup, error: unknown) => void;
}

export interface OtelRegistration {
  /** Stop observing (the instruments stay on the meter, without values). */
  unregister(): void;
}

type OtelApi = typeof import('@opentelemetry/api');

function loadApi(): OtelApi {
  try {
    return require('@opentelemetry/api') as OtelApi;
  } catch (err) {
    throw new StatError('LIBRARY', '@opentelemetry/api', 'sysgrab/otel needs @opentelemetry/api, an optional peer dependency: npm install @opentelemetry/api', undefined, { cause: err });
  }
}

/** One observation: an instrument's value and attributes. */
export interface Observation {
  instrument: string;
  value: number;
  attributes: Attributes;
}

/**
 * system.memory.* from MemStats. `used` is total − available, as the
 * conventions define it ("MemTotal - MemAvailable"); `free` is memory
 * nobody holds: Linux MemFree (sysgrab's libstatgrab `free` less Cached),
 * FreeBSD the free queue (less the inactive and cache queues libstatgrab adds).
 * The states overlap (free and cached are both part of what is not `used`),
 * as they do in the conventions.
 */
export function memoryObservations(m: MemStats, platform: string): Observation[] {
  const free = Math.max(0, m.free - m.cache - (platform === 'freebsd' ? (m.inactive ?? 0) : 0));
  const states: [string, number | undefined][] = [
    ['used', m.total - m.available],
    ['free', free],
    ['cached', m.cache],
    ['buffers', m.buffers],
  ];
  const out: Observation[] = [{ instrument: 'system.memory.limit', value: m.total, attributes: {} }];
  for (const [state, value] of states) {
    if (value === undefined) continue;
    out.push({ instrument: 'system.memory.usage', value, attributes: { 'system.memory.state': state } });
    if (m.total > 0) out.push({ instrument: 'system.memory.utilization', value: value / m.total, attributes: { 'system.memory.state': state } });
  }
  if (platform === 'linux') {
    out.push({ instrument: 'system.memory.linux.available', value: m.available, attributes: {} });
    if (m.shared !== undefined) out.push({ instrument: 'system.memory.linux.shared', value: m.shared, attributes: {} });
  }
  return out;
}

/** system.paging.* per swap device (`system.device`), or for the whole when devices are unknown. */
export function pagingObservations(s: SwapStats): Observation[] {
  const out: Observation[] = [];
  const rows = s.devices?.map((d) => ({ attributes: { 'system.device': d.name }, total: d.total, used: d.used })) ?? [{ attributes: {}, total: s.total, used: s.used }];
  for (const r of rows) {
    const free = Math.max(0, r.total - r.used);
    for (const [state, value] of [
      ['used', r.used],
      ['free', free],
    ] as const) {
      const attributes = { ...r.attributes, 'system.paging.state': state };
      out.push({ instrument: 'system.paging.usage', value, attributes });
      if (r.total > 0) out.push({ instrument: 'system.paging.utilization', value: value / r.total, attributes });
    }
  }
  return out;
}

/**
 * container.memory.* of this process's cgroup (or jail), as the conventions
 * (model/container/metrics.yaml) derive them from cAdvisor and kubelet:
 * usage, working set, and available = limit − working set, left out without
 * a limit. (sysgrab's own ContainerMemStats.available also caps it at the
 * host's available; the convention's figure is kubelet's.)
 */
export function containerObservations(c: ContainerMemStats | null): Observation[] {
  if (c === null) return [];
  const out: Observation[] = [];
  if (c.usage !== undefined) out.push({ instrument: 'container.memory.usage', value: c.usage, attributes: {} });
  if (c.workingSet !== undefined) {
    out.push({ instrument: 'container.memory.working_set', value: c.workingSet, attributes: {} });
    if (c.limit !== undefined) out.push({ instrument: 'container.memory.available', value: Math.max(0, c.limit - c.workingSet), attributes: {} });
  }
  return out;
}

/** The conventions' cpu.mode values and the CpuTicks fields each adds up (Linux irq and softirq are both `interrupt`). */
const CPU_MODES: readonly [string, readonly (keyof CpuTicks)[]][] = [
  ['user', ['user']],
  ['system', ['kernel']],
  ['nice', ['nice']],
  ['idle', ['idle']],
  ['iowait', ['iowait']],
  ['interrupt', ['irq', 'softirq']],
  ['steal', ['steal']],
];

/** A mode's figure from one row of fields, or undefined when the platform has none of its fields. */
function modeSum(fields: readonly (keyof CpuTicks)[], get: (f: keyof CpuTicks) => number | undefined): number | undefined {
  let sum: number | undefined;
  for (const f of fields) {
    const v = get(f);
    if (v !== undefined) sum = (sum ?? 0) + v;
  }
  return sum;
}

/** The row key of the whole machine in guarded seconds (CPU numbers are 0 and up). */
export const ALL_CPUS = -1;

/**
 * system.cpu.time from guarded seconds (guardCpuSeconds: counters that never
 * go back, as node_exporter keeps them): per `cpu.mode`, and per
 * `cpu.logical_number` when the row is a CPU's. Linux only: the seconds are
 * /proc/stat's USER_HZ ticks.
 */
export function cpuTimeObservations(seconds: CpuSeconds): Observation[] {
  const out: Observation[] = [];
  for (const [cpu, row] of seconds) {
    const get = (f: keyof CpuTicks) => {
      const i = CPU_FIELDS.indexOf(f as (typeof CPU_FIELDS)[number]);
      return i < 0 ? undefined : row[i];
    };
    for (const [mode, fields] of CPU_MODES) {
      const value = modeSum(fields, get);
      if (value === undefined) continue;
      out.push({ instrument: 'system.cpu.time', value, attributes: cpu === ALL_CPUS ? { 'cpu.mode': mode } : { 'cpu.mode': mode, 'cpu.logical_number': cpu } });
    }
  }
  return out;
}

/**
 * system.cpu.utilization between two readings: each mode's share of the
 * ticks that elapsed (cpuPercents / 100), so per CPU it is the mode's time
 * over the elapsed time, and for the whole machine the mean over its CPUs
 * (0 to 1). Nothing before a previous reading exists, or when no tick elapsed.
 */
export function cpuUtilizationObservations(before: CpuStats, after: CpuStats, perCpu: boolean): Observation[] {
  const out: Observation[] = [];
  const add = (b: CpuTicks, a: CpuTicks, attributes: Attributes) => {
    const p = cpuPercents(b, a);
    if (p.ticks <= 0) return;
    for (const [mode, fields] of CPU_MODES) {
      const value = modeSum(fields, (f) => p[f as keyof typeof p] as number | undefined);
      if (value !== undefined) out.push({ instrument: 'system.cpu.utilization', value: value / 100, attributes: { ...attributes, 'cpu.mode': mode } });
    }
  };
  if (!perCpu) add(before, after, {});
  else
    for (const c of after.perCpu) {
      const b = before.perCpu.find((x) => x.cpu === c.cpu);
      if (b !== undefined) add(b, c, { 'cpu.logical_number': c.cpu });
    }
  return out;
}

/** system.uptime (whole seconds, as getHostInfo has it) and system.cpu.logical.count (CPUs online). */
export function hostObservations(h: HostInfo): Observation[] {
  return [
    { instrument: 'system.uptime', value: h.uptime, attributes: {} },
    { instrument: 'system.cpu.logical.count', value: h.ncpus, attributes: {} },
  ];
}

/** system.process.count per `process.state` (zombies are `defunct`; processes in a state libstatgrab calls unknown are left out). */
export function processObservations(c: ProcessCount): Observation[] {
  const states: [string, number][] = [
    ['running', c.running],
    ['sleeping', c.sleeping],
    ['stopped', c.stopped],
    ['defunct', c.zombie],
  ];
  return states.map(([state, value]) => ({ instrument: 'system.process.count', value, attributes: { 'process.state': state } }));
}

/**
 * system.filesystem.usage and .utilization per mount, by
 * `system.filesystem.state`: used (size − free), free (what an unprivileged
 * user may still use) and reserved (free only to root), which add up to the
 * size as the conventions ask.
 */
export function filesystemObservations(list: readonly FsStats[]): Observation[] {
  const out: Observation[] = [];
  for (const fs of list) {
    const size = fs.totalBlocks * fs.blockSize;
    const free = fs.freeBlocks * fs.blockSize;
    const avail = fs.availBlocks * fs.blockSize;
    const base = {
      'system.device': fs.deviceName,
      'system.filesystem.mountpoint': fs.mntPoint,
      'system.filesystem.type': fs.fsType,
      'system.filesystem.mode': fs.readOnly ? 'ro' : 'rw',
    };
    for (const [state, value] of [
      ['used', Math.max(0, size - free)],
      ['free', avail],
      ['reserved', Math.max(0, free - avail)],
    ] as const) {
      const attributes = { ...base, 'system.filesystem.state': state };
      out.push({ instrument: 'system.filesystem.usage', value, attributes });
      if (size > 0) out.push({ instrument: 'system.filesystem.utilization', value: value / size, attributes });
    }
  }
  return out;
}

/** system.disk.io (bytes) and system.disk.operations per `system.device` and `disk.io.direction`. */
export function diskObservations(list: readonly DiskIoStats[]): Observation[] {
  const out: Observation[] = [];
  for (const d of list) {
    for (const [direction, bytes, operations] of [
      ['read', d.readBytes, d.readOps],
      ['write', d.writeBytes, d.writeOps],
    ] as const) {
      const attributes = { 'system.device': d.diskName, 'disk.io.direction': direction };
      out.push({ instrument: 'system.disk.io', value: bytes, attributes });
      out.push({ instrument: 'system.disk.operations', value: operations, attributes });
    }
  }
  return out;
}

/** system.network.io (bytes), .packet.count and .errors per `network.interface.name` and `network.io.direction`. */
export function networkObservations(list: readonly NetworkIoStats[]): Observation[] {
  const out: Observation[] = [];
  for (const n of list) {
    for (const [direction, bytes, packets, errors] of [
      ['receive', n.rx, n.ipackets, n.ierrors],
      ['transmit', n.tx, n.opackets, n.oerrors],
    ] as const) {
      const attributes = { 'network.interface.name': n.interfaceName, 'network.io.direction': direction };
      out.push({ instrument: 'system.network.io', value: bytes, attributes });
      out.push({ instrument: 'system.network.packet.count', value: packets, attributes });
      out.push({ instrument: 'system.network.errors', value: errors, attributes });
    }
  }
  return out;
}

/**
 * Observe the system's memory, paging, CPU, host, file systems, disks and network on `meter` (an
 * @opentelemetry/api Meter). Values are read when the SDK collects, each
 * getter once per collection; system.cpu.utilization from the second
 * collection on (it is a change between two).
 * @throws StatError `LIBRARY` without @opentelemetry/api.
 */
export function registerSystemMetrics(meter: Meter, options: OtelOptions = {}): OtelRegistration {
  const { ValueType } = loadApi();
  const { groups, onError, perCpu = false, ...statOptions } = options;
  const platform = resolveOptions(statOptions).platform;
  // system.* are the host's figures, whatever SYSGRAB_SCOPE says.
  const host = { ...statOptions, scope: 'host' as const };
  const bytes = (name: string, description: string) => meter.createObservableUpDownCounter(name, { description, unit: 'By', valueType: ValueType.INT });
  const ratio = (name: string, description: string) => meter.createObservableGauge(name, { description, unit: '1', valueType: ValueType.DOUBLE });
  const instruments = new Map<string, Observable>();
  const on = (g: OtelGroup) => (g === 'processes' ? groups?.[g] === true : groups?.[g] !== false);
  if (on('memory')) {
    instruments.set('system.memory.usage', bytes('system.memory.usage', 'Reports memory in use by state.'));
    instruments.set('system.memory.limit', bytes('system.memory.limit', 'Total virtual memory available in the system.'));
    instruments.set('system.memory.utilization', ratio('system.memory.utilization', 'Percentage of memory bytes in use.'));
    if (platform === 'linux') {
      instruments.set('system.memory.linux.available', bytes('system.memory.linux.available', 'An estimate of how much memory is available for starting new applications, without causing swapping.'));
      instruments.set('system.memory.linux.shared', bytes('system.memory.linux.shared', 'Shared memory used (mostly by tmpfs).'));
    }
  }
  if (on('container')) {
    instruments.set('container.memory.usage', bytes('container.memory.usage', 'Memory usage of the container.'));
    instruments.set('container.memory.working_set', bytes('container.memory.working_set', 'Container memory working set.'));
    instruments.set('container.memory.available', bytes('container.memory.available', 'Container memory available.'));
  }
  if (on('paging')) {
    instruments.set('system.paging.usage', bytes('system.paging.usage', 'UNIX swap or windows pagefile usage.'));
    instruments.set('system.paging.utilization', ratio('system.paging.utilization', 'Swap (UNIX) or pagefile (windows) utilization.'));
  }
  // Where a platform has no such getter, its group has no instruments (rather than one failure per collection).
  const cpuTime = platform === 'linux' || platform === 'android';
  const hasCpu = cpuTime || platform === 'freebsd';
  if (on('cpu') && hasCpu) {
    if (cpuTime) {
      instruments.set('system.cpu.time', meter.createObservableCounter('system.cpu.time', { description: 'Seconds each logical CPU spent on each mode.', unit: 's', valueType: ValueType.DOUBLE }));
    }
    instruments.set(
      'system.cpu.utilization',
      ratio('system.cpu.utilization', 'For each logical CPU, the utilization is calculated as the change in cumulative CPU time (cpu.time) over a measurement interval, divided by the elapsed time.'),
    );
  }
  if (on('host') && hasCpu) {
    instruments.set('system.uptime', meter.createObservableGauge('system.uptime', { description: 'The time the system has been running.', unit: 's', valueType: ValueType.DOUBLE }));
    instruments.set(
      'system.cpu.logical.count',
      meter.createObservableUpDownCounter('system.cpu.logical.count', {
        description: 'Reports the number of logical (virtual) processor cores created by the operating system to manage multitasking.',
        unit: '{cpu}',
        valueType: ValueType.INT,
      }),
    );
  }
  if (on('processes') && hasCpu) {
    instruments.set(
      'system.process.count',
      meter.createObservableUpDownCounter('system.process.count', { description: 'Total number of processes in each state.', unit: '{process}', valueType: ValueType.INT }),
    );
  }
  const counter = (name: string, description: string, unit: string) => meter.createObservableCounter(name, { description, unit, valueType: ValueType.INT });
  if (on('filesystem') && hasCpu) {
    instruments.set('system.filesystem.usage', bytes('system.filesystem.usage', "Reports a filesystem's space usage across different states."));
    instruments.set('system.filesystem.utilization', ratio('system.filesystem.utilization', 'Fraction of filesystem bytes used.'));
  }
  if (on('disk') && hasCpu) {
    instruments.set('system.disk.io', counter('system.disk.io', 'Disk bytes transferred.', 'By'));
    instruments.set('system.disk.operations', counter('system.disk.operations', 'Disk operations count.', '{operation}'));
  }
  if (on('network') && hasCpu) {
    instruments.set('system.network.io', counter('system.network.io', 'The number of bytes transmitted and received.', 'By'));
    instruments.set('system.network.packet.count', counter('system.network.packet.count', 'The number of packets transferred.', '{packet}'));
    instruments.set('system.network.errors', counter('system.network.errors', 'Count of network errors detected.', '{error}'));
  }
  // What the cpu group keeps between collections: its last reading and guarded seconds.
  let lastCpu: CpuStats | undefined;
  let guarded: CpuSeconds | undefined;

  const report = (group: OtelGroup, error: unknown) => {
    try {
      onError?.(group, error);
    } catch {
      // A hook that throws must not fail the collection.
    }
  };
  const observe = (result: BatchObservableResult, list: Observation[]) => {
    for (const o of list) {
      const instrument = instruments.get(o.instrument);
      if (instrument !== undefined && Number.isFinite(o.value)) result.observe(instrument, o.value, o.attributes);
    }
  };
  const callback = (result: BatchObservableResult) => {
    if (on('memory')) {
      try {
        observe(result, memoryObservations(getMemStats(host), platform));
      } catch (err) {
        report('memory', err);
      }
    }
    if (on('paging')) {
      try {
        observe(result, pagingObservations(getSwapStats(host)));
      } catch (err) {
        report('paging', err);
      }
    }
    if (on('container')) {
      try {
        observe(result, containerObservations(getContainerMemStats(statOptions)));
      } catch (err) {
        report('container', err);
      }
    }
    if (instruments.has('system.cpu.utilization')) {
      try {
        const now = getCpuStats(host);
        if (instruments.has('system.cpu.time')) {
          const rows = perCpu ? now.perCpu : [{ ...now, perCpu: [], cpu: ALL_CPUS }];
          guarded = guardCpuSeconds(guarded, rows);
          observe(result, cpuTimeObservations(guarded));
        }
        if (lastCpu !== undefined) observe(result, cpuUtilizationObservations(lastCpu, now, perCpu));
        lastCpu = now;
      } catch (err) {
        report('cpu', err);
      }
    }
    if (instruments.has('system.uptime')) {
      try {
        observe(result, hostObservations(getHostInfo(host)));
      } catch (err) {
        report('host', err);
      }
    }
    if (instruments.has('system.filesystem.usage')) {
      try {
        // The file systems that store data (getFsStats' default 'real' filter: no proc, tmpfs, bind mounts, network mounts).
        observe(result, filesystemObservations(getFsStats(host)));
      } catch (err) {
        report('filesystem', err);
      }
    }
    if (instruments.has('system.disk.io')) {
      try {
        observe(result, diskObservations(getDiskIoStats(host)));
      } catch (err) {
        report('disk', err);
      }
    }
    if (instruments.has('system.network.io')) {
      try {
        observe(result, networkObservations(getNetworkIoStats(host)));
      } catch (err) {
        report('network', err);
      }
    }
    if (instruments.has('system.process.count')) {
      try {
        observe(result, processObservations(getProcessCount(host)));
      } catch (err) {
        report('processes', err);
      }
    }
  };
  const list = [...instruments.values()];
  meter.addBatchObservableCallback(callback, list);
  return {
    unregister() {
      meter.removeBatchObservableCallback(callback, list);
    },
  };
}
