/**
 * sysgrab/otel: the system's memory and paging as OpenTelemetry observable
 * instruments, named, typed and attributed as the semantic conventions say
 * (model/system/metrics.yaml: system.memory.*, system.paging.*), so that an
 * OTel collector's hostmetrics dashboards show them.
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
import { getContainerMemStats, getMemStats, getSwapStats } from '../index.js';
import { resolveOptions } from '../options.js';
import type { ContainerMemStats } from '../types/container.js';
import type { MemStats } from '../types/mem.js';
import type { StatOptions } from '../types/options.js';
import type { SwapStats } from '../types/swap.js';

/** The groups of instruments, each read by one getter: a getter's failure leaves out its group for that collection. */
export type OtelGroup = 'memory' | 'paging' | 'container';

export interface OtelOptions extends StatOptions {
  /** Groups to observe (default: all). */
  groups?: Partial<Record<OtelGroup, boolean>>;
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

/**
 * Observe the system's memory and paging on `meter` (an @opentelemetry/api
 * Meter). Values are read when the SDK collects, each getter once per
 * collection.
 * @throws StatError `LIBRARY` without @opentelemetry/api.
 */
export function registerSystemMetrics(meter: Meter, options: OtelOptions = {}): OtelRegistration {
  const { ValueType } = loadApi();
  const { groups, onError, ...statOptions } = options;
  const platform = resolveOptions(statOptions).platform;
  // system.* are the host's figures, whatever SYSGRAB_SCOPE says.
  const host = { ...statOptions, scope: 'host' as const };
  const bytes = (name: string, description: string) => meter.createObservableUpDownCounter(name, { description, unit: 'By', valueType: ValueType.INT });
  const ratio = (name: string, description: string) => meter.createObservableGauge(name, { description, unit: '1', valueType: ValueType.DOUBLE });
  const instruments = new Map<string, Observable>();
  const on = (g: OtelGroup) => groups?.[g] !== false;
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
  };
  const list = [...instruments.values()];
  meter.addBatchObservableCallback(callback, list);
  return {
    unregister() {
      meter.removeBatchObservableCallback(callback, list);
    },
  };
}
