import { describe, expect, it } from 'vitest';
import { spatialTiles } from '../../src/graph/tiles';
import { NodeClassifier, defaultModelConfig, type ModelConfig } from '../../src/nn/model';
import { infer } from '../../src/pipeline/infer';
import { prepare } from '../../src/pipeline/prepare';
import { inferByTiles, LocalTiles, surveyTiles } from '../../src/pipeline/tiled_infer';
import { Progress } from '../../src/util/progress';
import { makeRng } from '../../src/util/rng';
import { smallDefaultRunConfig } from '../helpers/run_config';

describe('spatial tiles', () => {
  it('put every node in exactly one tile, in increasing id, on a grid over the extent', () => {
    const rng = makeRng('t');
    const n = 5000;
    const x = Float64Array.from({ length: n }, () => 1000 + rng.next() * 4000);
    const y = Float64Array.from({ length: n }, () => rng.next() * 1000);
    x[17] = NaN;
    const tiles = spatialTiles(x, y, 8);
    expect(tiles.length).toBeGreaterThanOrEqual(6);
    expect(tiles.length).toBeLessThanOrEqual(8);
    const seen = new Int32Array(n);
    for (const t of tiles) {
      for (let k = 1; k < t.length; k++) expect(t[k]).toBeGreaterThan(t[k - 1]);
      for (const i of t) seen[i]++;
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
    // a wide survey is cut across its width: tiles of nearby x
    const spread = (t: Int32Array) => Math.max(...Array.from(t).filter((i) => i !== 17).map((i) => x[i])) - Math.min(...Array.from(t).filter((i) => i !== 17).map((i) => x[i]));
    expect(Math.max(...tiles.map(spread))).toBeLessThan(4000 / 2);
  });

  it('cut a table without extent into consecutive blocks of ids, and never make empty tiles', () => {
    const zeros = new Float64Array(10);
    expect(spatialTiles(zeros, zeros, 3).map((t) => Array.from(t))).toEqual([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(spatialTiles(zeros.subarray(0, 2), zeros.subarray(0, 2), 5).map((t) => Array.from(t))).toEqual([[0], [1]]);
    expect(spatialTiles(new Float64Array(0), new Float64Array(0), 4)).toEqual([]);
    expect(() => spatialTiles(zeros, zeros, 0)).toThrow(/integer ≥ 1/);
  });
});

describe('tiled prediction', () => {
  const cfg = smallDefaultRunConfig();
  const models: [string, Partial<ModelConfig>][] = [
    ['sage (directional, the default)', { type: 'sage', directions: 'vertical' }],
    ['gcn, 3 layers', { type: 'gcn', layers: 3 }],
    ['gat, jumping knowledge', { type: 'gat', jk: 'cat', heads: 2, hidden: 8 }],
    ['mlp', { type: 'mlp' }],
  ];
  for (const [label, m] of models) {
    it(`stitches interiors that equal whole-survey prediction bit for bit: ${label}`, async () => {
      const p = await prepare({ data: cfg.data, graph: cfg.graph, seed: cfg.seed, split: { seed: cfg.seed, valFraction: 0.2 } });
      const model = new NodeClassifier({ ...defaultModelConfig, ...m }, p.features.shape[1], p.nodes.classes.length, makeRng('w'));
      const whole = infer(model, p, false);
      const lines: string[] = [];
      const tiled = await inferByTiles(model, p, false, surveyTiles(p, 7), new LocalTiles((count) => new Progress('tiles', count, 'tiles', (s) => lines.push(s.trimEnd()), false)));
      expect(tiled.tiles).toBeGreaterThan(3);
      expect(lines).toHaveLength(tiled.tiles);
      expect(lines.at(-1)).toMatch(new RegExp(`^tiles ${tiled.tiles}/${tiled.tiles} tiles, [0-9.]+ tiles/s, 0 s left$`));
      expect(Buffer.from(tiled.probs.buffer).equals(Buffer.from(whole.probs.buffer))).toBe(true);
      expect(Array.from(tiled.pred)).toEqual(Array.from(whole.pred));
    }, 60_000);
  }
});
