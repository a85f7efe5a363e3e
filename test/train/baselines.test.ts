import { describe, expect, it } from 'vitest';
import { undirectedGraph } from '../../src/graph/graph';
import { withNeighbourMeans } from '../../src/pipeline/baselines';
import { depthBelowStationTop } from '../../src/data/station_depth';
import { Tensor } from '../../src/tensor/tensor';
import { fitDepthClassifier, predictByDepth } from '../../src/train/depth_classifier';

describe('baselines without learning on the graph', () => {
  it('depth-only: class frequencies per training depth, each node taking its depth bin', () => {
    // depths 0, 10, 20 per sounding; class 0 at 0, class 1 at 10 (3 of 4), class 2 at 20
    const depth = Float64Array.from([0, 10, 20, 0, 10, 20, 0, 10, 20, 0, 10, 20, 4, 16, 100]);
    const labels = Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 0, 2, -1, -1, -1]);
    const train = Int32Array.from({ length: 12 }, (_, i) => i);
    const m = fitDepthClassifier(depth, labels, train, 3)!;
    const { probs, pred } = predictByDepth(m, depth);
    expect(Array.from(pred.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(Array.from(probs.subarray(3, 6))).toEqual([0.25, 0.75, 0]);
    // unseen depths take the nearest training depth's bin
    expect(Array.from(pred.subarray(12))).toEqual([0, 2, 2]);
  });

  it('depth-only uses quantile bins when training depths are many', () => {
    const n = 1000;
    const depth = Float64Array.from({ length: n }, (_, i) => i * 0.137);
    const labels = Int32Array.from({ length: n }, (_, i) => (i < 600 ? 0 : 1));
    const m = fitDepthClassifier(depth, labels, Int32Array.from({ length: n }, (_, i) => i), 2)!;
    expect(m.edges.length).toBeLessThanOrEqual(63);
    const { pred } = predictByDepth(m, depth);
    const wrong = pred.reduce((s, p, i) => s + (p !== labels[i] ? 1 : 0), 0);
    expect(wrong).toBeLessThan(20);
  });

  it('depth below the top of each sounding, whatever the ground elevation', () => {
    const nodes = { n: 5, x: Float64Array.from([0, 0, 0, 50, 50]), y: new Float64Array(5), z: Float64Array.from([300, 295, 280, 310, 301]), group: new Int32Array(5) };
    expect(Array.from(depthBelowStationTop(nodes)!)).toEqual([0, 5, 20, 0, 9]);
    expect(depthBelowStationTop({ ...nodes, z: null })).toBeNull();
  });

  it('depth-only: a node without coordinates has no depth and gets the training class frequencies', () => {
    // node 1 lacks z, node 3 lacks x: neither belongs to a sounding, nor raises its top
    const nodes = { n: 5, x: Float64Array.from([0, 0, 0, NaN, 0]), y: new Float64Array(5), z: Float64Array.from([300, NaN, 280, 400, 295]), group: new Int32Array(5) };
    const depth = depthBelowStationTop(nodes)!;
    expect(Array.from(depth)).toEqual([0, NaN, 20, NaN, 5]);
    const labels = Int32Array.from([0, 1, 1, 1, -1]);
    const m = fitDepthClassifier(depth, labels, Int32Array.from([0, 1, 2, 3]), 2)!;
    expect(Array.from(m.prior)).toEqual([0.25, 0.75]);
    const { probs, pred } = predictByDepth(m, depth);
    expect(Array.from(probs.subarray(2, 4))).toEqual([0.25, 0.75]);
    expect(Array.from(pred)).toEqual([0, 1, 1, 1, 0]);
    // no training node with a depth: no classifier
    expect(fitDepthClassifier(Float64Array.from([NaN, NaN]), Int32Array.from([0, 1]), Int32Array.from([0, 1]), 2)).toBeNull();
  });

  it('context: each node\'s features and the mean of its neighbours\' (its own for an isolated node)', () => {
    const g = undirectedGraph(4, [0, 0], [1, 2], null);
    const x = new Tensor(Float32Array.from([1, 10, 2, 20, 4, 40, 8, 80]), [4, 2]);
    const out = withNeighbourMeans(g.adj, x);
    expect(out.shape).toEqual([4, 4]);
    expect(Array.from(out.data)).toEqual([1, 10, 3, 30, 2, 20, 1, 10, 4, 40, 1, 10, 8, 80, 8, 80]);
  });
});
