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
import type { Gauge, Registry, RegistryContentType } from 'prom-client';
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

/** One sample as prom-client's Registry reads it from get(). */
interface Value {
  value: number;
  labels: Record<string, string>;
  /** Always the same empty object: prom-client caches the rendering of sharedLabels by identity. */
  sharedLabels: Record<string, string>;
}

const NONE: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** What a family's metric needs to produce its samples at scrape time. */
type ValuesOf = () => Value[];

/** A metric this module made (a prom-client Gauge or Counter). */
type FamilyMetric = object;

type Config = { name: string; help: string; labelNames: string[]; registers: Registry<RegistryContentType>[] };

interface Classes {
  gauge: (config: Config, values: ValuesOf) => FamilyMetric;
  counter: (config: Config, values: ValuesOf) => FamilyMetric;
}

let promClient: PromClient | undefined;
let classes: Classes | undefined;

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
 * prom-client's Gauge and Counter, with get() (public API: what a Registry
 * calls on each scrape) answering from sysgrab's reading of that scrape.
 * Rather than collect() + reset() + set() per sample, which rebuild
 * prom-client's label store on every scrape, this hands the Registry the
 * samples as they are: half the CPU of a scrape (bench/export.ts). They
 * stay real Gauges and Counters: getMetricsAsJSON(), resetMetrics(),
 * Registry.merge() work on them.
 */
function familyClasses(client: PromClient): Classes {
  if (classes === undefined) {
    type Got = Awaited<ReturnType<Gauge<string>['get']>>;
    // Fields every prom-client metric has (its typings leave them out). `name`
    // is read at scrape time: an OpenMetrics Registry strips a counter's
    // `_total` from it in place before it calls get().
    type Fields = { name: string; help: string; type: string; aggregator: string };
    const got = (m: unknown, values: Value[]): Got => {
      const f = m as Fields;
      return { help: f.help, name: f.name, type: f.type, aggregator: f.aggregator, values } as unknown as Got;
    };
    // The same get() on both: a Registry reads Gauges and Counters alike.
    const answering = (Base: new (config: Config) => object) =>
      class extends Base {
        valuesOf: ValuesOf = () => [];
        async get(): Promise<Got> {
          return got(this, this.valuesOf());
        }
      };
    const FamilyGauge = answering(client.Gauge);
    const FamilyCounter = answering(client.Counter);
    const make =
      (C: ReturnType<typeof answering>) =>
      (config: Config, valuesOf: ValuesOf): FamilyMetric => {
        const m = new C(config);
        m.valuesOf = valuesOf;
        return m;
      };
    classes = { gauge: make(FamilyGauge), counter: make(FamilyCounter) };
  }
  return classes;
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
  const { gauge: makeGauge, counter: makeCounter } = familyClasses(loadPromClient());
  const made = new Map<string, FamilyMetric>();
  // The latest take() of each collector, indexed by family name.
  const index = new WeakMap<FamilySamples[], Map<string, FamilySamples>>();

  /** This scrape's families of `collector` by name, registering any not seen before (they show from the next scrape). */
  function take(collector: CollectorName): Map<string, FamilySamples> | undefined {
    const all = source.take(collector);
    if (all === undefined) return undefined;
    let m = index.get(all);
    if (m === undefined) {
      m = new Map();
      for (const f of all) {
        m.set(f.family.name, f);
        if (!made.has(f.family.name)) add(f.family, collector, false);
      }
      index.set(all, m);
    }
    return m;
  }

  function values(family: Family, collector: CollectorName): Value[] {
    const out: Value[] = [];
    for (const s of take(collector)?.get(family.name)?.samples ?? []) {
      // Never NaN, never a negative count: such a sample is left out.
      if (Number.isFinite(s.value) && s.value >= 0) out.push({ value: s.value, labels: s.labels ?? NONE, sharedLabels: NONE });
    }
    return out;
  }

  function metric(family: Family, valuesOf: ValuesOf): FamilyMetric {
    const config = { name: family.name, help: family.help, labelNames: [...family.labelNames], registers: [register] };
    return family.type === 'counter' ? makeCounter(config, valuesOf) : makeGauge(config, valuesOf);
  }

  function add(family: Family, collector: CollectorName, strict: boolean): void {
    try {
      made.set(
        family.name,
        metric(family, () => values(family, collector)),
      );
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
    metric(SCRAPE_ERRORS, () => {
      takeAll();
      return [...source.errors()].map(([collector, n]) => ({ value: n, labels: { collector }, sharedLabels: NONE }));
    }),
  );
  if (extra.scrapeSuccess) {
    made.set(
      SCRAPE_SUCCESS.name,
      metric(SCRAPE_SUCCESS, () => {
        takeAll();
        return source.collectors.map((c) => ({ value: source.succeeded(c.name) ? 1 : 0, labels: { collector: c.name }, sharedLabels: NONE }));
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
