import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import { ConfigError } from '../../src/config/validate';
import { readCsv } from '../../src/data/csv';
import { DataSection, type DataConfig, type TransformConfig } from '../../src/data/data_config';
import { loadData } from '../../src/data/load';
import { nodeLocation } from '../../src/data/node_set';
import { applyTransforms, everyNth, excludeRows } from '../../src/data/transforms';
import { InputError } from '../../src/util/errors';
import { withDefaults } from '../../src/util/schema';
import { tempDir } from '../helpers/run_config';

/*
 * Per-group transforms on a hand-made table of three wells, every answer worked out by hand.
 * Wells A and B share depths, so anything computed across wells would show; A's rows are not in
 * depth order in the file, and one GR and one R value are missing.
 *
 *   row W  D       GR   R         A by depth: 1000.1 GR 10, 1000.2 GR 20, 1000.3 GR –, 1000.4 GR 30
 *   1   C  1000.1  50   1         B by depth: 100, 300, 100, 300
 *   2   A  1000.2  20   10        C: one sample
 *   3   A  1000.1  10   0
 *   4   A  1000.3  –    100
 *   5   A  1000.4  30   1000
 *   6   B  1000.1  100  1
 *   7   B  1000.2  300  -5
 *   8   B  1000.3  100  –
 *   9   B  1000.4  300  0.1
 */
const CSV = [
  'id,W,D,GR,R,label,train',
  'c1,C,1000.1,50,1,s,1',
  'a2,A,1000.2,20,10,s,1',
  'a1,A,1000.1,10,0,s,1',
  'a3,A,1000.3,,100,h,1',
  'a4,A,1000.4,30,1000,h,1',
  'b1,B,1000.1,100,1,s,0',
  'b2,B,1000.2,300,-5,h,0',
  'b3,B,1000.3,100,,s,0',
  'b4,B,1000.4,300,0.1,h,0',
].join('\n') + '\n';

function tableFile(text = CSV): string {
  const f = join(tempDir('transforms'), 'wells.csv');
  writeFileSync(f, text);
  return f;
}

const tr = (t: Partial<TransformConfig> & { op: TransformConfig['op']; column: string }) => ({ as: null, ...t }) as TransformConfig;

/** One transform's output column, in file order (NaN for an empty cell). */
async function run(t: TransformConfig, notes: string[] = []): Promise<number[]> {
  const table = applyTransforms(await readCsv(tableFile()), [t], 'W', notes);
  const name = table.header[table.header.length - 1];
  return table.columns.get(name)!.map((s) => (s === '' ? NaN : Number(s)));
}

const close = (got: number[], want: number[]) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => (Number.isNaN(want[i]) ? expect(g, `row ${i + 1}`).toBeNaN() : expect(g, `row ${i + 1}`).toBeCloseTo(want[i], 12)));
};

