/**
 * Timing and formatting helpers for `npm run bench`. The bench reports; it never judges a
 * time as a failure (goals are printed as information only).
 */

/** Median of a numeric list (mean of the two middle values for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** { median, min, max, samples } of a list of sample values (and the median of `cpu` values when given). */
export function summarize(xs, cpu) {
  const out = { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), samples: xs.length };
  if (cpu) out.cpuMedian = median(cpu);
  return out;
}

const nowNs = () => process.hrtime.bigint();
/** CPU seconds used by this process so far (user + system, all its threads). */
const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

/**
 * Per-step seconds of `run(ctx, steps)`. `prepare()` (untimed) returns a fresh context
 * before every timed call, `cleanup(ctx)` (untimed) frees it. One call calibrates how many
 * calls make a sample last about `minSampleMs`; `warmup` samples are discarded, then
 * `samples` samples are kept. Each sample's value is its total timed time / its steps.
 * The process's CPU time over the same calls is kept too: on a loaded machine it shows the
 * cost of the work itself, without the time spent waiting for a core.
 */
export function measureSteps({ prepare, run, cleanup = () => {}, steps, cfg, maxReps = 2000 }) {
  let cpu = 0;
  const timedCall = () => {
    const ctx = prepare();
    const c0 = cpuSeconds();
    const t0 = nowNs();
    run(ctx, steps);
    const dt = Number(nowNs() - t0) / 1e9;
    cpu += cpuSeconds() - c0;
    cleanup(ctx);
    return dt;
  };
  const once = timedCall();
  const reps = Math.max(1, Math.min(maxReps, Math.ceil(cfg.minSampleMs / 1000 / Math.max(once, 1e-9))));
  const values = [];
  const cpus = [];
  for (let k = 0; k < cfg.warmup + cfg.samples; k++) {
    let total = 0;
    cpu = 0;
    for (let r = 0; r < reps; r++) total += timedCall();
    if (k >= cfg.warmup) { values.push(total / (reps * steps)); cpus.push(cpu / (reps * steps)); }
  }
  return { ...summarize(values, cpus), steps: reps * steps };
}

/** Seconds of whole runs of `fn` (which may return its own duration in seconds). */
export async function measureRuns(fn, { warmup, samples }) {
  const values = [];
  const cpus = [];
  for (let k = 0; k < warmup + samples; k++) {
    const c0 = cpuSeconds();
    const t0 = nowNs();
    const own = await fn(k < warmup);
    const dt = typeof own === 'number' ? own : Number(nowNs() - t0) / 1e9;
    if (k >= warmup) { values.push(dt); cpus.push(cpuSeconds() - c0); }
  }
  return summarize(values, cpus);
}

/** A duration in seconds as '37 ns', '4.2 µs', '12.3 ms', '1.25 s'. */
export function formatSeconds(s) {
  if (!Number.isFinite(s)) return '—';
  const a = Math.abs(s);
  const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  if (a < 1e-6) return `${fmt(s * 1e9)} ns`;
  if (a < 1e-3) return `${fmt(s * 1e6)} µs`;
  if (a < 1) return `${fmt(s * 1e3)} ms`;
  return `${fmt(s)} s`;
}

/** A value in its unit: seconds formatted as durations, MB with one decimal. */
export function formatValue(v, unit) {
  if (v == null || !Number.isFinite(v)) return '—';
  if (unit === 'MB') return `${v.toFixed(1)} MB`;
  return formatSeconds(v);
}

/** A ratio as '×123', '×1.05', '×0.31'. */
export function formatRatio(r) {
  if (r == null || !Number.isFinite(r)) return '';
  return `×${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}`;
}

/** A markdown table with columns padded to equal width (readable as plain text too). */
export function markdownTable(header, rows) {
  const cells = [header, ...rows].map((r) => r.map((c) => String(c ?? '').replace(/\|/g, '\\|')));
  const width = header.map((_, j) => Math.max(3, ...cells.map((r) => [...r[j]].length)));
  const line = (r) => `| ${r.map((c, j) => c + ' '.repeat(width[j] - [...c].length)).join(' | ')} |`;
  return [line(cells[0]), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}
