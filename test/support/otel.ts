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

/** One collection of `options` through a MeterProvider with the in-memory exporter; the provider is shut down after. */
export async function collect(options: OtelOptions): Promise<{ points: Point[]; errors: string[] }> {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  const errors: string[] = [];
  try {
    registerSystemMetrics(provider.getMeter('sysgrab-test'), { ...options, onError: (g) => errors.push(g) });
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
  } finally {
    await provider.shutdown();
  }
}

export function value(points: Point[], name: string, attributes: Record<string, string> = {}): number | undefined {
  const want = JSON.stringify(Object.entries(attributes).sort());
  return points.find((p) => p.name === name && JSON.stringify(Object.entries(p.attributes).sort()) === want)?.value;
}
