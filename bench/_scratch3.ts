import { loadRunConfig } from '../src/data/config';
import { runExperiment } from '../src/train/experiment';
(async () => {
  const variants: [string, (c: any) => void][] = [
    ['h64 lr.02', (c) => { c.model.hidden = 64; c.method.lr = 0.02; }],
    ['h64 lr.02 L3', (c) => { c.model.hidden = 64; c.method.lr = 0.02; c.model.layers = 3; }],
    ['h64 lr.02 minmax-w', (c) => { c.model.hidden = 64; c.method.lr = 0.02; c.graph.weight = 'gaussian'; }],
  ];
  for (const [name, f] of variants) {
    const cfg = loadRunConfig(null, { out: '/tmp/out2' });
    cfg.data.synthetic.noise = 1.5; cfg.method.epochs = 250; cfg.method.patience = 40;
    f(cfg);
    const r = await runExperiment(cfg, () => {});
    console.log(name, 'gcn', r.main.test.macroF1.toFixed(4), r.main.bestEpoch, 'mlp', r.baseline!.test.macroF1.toFixed(4), r.baseline!.bestEpoch, r.main.seconds.toFixed(1), r.baseline!.seconds.toFixed(1));
  }
})();