describe('per-group transforms, worked by hand', () => {
  it('group-standardize: each well against its own mean and sd (n − 1); a well of one value gets 0; a gap stays a gap', async () => {
    const notes: string[] = [];
    // A: 10, 20, 30 → mean 20, sd 10. B: 100, 300, 100, 300 → mean 200, sd √(40000/3) → ±√3/2
    const h = Math.sqrt(3) / 2;
    close(await run(tr({ op: 'group-standardize', column: 'GR' }), notes), [0, 0, -1, NaN, 1, -h, h, -h, h]);
    expect(notes[0]).toBe('data.transforms[0]: GR_group_z = group-standardize of GR within each of 3 group(s); 1 group(s) without spread get 0; 1 of 9 value(s) missing (1 missing in GR)');
  });

  it('group-quantile: (rank − 1)/(n − 1) within the well, ties at their mean rank, 0.5 for a single value', async () => {
    // A: 10 → 0, 20 → 0.5, 30 → 1. B: 100, 100 share rank 1.5 → 1/6; 300, 300 rank 3.5 → 5/6
    close(await run(tr({ op: 'group-quantile', column: 'GR' })), [0.5, 0.5, 0, NaN, 1, 1 / 6, 5 / 6, 1 / 6, 5 / 6]);
  });

  it('group-range: the well\'s low and high percentiles (linear interpolation) mapped to 0 and 1', async () => {
    // A sorted 10, 20, 30: p25 at position 0.5 = 15, p75 at 1.5 = 25 → (v − 15)/10.
    // B sorted 100, 100, 300, 300: p25 at 0.75 = 100, p75 at 2.25 = 300 → (v − 100)/200. C: no spread → 0
    close(await run(tr({ op: 'group-range', column: 'GR', low: 0.25, high: 0.75 } as never)), [0, 0.5, -0.5, NaN, 1.5, 0, 1, 0, 1]);
  });

  it('diff: value minus the sample just above it in depth, within the well; NaN at the top and next to a gap', async () => {
    const notes: string[] = [];
    // A by depth 10, 20, –, 30 → –, 10, –, – (30 follows a gap). B: –, 200, −200, 200. C: –
    close(await run(tr({ op: 'diff', column: 'GR', along: 'D' } as never), notes), [NaN, 10, NaN, NaN, NaN, NaN, 200, -200, 200]);
    expect(notes[0]).toMatch(/GR_diff = diff of GR along D within each group; 5 of 9 value\(s\) missing \(1 missing in GR\)$/);
  });

  it('rolling-mean: the well\'s present values within window/2 above and below (decimal depths included at the edge)', async () => {
    // window 0.2 → ±0.1 m (1000.2 − 1000.1 is 0.10000000000002 in floating point: still inside)
    // A: 1000.1 {10, 20} 15; 1000.2 {10, 20, –} 15; 1000.3 {20, –, 30} 25; 1000.4 {–, 30} 30
    // B: {100, 300} 200; {100, 300, 100} 500/3; {300, 100, 300} 700/3; {100, 300} 200
    close(await run(tr({ op: 'rolling-mean', column: 'GR', along: 'D', window: 0.2 } as never)), [50, 15, 15, 25, 30, 200, 500 / 3, 700 / 3, 200]);
  });

  it('rolling-std: population sd of the present values in the window; NaN with fewer than two', async () => {
    // A: {10, 20} 5; {10, 20} 5; {20, 30} 5; {30} –. B: {100, 300} 100; {100, 300, 100} √(80000/9); same; 100. C: –
    const s = Math.sqrt(80000 / 9);
    close(await run(tr({ op: 'rolling-std', column: 'GR', along: 'D', window: 0.2 } as never)), [NaN, 5, 5, 5, NaN, 100, s, s, 100]);
  });

  it('log10 with a floor: values below it raised first, gaps kept; the note counts them', async () => {
    const notes: string[] = [];
    close(await run(tr({ op: 'log10', column: 'R', floor: 0.01 } as never), notes), [0, 1, -2, 2, 3, 0, -2, NaN, -1]);
    expect(notes[0]).toBe('data.transforms[0]: log10_R = log10 of R with floor 0.01 (2 value(s) raised to it); 1 of 9 value(s) missing (1 missing in R)');
  });

  it('log10 without a floor: a value ≤ 0 is an error naming the file row, column and transform', async () => {
    const file = tableFile();
    const err = await Promise.resolve().then(async () => applyTransforms(await readCsv(file), [tr({ op: 'log10', column: 'R', floor: null } as never)], 'W', [])).then(() => null, (e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(`${file}, row 3, column 'R', key 'data.transforms[0]': log10 needs a positive value, got 0: set a floor (e.g. "floor": 0.01) to raise such values first`);
  });

  it('nothing crosses wells: changing every value of B leaves A and C as they were, for every op', async () => {
    const ops: TransformConfig[] = [
      tr({ op: 'group-standardize', column: 'GR' }), tr({ op: 'group-quantile', column: 'GR' }), tr({ op: 'group-range', column: 'GR', low: 0.05, high: 0.95 } as never),
      tr({ op: 'diff', column: 'GR', along: 'D' } as never), tr({ op: 'rolling-mean', column: 'GR', along: 'D', window: 0.5 } as never),
      tr({ op: 'rolling-std', column: 'GR', along: 'D', window: 0.5 } as never), tr({ op: 'log10', column: 'R', floor: 0.01 } as never),
    ];
    // B's GR reordered (not an affine change, which standardising would undo) and its R all 5
    const other = CSV.replace(/^(b\d),B,([\d.]+),(\d+),([^,]*),/gm, (_, id, d, gr) => `${id},B,${d},${gr === '100' ? 500 : 50},5,`);
    expect(other).not.toBe(CSV);
    const a = applyTransforms(await readCsv(tableFile()), ops, 'W', []);
    const b = applyTransforms(await readCsv(tableFile(other)), ops, 'W', []);
    const added = a.header.slice(7);
    expect(added).toEqual(['GR_group_z', 'GR_group_q', 'GR_group_range', 'GR_diff', 'GR_mean_0.5', 'GR_std_0.5', 'log10_R']);
    for (const c of added) {
      expect(a.columns.get(c)!.slice(0, 5), c).toEqual(b.columns.get(c)!.slice(0, 5));
      expect(a.columns.get(c)!.slice(5), c).not.toEqual(b.columns.get(c)!.slice(5));
    }
  });

  it('transforms chain, `as` names the output or replaces the source column, and an output may not overwrite another column', async () => {
    const t = await readCsv(tableFile());
    const out = applyTransforms(t, [tr({ op: 'log10', column: 'R', floor: 0.01, as: 'R' } as never), tr({ op: 'diff', column: 'R', along: 'D', as: 'dR' } as never)], 'W', []);
    expect(out.header).toEqual([...t.header, 'dR']);
    expect(out.columns.get('R')!.slice(1, 5)).toEqual(['1', '-2', '2', '3']);
    // A by depth: −2, 1, 2, 3 → diffs –, 3, 1, 1 (file order 1000.2, 1000.1, 1000.3, 1000.4)
    expect(out.columns.get('dR')!.slice(1, 5)).toEqual(['3', '', '1', '1']);
    expect(() => applyTransforms(t, [tr({ op: 'diff', column: 'R', along: 'D', as: 'GR' } as never)], 'W', [])).toThrow(/key 'data.transforms\[0\].as': the output 'GR' is already a column/);
  });

  it('without a group column the whole table is one group, and the note says so', async () => {
    const notes: string[] = [];
    const out = applyTransforms(await readCsv(tableFile()), [tr({ op: 'group-quantile', column: 'GR' })], null, notes);
    expect(notes[0]).toBe('data.transforms: data.group is not set, so the whole table is one group');
    // all eight values 10 20 30 50 100 100 300 300: ranks 1, 2, 3, 4, 5.5, 5.5, 7.5, 7.5 → (rank − 1)/7
    close(out.columns.get('GR_group_q')!.map((c) => (c === '' ? NaN : Number(c))), [3 / 7, 1 / 7, 0, NaN, 2 / 7, 4.5 / 7, 6.5 / 7, 4.5 / 7, 6.5 / 7]);
  });
});

describe('rows dropped before anything else, thinning, held-out groups', () => {
  const data = (over: Partial<DataConfig>, file: string) => withDefaults(DataSection, {
    source: 'csv', nodes: file, id: 'id', coords: { x: null, y: null, z: null }, features: ['GR'], group: 'W', missing: 'impute', ...over,
  });

  it('data.exclude drops a well as the table is read: its values reach no transform, and later errors name the file\'s rows', async () => {
    const file = tableFile();
    // C's 50 would change a whole-table quantile; with C excluded and no group, A and B alone
    const loaded = await loadData(data({ exclude: { column: 'W', values: ['C', 'Z'] }, group: null, transforms: [tr({ op: 'group-quantile', column: 'GR' })], features: ['GR_group_q'] }, file), 0);
    expect(loaded.nodes.ids).toEqual(['a2', 'a1', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4']);
    expect(loaded.notes[0]).toBe("data.exclude: dropped 1 row(s) whose W is 'C', 'Z' before anything else was read from them (no row has 'Z')");
    expect(Array.from(loaded.nodes.features.subarray(0, 2))).toEqual([1 / 6, 0]);
    // row 3 of the file is the third row read, the second one kept
    const err = await loadData(data({ exclude: { column: 'W', values: ['C'] }, transforms: [tr({ op: 'log10', column: 'R', floor: null } as never)] }, file), 0).then(() => null, (e) => e);
    expect(err.message).toMatch(/wells\.csv, row 3, column 'R', key 'data\.transforms\[0\]': log10 needs a positive value/);
  });

  it('a node\'s file and row stay those of the file after data.exclude, also across joined tables', async () => {
    const [f1, f2] = [tableFile(), tableFile()];
    const loaded = await loadData(data({ nodes: [f1, f2], exclude: { column: 'W', values: ['C'] } }, f1), 0);
    const i = loaded.nodes.ids.indexOf('1:a1');
    expect(i).toBe(9);
    expect(nodeLocation(loaded.nodes, i)).toEqual({ file: f2, row: 3 });
    expect(nodeLocation(loaded.nodes, loaded.nodes.ids.indexOf('0:b4'))).toEqual({ file: f1, row: 9 });
  });

  it('data.exclude of a column the table lacks is an error naming the key', async () => {
    const err = await loadData(data({ exclude: { column: 'WELL', values: ['x'] } }, tableFile()), 0).then(() => null, (e) => e);
    expect(err.message).toMatch(/key 'data\.exclude\.column': data\.exclude names column 'WELL', which the table lacks/);
  });

  it('data.exclude drops the edges of an edge table to the excluded rows, and no other', async () => {
    const dir = tempDir('exclude');
    writeFileSync(join(dir, 'n.csv'), CSV);
    writeFileSync(join(dir, 'e.csv'), 'U,V\nc1,a1\na1,a2\nb1,b2\n');
    const loaded = await loadData(data({ exclude: { column: 'W', values: ['C'] }, edges: join(dir, 'e.csv') }, join(dir, 'n.csv')), 0);
    expect(loaded.edges!.src.length).toBe(2);
    expect(loaded.notes).toContain('dropped 1 edge(s) of removed nodes');
  });

  it('data.every keeps every n-th row of each well after the transforms (which see every sample)', async () => {
    const notes: string[] = [];
    const t = everyNth(applyTransforms(await readCsv(tableFile()), [tr({ op: 'diff', column: 'GR', along: 'D' } as never)], 'W', notes), 2, 'W', notes);
    // C: row 1; A: rows 2, 4; B: rows 6, 8 (every other row of each well in file order)
    expect(t.columns.get('id')).toEqual(['c1', 'a2', 'a3', 'b1', 'b3']);
    expect(t.columns.get('GR_diff')).toEqual(['', '10', '', '', '-200']);
    expect(notes[1]).toBe("data.every: kept 1 row in 2 of each 'W' group: 5 of 9 rows");
    expect(Array.from(t.rowNumbers!)).toEqual([1, 2, 4, 6, 8]);
  });

  it('data.holdOut: the listed wells are the test split, every other row trains, whatever the train column says', async () => {
    const loaded = await loadData(data({ holdOut: { column: 'W', values: ['A'] } }, tableFile()), 0);
    expect(Array.from(loaded.nodes.split)).toEqual([1, 3, 3, 3, 3, 1, 1, 1, 1]);
    expect(loaded.notes).toContain("data.holdOut: 4 row(s) whose W is 'A' held out for testing, the other 5 train");
  });

  it('excludeRows without an id column names the dropped rows by their row in the file', async () => {
    const { table, ids } = excludeRows(await readCsv(tableFile()), { exclude: { column: 'W', values: ['B'] }, id: null }, []);
    expect(ids).toEqual(['5', '6', '7', '8']);
    expect(table.rows).toBe(5);
  });
});

describe('transform and recipe configs', () => {
  it('each problem names its transform by index and key; unknown ops list the known ones', () => {
    const dir = tempDir('cfg');
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify({ data: { source: 'csv', nodes: 'n.csv', transforms: [
      { op: 'log10', column: 'R' },
      { op: 'rolling-mean', column: 'GR', along: 'D', window: 0 },
      { op: 'rollin-mean', column: 'GR' },
      { op: 'group-range', column: 'GR', low: 0.9, high: 0.1 },
      { op: 'diff', column: 'GR' },
      { op: 'diff', column: 'GR', along: 'D', windows: 2 },
    ], exclude: { column: 'W', values: [] } } }));
    const issues = (() => { try { loadRunConfig(file); } catch (e) { expect(e).toBeInstanceOf(ConfigError); return (e as ConfigError).issues; } throw new Error('no error'); })();
    expect(issues.map((i) => [i.key, i.message]).sort()).toEqual([
      ['data.exclude.values', 'needs at least 1 item(s), got []'],
      ['data.transforms[1].window', 'is 0, must be > 0'],
      ['data.transforms[2].op', 'is "rollin-mean", expected one of "group-standardize", "group-quantile", "group-range", "diff", "rolling-mean", "rolling-std", "log10"'],
      ['data.transforms[4].along', 'required key is missing'],
      ['data.transforms[5].windows', 'unknown config key (known keys: op, column, along, as)'],
    ]);
    // the low/high order is checked once the schema holds
    writeFileSync(file, JSON.stringify({ data: { source: 'csv', nodes: 'n.csv', transforms: [{ op: 'group-range', column: 'GR', low: 0.9, high: 0.1 }] } }));
    expect(() => loadRunConfig(file)).toThrow(/key 'data\.transforms\[0\]\.high': is 0\.1, must be above low \(0\.9\)/);
  });
});

