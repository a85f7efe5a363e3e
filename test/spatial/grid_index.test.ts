import { describe, expect, it } from 'vitest';
import { GridIndex } from '../../src/spatial/grid_index';
import { knnAll, radiusAll } from '../../src/spatial/queries';
import { makeRng } from '../../src/util/rng';
import { bruteKnn, bruteRadius } from '../helpers/brute_force';

function uniform(seed: number, n: number, dim: number, scale = 1): number[] {
  const rng = makeRng(seed);
  return Array.from({ length: n * dim }, () => rng.next() * scale);
}

/** Integer lattice points: many exactly equal distances, so tie-breaking is exercised. */
function lattice(n: number, dim: number): number[] {
  const rng = makeRng(n);
  return Array.from({ length: n * dim }, () => rng.int(6));
}

/** Airborne-EM-like: stations 10–25 m apart along lines 1 km apart, 12 layers a few metres thick. */
function aemLike(lines: number, stations: number, layers: number): number[] {
  const rng = makeRng(99);
  const out: number[] = [];
  for (let l = 0; l < lines; l++) {
    let x = 0;
    for (let s = 0; s < stations; s++) {
      x += 10 + 15 * rng.next();
      let z = 0;
      for (let k = 0; k < layers; k++) {
        z -= 2 + k * 0.5;
        out.push(x, l * 1000 + rng.next() * 5, z);
      }
    }
  }
  return out;
}

/** Tight Gaussian clusters with a sparse background. */
function clustered(n: number): number[] {
  const rng = makeRng(5);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 10 === 0) { out.push(rng.next() * 100, rng.next() * 100, rng.next() * 100); continue; }
    const c = i % 3;
    out.push(20 + 30 * c + rng.normal() * 0.05, 50 + rng.normal() * 0.05, 50 + c + rng.normal() * 0.05);
  }
  return out;
}

describe('grid index kNN equals the brute-force oracle', () => {
  const sets: [string, number[], number][] = [
    ['uniform 2-D', uniform(1, 400, 2), 2],
    ['uniform 3-D', uniform(2, 500, 3, 1000), 3],
    ['lattice ties 2-D', lattice(300, 2), 2],
    ['lattice ties 3-D', lattice(400, 3), 3],
    ['duplicates', [...uniform(3, 60, 3), ...uniform(3, 60, 3)], 3],
    ['collinear', Array.from({ length: 100 }, (_, i) => [i % 7, 0]).flat(), 2],
    ['airborne-EM geometry', aemLike(4, 20, 12), 3],
    ['clustered', clustered(600), 3],
    ['tiny scale', uniform(4, 200, 3, 1e-9), 3],
    ['huge scale', uniform(5, 200, 3, 1e12), 3],
    ['1-D', uniform(6, 100, 1), 1],
  ];
  for (const [name, pts, dim] of sets) {
    for (const k of [1, 7, 16]) {
      it(`${name}, k = ${k}`, () => {
        const got = knnAll(new GridIndex(pts, dim), k).idx;
        expect(Array.from(got)).toEqual(Array.from(bruteKnn(pts, dim, k)));
      });
    }
  }
  it('L1 metric with per-axis scaling', () => {
    const pts = uniform(8, 300, 3);
    const scale = [1, 5, 0.2];
    const got = knnAll(new GridIndex(pts, 3, { p: 1, scale }), 9).idx;
    expect(Array.from(got)).toEqual(Array.from(bruteKnn(pts, 3, 9, 1, scale)));
  });
  it('Minkowski p = 3 in 4-D', () => {
    const pts = uniform(9, 250, 4);
    expect(Array.from(knnAll(new GridIndex(pts, 4, { p: 3 }), 5).idx)).toEqual(Array.from(bruteKnn(pts, 4, 5, 3)));
  });
  it('degenerate sizes: 0, 1 and 2 points; k larger than n', () => {
    expect(knnAll(new GridIndex([], 3), 4).idx.length).toBe(0);
    expect(Array.from(knnAll(new GridIndex([1, 2, 3], 3), 2).idx)).toEqual([-1, -1]);
    expect(Array.from(knnAll(new GridIndex([0, 0, 0, 1, 1, 1], 3), 3).idx)).toEqual([1, -1, -1, 0, -1, -1]);
  });
  it('returns true distances in ascending order', () => {
    const pts = uniform(10, 100, 2);
    const r = knnAll(new GridIndex(pts, 2), 4);
    const j = r.idx[0];
    expect(r.dist[0]).toBeCloseTo(Math.hypot(pts[0] - pts[2 * j], pts[1] - pts[2 * j + 1]), 12);
    for (let t = 1; t < 4; t++) expect(r.dist[t]).toBeGreaterThanOrEqual(r.dist[t - 1]);
  });
  it('rejects non-finite coordinates, naming the point', () => {
    expect(() => new GridIndex([0, 0, 1, NaN], 2)).toThrow(/coordinate 1 of point 1/);
  });
});

describe('radius queries equal the brute-force oracle', () => {
  for (const [name, pts, dim, r] of [
    ['uniform 3-D', uniform(11, 400, 3), 3, 0.15],
    ['lattice ties', lattice(300, 2), 2, 1],
    ['airborne-EM geometry', aemLike(3, 15, 10), 3, 30],
  ] as [string, number[], number, number][]) {
    it(name, () => {
      const got = radiusAll(new GridIndex(pts, dim), r);
      const pairs = Array.from(got.src, (s, e) => [s, got.dst[e]] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(pairs).toEqual(bruteRadius(pts, dim, r));
    });
  }
});

describe('kNN split across worker threads', () => {
  it('gives the same neighbours and distances with 1 and 2 threads, and the parallel path ran', async () => {
    const { setThreads, shutdownThreads, parallelCallCount } = await import('../../src/util/thread_pool');
    const pts = uniform(12, 30_000, 3);
    setThreads(1);
    const one = knnAll(new GridIndex(pts, 3), 8);
    setThreads(2);
    const before = parallelCallCount();
    const two = knnAll(new GridIndex(pts, 3), 8);
    expect(parallelCallCount()).toBeGreaterThan(before);
    shutdownThreads();
    expect(Array.from(two.idx)).toEqual(Array.from(one.idx));
    expect(Array.from(two.dist)).toEqual(Array.from(one.dist));
  }, 60_000);
});
