/** The p-th percentile (0–100) of the values, nearest rank; NaN values are left out. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
