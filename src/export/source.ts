import { getContainerMemStats, getCpuStats, getDiskIoStats, getFsStats, getHostInfo, getLoadStats, getMeminfo, getMemPressure, getMemStats, getNetworkIoStats, getSwapStats } from '../index.js';
import { resolveOptions } from '../options.js';
import type { StatOptions } from '../types/options.js';
import type { MemPressure } from '../types/pressure.js';
import { type Carry, COLLECTORS, type Collector, type CollectorName, type FamilySamples, type Readings } from './collectors.js';

/*
 * Where the exports get their numbers: each scrape reads every getter it
 * needs once, whatever the number of families (prom-client calls one
 * collect() per family, all in one synchronous pass of registry.metrics()),
 * and a getter that throws costs its collectors that scrape, never the
 * scrape: the failure is counted and handed to onError.
 *
 * "One scrape" is one turn of the event loop: results are kept until the
 * next setImmediate, which runs after the synchronous collect() pass.
 */

/** Called with a getter's failure; it must not throw (what it throws is ignored). */
export type ErrorHook = (collector: CollectorName, error: unknown) => void;

export interface SourceOptions extends StatOptions {
  /** Collectors to run (default: every one that runs on this platform). */
  collectors?: Partial<Record<CollectorName, boolean>>;
  onError?: ErrorHook;
}

/** The cgroup's own PSI, without getMemPressure's fallback to the host's (Linux, Android; elsewhere none). */
function cgroupPressure(options: StatOptions): MemPressure | undefined {
  const o = resolveOptions(options);
  if (o.platform !== 'linux' && o.platform !== 'android') return undefined;
  return (require('../linux/index.js') as typeof import('../linux/index.js')).cgroupMemPressure(o);
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class Source {
  readonly platform: string;
  readonly collectors: readonly Collector[];
  private readonly statOptions: StatOptions;
  private readonly onError: ErrorHook | undefined;
  private readonly getters = new Map<string, Outcome>();
  private readonly results = new Map<CollectorName, FamilySamples[] | undefined>();
  private readonly errorCounts = new Map<CollectorName, number>();
  // What each collector keeps between scrapes (the cpu collector's last counters).
  private readonly carries = new Map<CollectorName, Carry>();
  private readonly lastSucceeded = new Map<CollectorName, boolean>();
  private scheduled = false;
  private readonly readings: Readings;

  constructor(options: SourceOptions = {}) {
    const { collectors, onError, ...statOptions } = options;
    this.statOptions = statOptions;
    this.onError = onError;
    this.platform = resolveOptions(statOptions).platform;
    this.collectors = COLLECTORS.filter((c) => c.platforms.includes(this.platform) && collectors?.[c.name] !== false);
    for (const c of this.collectors) this.errorCounts.set(c.name, 0);
    // node_exporter's figures are the host's, whatever SYSGRAB_SCOPE says.
    const host = { ...this.statOptions, scope: 'host' as const };
    const container = { ...this.statOptions, scope: 'container' as const };
    this.readings = {
      meminfo: () => this.getter('meminfo', () => getMeminfo(host)),
      memStats: () => this.getter('memStats', () => getMemStats(host)),
      swapStats: () => this.getter('swapStats', () => getSwapStats(host)),
      memPressure: () => this.getter('memPressure', () => getMemPressure(host)),
      containerMemStats: () => this.getter('containerMemStats', () => getContainerMemStats(this.statOptions)),
      containerPressure: () => this.getter('containerPressure', () => cgroupPressure(container)),
      cpuStats: () => this.getter('cpuStats', () => getCpuStats(host)),
      loadStats: () => this.getter('loadStats', () => getLoadStats(host)),
      hostInfo: () => this.getter('hostInfo', () => getHostInfo(host)),
      fsStats: () => this.getter('fsStats', () => getFsStats({ ...host, filter: 'all' })),
      diskIoStats: () => this.getter('diskIoStats', () => getDiskIoStats(host)),
      networkIoStats: () => this.getter('networkIoStats', () => getNetworkIoStats(host)),
    };
  }

  /**
   * This scrape's families of `name`, or undefined when it failed (counted)
   * or had nothing to report.
   */
  take(name: CollectorName): FamilySamples[] | undefined {
    this.schedule();
    if (this.results.has(name)) return this.results.get(name);
    const collector = this.collectors.find((c) => c.name === name);
    let out: FamilySamples[] | undefined;
    if (collector !== undefined) {
      try {
        let carry = this.carries.get(name);
        if (carry === undefined) this.carries.set(name, (carry = { value: undefined }));
        out = collector.collect(this.readings, this.platform, carry);
      } catch (error) {
        out = undefined;
        this.errorCounts.set(name, (this.errorCounts.get(name) ?? 0) + 1);
        try {
          this.onError?.(name, error);
        } catch {
          // A hook that throws must not turn into a failed scrape.
        }
      }
    }
    this.results.set(name, out);
    this.lastSucceeded.set(name, out !== undefined);
    return out;
  }

  /** Failures counted since this source was made, by collector. */
  errors(): ReadonlyMap<CollectorName, number> {
    return this.errorCounts;
  }

  /** Whether the collector's last take() had data (node_scrape_collector_success). */
  succeeded(name: CollectorName): boolean {
    return this.lastSucceeded.get(name) ?? false;
  }

  private getter<T>(key: string, read: () => T): T {
    let outcome = this.getters.get(key);
    if (outcome === undefined) {
      try {
        outcome = { ok: true, value: read() };
      } catch (error) {
        outcome = { ok: false, error };
      }
      this.getters.set(key, outcome);
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value as T;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.getters.clear();
      this.results.clear();
    }).unref();
  }
}
