// Small statistics and formatting helpers shared by the benchmark suites.
import { loadavg } from 'node:os';

/** The median of numbers (the mean of the two middle ones for an even count). */
export const median = (xs) => {
  const v = [...xs].sort((x, y) => x - y);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

/** The q-quantile of numbers (nearest rank, 0 ≤ q ≤ 1). */
export const quantile = (xs, q) => {
  const v = [...xs].sort((x, y) => x - y);
  return v[Math.min(v.length - 1, Math.floor(q * v.length))];
};

/** The load averages of 1, 5 and 15 minutes, as "a b c". */
export const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** A count or rate rounded, with thousands separators. */
export const fmt = (x) => Math.round(x).toLocaleString('en-US');

/** "min–max" of numbers with d decimals. */
export const range = (xs, d) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
