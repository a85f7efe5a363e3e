import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * The layers of src/, lowest first, as ../shared/DESIGN.md sketches them: a module imports only from
 * its own folder or from lower layers. Two differences from the sketch, on purpose: data sits below
 * graph (builders read node sets), and config sits below pipeline (the pipeline resolves the configs
 * of trials), beside report. On top of the ranks, DESIGN's own rules: kernels and spatial import
 * nothing of ours but util, study imports no tensor, nothing imports cli.
 */
const RANK: Record<string, number> = {
  util: 0,
  tensor: 1,
  sparse: 2, kernels: 2, spatial: 2, study: 2, autograd: 2,
  ops: 3,
  nn: 4, optim: 4,
  data: 5,
  graph: 6,
  train: 7,
  report: 8, config: 8,
  pipeline: 9,
  cli: 10,
  'cli.ts': 11, 'index.ts': 11,
};
const ONLY: Record<string, string[]> = { kernels: ['util'], spatial: ['util'] };
const NEVER: Record<string, string[]> = { study: ['tensor'] };

interface SourceFile { path: string; text: string }

/** Every import of our own modules that breaks the layering, as "file imports target (why)". */
function layerViolations(files: SourceFile[]): string[] {
  const bad: string[] = [];
  for (const { path, text } of files) {
    const parts = path.split('/');
    const layer = parts[0];
    // static imports, re-exports, lazy import() and require()
    for (const m of text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)'(\.\.?\/[^']+)'/g)) {
      const target = join(parts.slice(0, -1).join('/'), m[1]).split('/')[0];
      const t = RANK[target] !== undefined ? target : `${target}.ts`;
      if (t === layer || RANK[t] === undefined) continue;
      const why = (t === 'cli' && layer !== 'cli.ts') || t === 'cli.ts' ? 'nothing imports cli'
        : RANK[layer] === undefined ? `'${layer}' has no layer`
        : RANK[t] >= RANK[layer] ? `${t} is not below ${layer}`
        : ONLY[layer] && !ONLY[layer].includes(t) ? `${layer} imports only ${ONLY[layer].join(', ')}`
        : NEVER[layer]?.includes(t) ? `${layer} never imports ${t}`
        : null;
      if (why) bad.push(`${path} imports ${m[1]} (${why})`);
    }
  }
  return bad;
}

function sources(dir: string, root = dir): SourceFile[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p, root);
    return p.endsWith('.ts') ? [{ path: relative(root, p), text: readFileSync(p, 'utf8') }] : [];
  });
}

describe('architecture', () => {
  const src = join(__dirname, '../src');
  it('every src folder and top-level file has a layer', () => {
    for (const f of readdirSync(src)) expect(RANK, `src/${f}`).toHaveProperty([f]);
  });
  it('imports only run downward', () => {
    expect(layerViolations(sources(src))).toEqual([]);
  });
  it('the check catches an upward import, a lazy one, a sibling at the same rank and the special rules', () => {
    const cases: [SourceFile, RegExp][] = [
      [{ path: 'tensor/tensor.ts', text: "import { fit } from '../train/fit';" }, /train is not below tensor/],
      [{ path: 'data/load.ts', text: "const { buildGraph } = await import('../graph/build');" }, /graph is not below data/],
      [{ path: 'nn/model.ts', text: "export { Adam } from '../optim/adam';" }, /optim is not below nn/],
      [{ path: 'autograd/tape.ts', text: "import type { CSR } from '../sparse/csr';" }, /sparse is not below autograd/],
      [{ path: 'kernels/spmm.ts', text: "import { Tensor } from '../tensor/tensor';" }, /kernels imports only util/],
      [{ path: 'study/parzen.ts', text: "import { Tensor } from '../tensor/tensor';" }, /study never imports tensor/],
      [{ path: 'pipeline/run.ts', text: "require('../cli/run')" }, /nothing imports cli/],
      [{ path: 'pipeline/run.ts', text: "import { main } from '../cli';" }, /nothing imports cli/],
    ];
    for (const [file, why] of cases) {
      const found = layerViolations([file]);
      expect(found, file.text).toHaveLength(1);
      expect(found[0]).toMatch(why);
    }
    // and lets through what the layering allows
    expect(layerViolations([{ path: 'pipeline/run.ts', text: "import { prepare } from './prepare';\nimport { fit } from '../train/fit';" }])).toEqual([]);
  });
});
