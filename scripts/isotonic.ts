// Monotone calibration for scripts/fit.ts and fit-match.ts.
/** Pool adjacent violators over (score, outcome), then one point per pooled block, at most ~10 points. */
export function isotonic(points: [number, number][]): [number, number][] {
  const blocks: {n: number; sum: number; x: number}[] = []
  for (const [x, y] of points) {
    blocks.push({n: 1, sum: y, x})
    while (blocks.length > 1 && blocks.at(-2)!.sum / blocks.at(-2)!.n >= blocks.at(-1)!.sum / blocks.at(-1)!.n) {
      const b = blocks.pop()!
      const a = blocks.at(-1)!
      a.sum += b.sum
      a.n += b.n
      a.x = b.x
    }
  }

  const out = blocks.map(
    (b) => [Math.round(b.x * 1000) / 1000, Math.round((b.sum / b.n) * 1000) / 1000] as [number, number],
  )
  return out.length > 10 ? out.filter((_, i) => i % Math.ceil(out.length / 10) === 0 || i === out.length - 1) : out
}
