import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import { readCsv } from '../../src/data/csv';
import { loadData } from '../../src/data/load';
import { runToFolder } from '../../src/pipeline/run';
import { tempDir } from '../helpers/run_config';

const config = join(__dirname, '../../configs/older_tool_csv.json');

describe("the older tool's CSV layout loads unchanged", () => {
  it('keeps the unnamed index column as node ids and reads U,V edges with weights', async () => {
    const cfg = loadRunConfig(config);
    const nodesCsv = await readCsv(cfg.data.nodes as string);
    const edgesCsv = await readCsv(cfg.data.edges as string);
    expect(nodesCsv.header[0]).toBe('');
    expect(edgesCsv.header).toEqual(['', 'U', 'V', 'weight']);
    const { nodes, edges } = await loadData(cfg.data, cfg.seed);
    expect(nodes.n).toBe(nodesCsv.rows);
    expect(nodes.ids.slice(0, 3)).toEqual(['0', '1', '2']);
    expect(edges!.src.length).toBe(edgesCsv.rows);
    expect(edges!.weight![1]).toBeCloseTo(Number(edgesCsv.columns.get('weight')![1]), 6);
    // string columns become codes with the mapping kept
    expect(nodes.classes).toEqual(['basement', 'cover']);
    expect(nodes.groupNames).toEqual(['L1000', 'L1010', 'L1020', 'L1030']);
    expect(nodes.codes.Line).toEqual(nodes.groupNames);
    // True/False train flags: alternate lines train
    const trainLines = new Set(Array.from(nodes.group).filter((_, i) => nodes.split[i] === 1));
    expect([...trainLines].sort()).toEqual([0, 2]);
  });

  it('trains on several graphs at once (a disjoint union) and keeps ids and lines apart', async () => {
    const cfg = loadRunConfig(config);
    const one = await loadData(cfg.data, cfg.seed);
    cfg.data.nodes = [cfg.data.nodes as string, cfg.data.nodes as string];
    cfg.data.edges = [cfg.data.edges as string, cfg.data.edges as string];
    const two = await loadData(cfg.data, cfg.seed);
    expect(two.nodes.n).toBe(2 * one.nodes.n);
    expect(two.edges!.src.length).toBe(2 * one.edges!.src.length);
    expect(two.nodes.ids[one.nodes.n]).toBe('1:0');
    expect(two.nodes.groupNames).toEqual([...one.nodes.groupNames.map((g) => `0:${g}`), ...one.nodes.groupNames.map((g) => `1:${g}`)]);
    // the second graph's edges stay within it
    for (let e = one.edges!.src.length; e < two.edges!.src.length; e++) expect(two.edges!.src[e]).toBeGreaterThanOrEqual(one.nodes.n);
    expect(two.edges!.src[one.edges!.src.length]).toBe(one.edges!.src[0] + one.nodes.n);
  });

  it('runs an experiment on it and writes every output', async () => {
    const out = tempDir('older');
    const cfg = loadRunConfig(config, { overrides: { out } });
    cfg.method.epochs = 15;
    const { dir, result: r } = await runToFolder(cfg, { log: () => {} });
    for (const f of ['predictions.csv', 'metrics.json', 'history.jsonl', 'model.json', 'weights.bin', 'config.json']) {
      expect(existsSync(join(dir, f))).toBe(true);
    }
    const pred = readFileSync(join(dir, 'predictions.csv'), 'utf8').trim().split('\n');
    expect(pred[0]).toBe('id,x,y,z,group,split,label,predicted,prob_basement,prob_cover,entropy,value_log10_cond,value_runc,value_z');
    expect(pred.length).toBe(r.prepared.nodes.n + 1);
    const history = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(history.filter((h) => h.model === 'gcn').length).toBe(r.main.history.length);
  });
});
