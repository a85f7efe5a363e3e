import { describe, expect, it } from 'vitest';
import { SPLIT, type NodeSet } from '../../src/data/node_set';
import { assignSplit } from '../../src/train/split';

/** Training nodes in groups of the given sizes, every node labelled. */
function groupsOf(sizes: number[]): NodeSet {
  const group = Int32Array.from(sizes.flatMap((s, g) => new Array<number>(s).fill(g)));
  const n = group.length;
  return { n, group, labels: new Int32Array(n), classes: ['a'], split: new Uint8Array(n).fill(SPLIT.TRAIN) } as unknown as NodeSet;
}

const share = (ns: NodeSet, val: Int32Array) => val.length / ns.n;

describe('validation groups', () => {
  it('take whole groups whose share of the training nodes is nearest valFraction, whatever their sizes', () => {
    // one short pseudo-well and seven wells of 300 to 900 samples: a count of groups would often validate on 20 samples
    const ns = groupsOf([20, 300, 900, 450, 600, 380, 720, 510]);
    for (let seed = 0; seed < 20; seed++) {
      const s = assignSplit(ns, 0.2, seed);
      const valGroups = new Set(Array.from(s.val, (i) => ns.group[i]));
      // whole groups only
      for (const i of s.train) expect(valGroups.has(ns.group[i])).toBe(false);
      expect(Math.abs(share(ns, s.val) - 0.2)).toBeLessThan(0.1);
    }
  });

  it('equal groups: the same count as a share of groups (the default survey keeps its split)', () => {
    const ns = groupsOf([30, 30, 30, 30, 30]);
    for (let seed = 0; seed < 10; seed++) expect(assignSplit(ns, 0.2, seed).val.length).toBe(30);
  });

  it('never every group, even for a share near 1', () => {
    const ns = groupsOf([10, 1000]);
    for (let seed = 0; seed < 10; seed++) {
      const s = assignSplit(ns, 0.9, seed);
      expect(s.train.length).toBeGreaterThan(0);
      expect(s.val.length).toBeGreaterThan(0);
    }
  });
});

describe('validation groups and rare classes', () => {
  it('never take the only group that holds a class', () => {
    // class 1 only in group 2; validating on group 2 would leave it without a training example
    const ns = groupsOf([100, 100, 100, 100, 100]);
    (ns as { classes: string[] }).classes = ['a', 'b'];
    for (let i = 0; i < ns.n; i++) if (ns.group[i] === 2) ns.labels[i] = 1;
    for (let seed = 0; seed < 30; seed++) {
      const s = assignSplit(ns, 0.2, seed);
      expect(Array.from(s.val).some((i) => ns.group[i] === 2)).toBe(false);
      expect(s.val.length).toBe(100);
    }
  });
});

describe('validation groups of models saved before the share rule', () => {
  it("'count' draws as many groups as the share of groups, whatever their sizes (the old rule predict redraws)", () => {
    const ns = groupsOf([20, 300, 900, 450, 600, 380, 720, 510]);
    for (let seed = 0; seed < 10; seed++) {
      const groups = new Set(Array.from(assignSplit(ns, 0.2, seed, 'count').val, (i) => ns.group[i]));
      expect(groups.size).toBe(2);
    }
  });

  it('never one dominant group as the first validation group when smaller ones would do', () => {
    const ns = groupsOf([10, 10, 10, 1000, 10, 10]);
    for (let seed = 0; seed < 20; seed++) expect(share(ns, assignSplit(ns, 0.05, seed).val)).toBeLessThan(0.1);
  });
});
