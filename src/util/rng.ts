import seedrandom from 'seedrandom';

/** A seeded random source; every random choice in geo-graphnet draws from one of these. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller, one value per call so the stream is simple to reason about). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * seedrandom's xor4096 generator (long period, fast); next() draws with 32 bits of resolution,
 * plenty for dropout masks, sampling and initial weights.
 */
export function makeRng(seed: number | string): Rng {
  const r = seedrandom.xor4096(String(seed));
  const next = (): number => r();
  return {
    next,
    normal(): number {
      let u = next();
      while (u <= 0) u = next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    int(n: number): number {
      return Math.floor(next() * n);
    },
  };
}

/** Fisher–Yates shuffle in place, driven by the given RNG. */
export function shuffle<T>(arr: T[] | Int32Array, rng: Rng): void {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = arr[i];
    arr[i] = arr[j];
    arr[j] = t as never;
  }
}
