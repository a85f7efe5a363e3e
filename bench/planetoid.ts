/*
 * npm run bench:cora — Planetoid node classification on the public split, as a correctness check
 * of the whole engine on real data: 2-layer GCN (Kipf & Welling settings), GAT (Veličković et
 * al. settings) and GraphSAGE (mean aggregation, PyG's example settings), 10 seeds each, mean ± std
 * test accuracy. The settings are the run configs in configs/planetoid/, through the same pipeline
 * as `geo-graphnet run configs/planetoid/<data>_<model>.json --seeds 0-9`. Reads ../shared/data/planetoid.
 * Usage: npx ts-node bench/planetoid.ts [cora|citeseer] [seeds]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../src/config/load';
import { prepare } from '../src/pipeline/prepare';
import { meanStd as meanAndStd, runPrepareConfig } from '../src/pipeline/run';
import { trainModel } from '../src/pipeline/train_model';

const SHARED = join(__dirname, '../../shared/data/planetoid');

export type PlanetoidModel = 'gcn' | 'gat' | 'sage' | 'gat-paper';

/** configs/planetoid/<name>_<type>.json */
export function planetoidConfigFile(name: string, type: PlanetoidModel): string {
  return join(__dirname, '../configs/planetoid', `${name}_${type}.json`);
}

/** Test accuracy per training seed on the public split (the data is prepared once). */
export async function planetoidAccuracy(name: string, type: PlanetoidModel, seeds: number[]): Promise<number[]> {
  const cfg = loadRunConfig(planetoidConfigFile(name, type));
  const p = await prepare(runPrepareConfig(cfg));
  const acc: number[] = [];
  for (const seed of seeds) acc.push((await trainModel(p, cfg.model, cfg.method, seed)).metrics.test!.accuracy);
  return acc;
}

export function meanStd(v: number[]): [number, number] {
  const { mean, std } = meanAndStd(v);
  return [mean, std];
}

if (require.main === module) {
  (async () => {
    if (!existsSync(SHARED)) {
      console.log(`skipped: ${SHARED} is absent`);
      return;
    }
    const name = process.argv[2] ?? 'cora';
    const n = Number(process.argv[3] ?? 10);
    const seeds = Array.from({ length: n }, (_, i) => i);
    for (const type of ['gcn', 'gat', 'sage'] as const) {
      const t0 = performance.now();
      const acc = await planetoidAccuracy(name, type, seeds);
      const [m, sd] = meanStd(acc);
      console.log(`${name} ${type}: test accuracy ${(100 * m).toFixed(1)} ± ${(100 * sd).toFixed(1)} % over ${n} seeds (${acc.map((a) => (100 * a).toFixed(1)).join(', ')}), ${((performance.now() - t0) / 1000 / n).toFixed(1)} s per run`);
    }
  })();
}
