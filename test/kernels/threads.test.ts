import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { parallelCallCount, runRows, setThreads, shutdownThreads, type RowTask } from '../../src/util/thread_pool';
import { backward } from '../../src/autograd/tape';
import { GraphInput } from '../../src/nn/graph_input';
import { NodeClassifier, defaultModelConfig, type ModelType } from '../../src/nn/model';
import { parametersOf } from '../../src/nn/module';
import * as ops from '../../src/ops';
import { makeRng } from '../../src/util/rng';
import { randTensor, randUndirectedGraph } from '../helpers/random';
import { kernelTasks } from '../../src/kernels/tasks';
import { failingTasks, throwAt } from './failing_tasks';

/** One seeded forward + backward pass; returns the bits of the logits and of every gradient. */
function epochBits(type: ModelType, threads: number): Uint8Array[] {
  setThreads(threads);
  const n = 6000;
  const graph = new GraphInput(randUndirectedGraph(11, n, 4, 'float32'));
  const model = new NodeClassifier({ ...defaultModelConfig, type, hidden: 32, heads: 2, attentionDropout: 0.1 }, 8, 5, makeRng(3));
  const x = randTensor(makeRng(4), [n, 8], 'float32', false);
  const labels = Int32Array.from({ length: n }, (_, i) => i % 5);
  const logits = model.forward(x, { graph, training: true, rng: makeRng(5) });
  const bits = [new Uint8Array(logits.data.slice().buffer)];
  backward(ops.crossEntropy(logits, labels));
  for (const p of parametersOf(model)) bits.push(new Uint8Array(p.grad!.slice().buffer));
  return bits;
}

describe('kernels split across worker threads give identical bits', () => {
  afterAll(() => shutdownThreads());
  for (const type of ['gcn', 'sage', 'gat'] as ModelType[]) {
    it(`${type}: forward and backward with 1, 2 and 3 threads`, () => {
      const one = epochBits(type, 1);
      for (const t of [2, 3]) {
        const before = parallelCallCount();
        const many = epochBits(type, t);
        expect(parallelCallCount()).toBeGreaterThan(before);
        expect(many.length).toBe(one.length);
        for (let k = 0; k < one.length; k++) expect(Buffer.compare(Buffer.from(many[k]), Buffer.from(one[k]))).toBe(0);
      }
    }, 60_000);
  }
});

/** Enough work to take the parallel path. */
const WORK = 1 << 20;

function sharedOutput(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * n)).fill(-1);
}

/** A parallel matmul checked bit for bit against the serial one: the pool still works. */
function expectMatmulWorks(): void {
  const [n, k, m] = [300, 40, 30];
  const rng = makeRng(9);
  const a = Float64Array.from({ length: n * k }, () => rng.next() - 0.5);
  const b = Float64Array.from({ length: k * m }, () => rng.next() - 0.5);
  const serial = new Float64Array(n * m);
  kernelTasks.matmul.fn([a, b, serial], [k, m], 0, n);
  const out = new Float64Array(new SharedArrayBuffer(8 * n * m));
  const before = parallelCallCount();
  runRows(kernelTasks.matmul, [a, b, out], [k, m], n, WORK);
  expect(parallelCallCount()).toBe(before + 1);
  expect(Buffer.compare(Buffer.from(out.buffer), Buffer.from(serial.buffer))).toBe(0);
}

describe('arrays on ordinary memory (tensors, issue #19)', () => {
  afterAll(() => shutdownThreads());
  it('are copied through the shared scratch, outputs copied back: split, and bit for bit the serial result', () => {
    setThreads(2);
    const [n, k, m] = [300, 40, 30];
    const rng = makeRng(10);
    const a = Float64Array.from({ length: n * k }, () => rng.next() - 0.5);
    const b = Float64Array.from({ length: k * m }, () => rng.next() - 0.5);
    // a non-zero output: the kernels add into it, so it must go in as well as come back
    const serial = Float64Array.from({ length: n * m }, () => rng.next());
    const out = serial.slice();
    kernelTasks.matmul.fn([a, b, serial], [k, m], 0, n);
    const before = parallelCallCount();
    runRows(kernelTasks.matmul, [a, b, out], [k, m], n, WORK);
    expect(parallelCallCount()).toBe(before + 1);
    expect(out.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.compare(Buffer.from(out.buffer), Buffer.from(serial.buffer))).toBe(0);
  }, 60_000);
});

describe('errors in row tasks reach the caller', () => {
  afterAll(() => shutdownThreads());

  it('an exception on a worker throws in the caller after every block is done, and the pool goes on', () => {
    setThreads(2);
    const out = sharedOutput(100);
    expect(() => runRows(failingTasks.throwAt, [out], [70], 100, WORK)).toThrow(/failing_tasks\.ts#throwAt rows \[50, 100\) failed on a worker thread: bad row 70/);
    for (let r = 0; r < 50; r++) expect(out[r]).toBe(r);
    expectMatmulWorks();
  }, 60_000);

  it('an exception in block 0 waits for the workers and is rethrown as is', () => {
    setThreads(2);
    const out = sharedOutput(100);
    expect(() => runRows(failingTasks.throwAt, [out], [10], 100, WORK)).toThrow(/^bad row 10$/);
    for (let r = 50; r < 100; r++) expect(out[r]).toBe(r);
    expectMatmulWorks();
  }, 60_000);

  it('a task module that does not load fails the call, not the pool', () => {
    setThreads(2);
    const missing: RowTask = { module: path.join(__dirname, 'no_such_module.ts'), name: 'throwAt', fn: throwAt, output: 0 };
    expect(() => runRows(missing, [sharedOutput(100)], [-1], 100, WORK)).toThrow(/no_such_module\.ts#throwAt rows \[50, 100\) failed on a worker thread: Cannot find module/);
    expectMatmulWorks();
  }, 60_000);

  it('a worker that dies is noticed at once, named in the error, and replaced', () => {
    setThreads(2);
    const out = sharedOutput(100);
    const t0 = Date.now();
    expect(() => runRows(failingTasks.exitWorker, [out], [], 100, WORK)).toThrow(/failing_tasks\.ts#exitWorker rows \[50, 100\): worker thread died \(exit code 7\); the thread pool was restarted/);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expectMatmulWorks();
    // The rebuilt pool reports ordinary task errors as before.
    expect(() => runRows(failingTasks.throwAt, [sharedOutput(100)], [99], 100, WORK)).toThrow(/bad row 99/);
    expectMatmulWorks();
  }, 60_000);
});
