import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/pipeline/run';
import { smallDefaultRunConfig } from '../helpers/run_config';

describe('class imbalance', () => {
  it('with method.classWeighted, a unit that is ~3 % of the training cells (the paleochannel) is predicted with recall > 0.5', async () => {
    const cfg = smallDefaultRunConfig((c) => {
      Object.assign(c.data.synthetic, { paleochannelWidth: 150 });
      Object.assign(c.method, { classWeighted: true, baselines: [] });
    });
    const r = await runExperiment(cfg, { log: () => {}, quiet: true });
    const { nodes, split } = r.prepared;
    const k = nodes.classes.indexOf('paleochannel');
    const share = Array.from(split.train).filter((i) => nodes.labels[i] === k).length / split.train.length;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.05);
    expect(r.main.metrics.test!.perClass[k].support).toBeGreaterThan(50);
    expect(r.main.metrics.test!.perClass[k].recall).toBeGreaterThan(0.5);
  }, 180_000);
});
