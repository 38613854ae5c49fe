/**
 * Benchmarks report ratios against a floor or baseline measured in the same run, never
 * absolute targets: the machines are shared and absolute times move by up to 2× between runs.
 */
export interface Measurement {
  name: string;
  value: number;
  unit: string;
  /** What the value is compared with (a floor: the least work that could do the job). */
  baseline: string;
  baselineValue: number;
  /** value / baselineValue. */
  ratio: number;
}

export interface Benchmark {
  name: string;
  run(): Promise<Measurement[]>;
}

export function measurement(name: string, value: number, unit: string, baseline: string, baselineValue: number): Measurement {
  return { name, value, unit, baseline, baselineValue, ratio: baselineValue === 0 ? Number.NaN : value / baselineValue };
}

/** Median of `rounds` timed runs of `fn`, in milliseconds, after `warmup` untimed runs. */
export async function medianMs(fn: () => unknown, rounds = 15, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return percentile(times, 50);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

export function formatTable(rows: readonly Measurement[]): string {
  const cells = rows.map((r) => [r.name, `${round(r.value)} ${r.unit}`, r.baseline, `${round(r.baselineValue)} ${r.unit}`, `${round(r.ratio)}×`]);
  const head = ['benchmark', 'value', 'baseline', 'baseline value', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function round(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3);
}
