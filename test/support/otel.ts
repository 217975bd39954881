import { AggregationTemporality, type DataPointType, InMemoryMetricExporter, MeterProvider, type MetricData, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { type OtelOptions, registerSystemMetrics } from '../../src/export/otel.js';

/* Reading sysgrab/otel the way an application's SDK would: a MeterProvider with the in-memory exporter. */

export interface Point {
  name: string;
  unit: string;
  type: DataPointType;
  monotonic: boolean | undefined;
  attributes: Record<string, unknown>;
  value: number;
}

export interface Session {
  /** One collection: its points and the groups that failed in it. */
  collect(): Promise<{ points: Point[]; errors: string[] }>;
  close(): Promise<void>;
}

/** registerSystemMetrics(options) on a MeterProvider with the in-memory exporter, collected on demand; close() shuts it down. */
export function session(options: OtelOptions): Session {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  let errors: string[] = [];
  registerSystemMetrics(provider.getMeter('sysgrab-test'), { ...options, onError: (g) => errors.push(g) });
  return {
    async collect() {
      errors = [];
      exporter.reset();
      await provider.forceFlush();
      const points: Point[] = [];
      for (const rm of exporter.getMetrics())
        for (const sm of rm.scopeMetrics)
          for (const m of sm.metrics as MetricData[])
            for (const p of m.dataPoints as { attributes: Record<string, unknown>; value: number }[]) {
              points.push({
                name: m.descriptor.name,
                unit: m.descriptor.unit,
                type: m.dataPointType,
                monotonic: 'isMonotonic' in m ? m.isMonotonic : undefined,
                attributes: p.attributes,
                value: p.value,
              });
            }
      // Copied now: shutdown() collects once more.
      return { points, errors: [...errors] };
    },
    close: () => provider.shutdown(),
  };
}

/** One collection of `options` through a MeterProvider with the in-memory exporter; the provider is shut down after. */
export async function collect(options: OtelOptions): Promise<{ points: Point[]; errors: string[] }> {
  const s = session(options);
  try {
    return await s.collect();
  } finally {
    await s.close();
  }
}

export function value(points: Point[], name: string, attributes: Record<string, string | number> = {}): number | undefined {
  const want = JSON.stringify(Object.entries(attributes).sort());
  return points.find((p) => p.name === name && JSON.stringify(Object.entries(p.attributes).sort()) === want)?.value;
}
