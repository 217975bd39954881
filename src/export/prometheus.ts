/**
 * sysgrab/prometheus: the system's figures as prom-client metrics, with
 * node_exporter's names and meanings so that existing Grafana dashboards
 * work unchanged.
 *
 * ```ts
 * import { Registry } from 'prom-client';
 * import { registerSystemMetrics } from 'sysgrab/prometheus';
 * const register = new Registry();
 * registerSystemMetrics(register);
 * app.get('/metrics', async (_req, res) => res.type(register.contentType).send(await register.metrics()));
 * ```
 *
 * prom-client is an optional peer dependency, loaded by this entry only.
 * Each scrape reads every getter once; a getter that fails leaves its
 * collector's series out of that scrape and counts
 * `sysgrab_scrape_errors_total{collector}`: a scrape never throws.
 */
import type { Counter, Gauge, Registry, RegistryContentType } from 'prom-client';
import { StatError } from '../errors.js';
import { type CollectorName, type Family, type FamilySamples, SCRAPE_ERRORS, SCRAPE_SUCCESS } from './collectors.js';
import { Source, type SourceOptions } from './source.js';

export type { CollectorName } from './collectors.js';
export { COLLECTOR_NAMES } from './collectors.js';

/** sysgrab's options (procRoot, platform, ...) plus which collectors to run and an error hook. */
export type PrometheusOptions = SourceOptions;

export interface Registration {
  /** The collectors that run (those of this platform, less the disabled ones). */
  readonly collectors: readonly CollectorName[];
  /** Remove every metric this registration added from the registry. */
  unregister(): void;
}

type PromClient = typeof import('prom-client');
type AnyMetric = Gauge<string> | Counter<string>;

let promClient: PromClient | undefined;

/** prom-client, loaded on first use. @throws StatError `LIBRARY` when it is not installed. */
export function loadPromClient(): PromClient {
  if (promClient === undefined) {
    try {
      promClient = require('prom-client') as PromClient;
    } catch (err) {
      throw new StatError('LIBRARY', 'prom-client', 'sysgrab/prometheus needs prom-client, an optional peer dependency: npm install prom-client', undefined, { cause: err });
    }
  }
  return promClient;
}

/**
 * Add the system's metrics to `register` (a prom-client Registry). Every
 * collector of this platform runs unless `collectors` turns it off
 * (`{ swap: false }`). The families of /proc/meminfo are those of the
 * running kernel, learnt by one read now (a read that fails now is counted,
 * and the families appear from the scrape after the first one that works).
 * @throws StatError `LIBRARY` without prom-client; prom-client's own Error when
 *   a name is already registered.
 */
export function registerSystemMetrics(register: Registry<RegistryContentType>, options?: PrometheusOptions): Registration {
  return registerSource(register, new Source(options));
}

/**
 * registerSystemMetrics over a given Source: the exporter shares one between
 * its text and OpenMetrics registries, so a scrape of either reads once and
 * counts failures once. `scrapeSuccess` adds node_exporter's
 * node_scrape_collector_success{collector}.
 */
export function registerSource(register: Registry<RegistryContentType>, source: Source, extra: { scrapeSuccess?: boolean } = {}): Registration {
  const client = loadPromClient();
  const made = new Map<string, AnyMetric>();
  // The latest take() of each collector, indexed by family name.
  const index = new WeakMap<FamilySamples[], Map<string, FamilySamples>>();

  const byName = (all: FamilySamples[]): Map<string, FamilySamples> => {
    let m = index.get(all);
    if (m === undefined) {
      m = new Map(all.map((f) => [f.family.name, f]));
      index.set(all, m);
    }
    return m;
  };

  /** This scrape's families of `collector`, registering any not seen before (they show from the next scrape). */
  function take(collector: CollectorName): FamilySamples[] | undefined {
    const all = source.take(collector);
    if (all !== undefined) for (const f of all) if (!made.has(f.family.name)) add(f.family, collector, false);
    return all;
  }

  function fill(metric: AnyMetric, family: Family, collector: CollectorName): void {
    const all = take(collector);
    const mine = all === undefined ? undefined : byName(all).get(family.name);
    metric.reset();
    let written = 0;
    for (const s of mine?.samples ?? []) {
      if (!Number.isFinite(s.value) || s.value < 0) continue;
      if (family.type === 'counter') (metric as Counter<string>).inc(s.labels ?? {}, s.value);
      else (metric as Gauge<string>).set(s.labels ?? {}, s.value);
      written++;
    }
    // An unlabelled metric holds a 0 after reset(): drop it rather than report a made-up 0.
    if (written === 0 && family.labelNames.length === 0) metric.remove();
  }

  function add(family: Family, collector: CollectorName, strict: boolean): void {
    const config = {
      name: family.name,
      help: family.help,
      labelNames: family.labelNames as string[],
      registers: [register],
      collect(this: AnyMetric) {
        fill(this, family, collector);
      },
    };
    try {
      made.set(family.name, family.type === 'counter' ? new client.Counter(config) : new client.Gauge(config));
    } catch (err) {
      // At registration a clash with the caller's own metric is theirs to
      // know; during a scrape (a key the kernel started printing) it must
      // not fail the scrape.
      if (strict) throw err;
    }
  }

  for (const c of source.collectors) {
    const known = c.staticFamilies(source.platform);
    for (const family of known) add(family, c.name, true);
    if (known.length === 0) for (const f of source.take(c.name) ?? []) if (!made.has(f.family.name)) add(f.family, c.name, true);
  }

  // Every collector is taken before the bookkeeping families report, so
  // that they count this scrape (and learn families that failed before).
  const takeAll = () => {
    for (const c of source.collectors) take(c.name);
  };
  made.set(
    SCRAPE_ERRORS.name,
    new client.Counter({
      name: SCRAPE_ERRORS.name,
      help: SCRAPE_ERRORS.help,
      labelNames: SCRAPE_ERRORS.labelNames as string[],
      registers: [register],
      collect(this: Counter<string>) {
        takeAll();
        this.reset();
        for (const [collector, n] of source.errors()) this.inc({ collector }, n);
      },
    }),
  );
  if (extra.scrapeSuccess) {
    made.set(
      SCRAPE_SUCCESS.name,
      new client.Gauge({
        name: SCRAPE_SUCCESS.name,
        help: SCRAPE_SUCCESS.help,
        labelNames: SCRAPE_SUCCESS.labelNames as string[],
        registers: [register],
        collect(this: Gauge<string>) {
          takeAll();
          this.reset();
          for (const c of source.collectors) this.set({ collector: c.name }, source.succeeded(c.name) ? 1 : 0);
        },
      }),
    );
  }

  return {
    collectors: source.collectors.map((c) => c.name),
    unregister() {
      for (const name of made.keys()) register.removeSingleMetric(name);
      made.clear();
    },
  };
}
