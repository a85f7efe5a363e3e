import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import { loadData } from '../../src/data/load';
import { graphReadsCoordinates } from '../../src/graph/build';
import { prepare } from '../../src/pipeline/prepare';
import { runPrepareConfig } from '../../src/pipeline/run';

/*
 * configs/wells/: FORCE 2020 and SEG 2016 run configs with the union recipe graph and per-well
 * transforms. They load without the data; the data checks read ../shared/data and skip when it is
 * absent. FORCE's hidden well 31/2-10 is excluded as the file is read, and no SEG blind-well file
 * is ever named.
 */

const wells = join(__dirname, '../../configs/wells');
const shared = join(__dirname, '../../../shared/data');
const present = existsSync(join(shared, 'force2020_subset')) && existsSync(join(shared, 'seg2016_facies'));
if (!present) console.warn(`skipping the configs/wells data checks: ${shared} (force2020_subset, seg2016_facies) is absent (it lives in ../shared beside the project)`);

describe('configs/wells', () => {
  it('every run config there loads: a union recipe graph, transforms, a held-out well, data read from ../shared by relative path', () => {
    const files = readdirSync(wells).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(['force.json', 'seg.json']);
    for (const f of files) {
      const cfg = loadRunConfig(join(wells, f));
      expect(cfg.graph.method, f).toBe('union');
      expect(cfg.graph.recipes.map((r) => r.method), f).toEqual(['group-depth', 'cross-group-knn']);
      expect(cfg.data.transforms.length, f).toBeGreaterThan(0);
      expect(cfg.data.nodes, f).toBe(join(shared, f === 'force.json' ? 'force2020_subset/force2020_30wells_labelled.csv.gz' : 'seg2016_facies/facies_vectors.csv'));
      expect(cfg.out, f).toBe(join(__dirname, '../../out'));
    }
    const force = loadRunConfig(join(wells, 'force.json'));
    expect(force.data.exclude).toEqual({ column: 'WELL', values: ['31/2-10'] });
    expect(force.data.holdOut).toEqual({ column: 'WELL', values: ['25/11-24'] });
    expect(force.method.costMatrix).toBe(join(shared, 'force2020_subset/penalty_matrix.npy'));
    expect(force.method.costMatrixClasses).toHaveLength(12);
    const seg = loadRunConfig(join(wells, 'seg.json'));
    expect(seg.data.holdOut).toEqual({ column: 'Well Name', values: ['CHURCHMAN BIBLE'] });
    // SEG's blind wells (STUART, CRAWFORD) and their files are never named
    for (const f of ['seg.json', 'force.json']) expect(readFileSync(join(wells, f), 'utf8'), f).not.toMatch(/validation_data_nofacies|blind_stuart|prediction_depths|STUART|CRAWFORD|hidden_test/i);
  });

  describe.skipIf(!present)('with the data (reads ../shared/data)', () => {
    it('SEG: the recipe graph links every sample, the transforms run per well, CHURCHMAN BIBLE alone is held out', async () => {
      const logs: string[] = [];
      const p = await prepare(runPrepareConfig(loadRunConfig(join(wells, 'seg.json'))), { log: (l) => logs.push(l) });
      expect(p.nodes.n).toBe(4149);
      expect(p.stats.isolated).toBe(0);
      expect(p.nodes.featureNames).toContain('GR_group_range');
      const test = new Set(Array.from(p.split.test, (i) => p.nodes.groupNames[p.nodes.group[i]]));
      expect([...test]).toEqual(['CHURCHMAN BIBLE']);
      expect(p.split.test.length).toBe(404);
      expect(logs.some((l) => /^data: data\.transforms\[\d+\]: /.test(l))).toBe(true);
    }, 300_000);

    it('FORCE: 31/2-10 is dropped as the file is read (no node, no transform sees it), 25/11-24 is the test well', async () => {
      const cfg = loadRunConfig(join(wells, 'force.json'));
      // as prepare loads it: the recipe needs no coordinate, so the 2,636 rows without X/Y/Z stay
      const loaded = await loadData(cfg.data, cfg.seed, { optionalCoords: !graphReadsCoordinates(cfg.graph) });
      expect(loaded.notes[0]).toBe("data.exclude: dropped 9,033 row(s) whose WELL is '31/2-10' before anything else was read from them");
      expect(loaded.nodes.groupNames).not.toContain('31/2-10');
      expect(loaded.nodes.groupNames).toHaveLength(29);
      const test = new Set(Array.from(loaded.nodes.split.keys()).filter((i) => loaded.nodes.split[i] === 3).map((i) => loaded.nodes.groupNames[loaded.nodes.group[i]]));
      expect([...test]).toEqual(['25/11-24']);
      // every 8th sample of each well is kept, after the transforms saw them all
      expect(loaded.nodes.n).toBe(30_526);
    }, 300_000);
  });
});
