/**
 * Side-by-side timing: the machine is shared and noisy, so absolute times drift. Two functions
 * run alternately in one process, and the ratio of their medians is what a result reports.
 */
export interface Timing {
  medianMs: number;
  p99Ms: number;
  runs: number;
}

export function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { medianMs: round(at(0.5)), p99Ms: round(at(0.99)), runs: samples.length };
}

export function round(value: number, digits = 4): number {
  return Number(value.toPrecision(digits));
}

/** Runs a and b alternately (after a warm-up) and returns both timings and median(a) / median(b). */
export function compare(a: () => unknown, b: () => unknown, runs: number): { a: Timing; b: Timing; ratio: number } {
  for (let i = 0; i < Math.min(10, runs); i++) {
    a();
    b();
  }
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let i = 0; i < runs; i++) {
    samplesA.push(time(a));
    samplesB.push(time(b));
  }
  const timingA = summarize(samplesA);
  const timingB = summarize(samplesB);
  return { a: timingA, b: timingB, ratio: round(timingA.medianMs / timingB.medianMs, 3) };
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** compare() for asynchronous work: a and b alternately (after a warm-up), awaited one at a time. */
export async function compareAsync(a: () => Promise<unknown>, b: () => Promise<unknown>, runs: number): Promise<{ a: Timing; b: Timing; ratio: number }> {
  for (let i = 0; i < Math.min(5, runs); i++) {
    await a();
    await b();
  }
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let i = 0; i < runs; i++) {
    samplesA.push(await timeAsync(a));
    samplesB.push(await timeAsync(b));
  }
  const timingA = summarize(samplesA);
  const timingB = summarize(samplesB);
  return { a: timingA, b: timingB, ratio: round(timingA.medianMs / timingB.medianMs, 3) };
}
