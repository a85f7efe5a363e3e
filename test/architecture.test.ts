import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Layers of src/, lowest first: a module may import only from its own layer or lower ones. */
const RANK: Record<string, number> = {
  util: 0, tensor: 1, autograd: 2, sparse: 2, kernels: 2, spatial: 2, study: 2, ops: 3, nn: 4, optim: 4, data: 5, graph: 6, train: 7, report: 8, cli: 9, 'cli.ts': 10,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  const src = join(__dirname, '../src');
  it('every src folder has a layer', () => {
    for (const f of readdirSync(src)) expect(RANK, `folder ${f}`).toHaveProperty([f]);
  });
  it('imports only run downward', () => {
    const bad: string[] = [];
    for (const file of files(src)) {
      const layer = relative(src, file).split('/')[0];
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from '(\.\.?\/[^']+)'/g)) {
        const target = relative(src, join(file, '..', m[1])).split('/')[0].replace(/^(cli)$/, 'cli');
        const t = target.endsWith('.ts') || RANK[target] !== undefined ? target : `${target}.ts`;
        if (RANK[t] !== undefined && RANK[t] > RANK[layer]) bad.push(`${relative(src, file)} imports ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
