import { runExperiment } from '../src/train/experiment';
import { smallRunConfig } from '../test/helpers/run_config';
(async () => {
  for (const [ep, lines, st, layers] of [[150, 6, 30, 16], [150, 6, 40, 24], [150, 8, 30, 20]]) {
    const r = await runExperiment(smallRunConfig((c) => { c.method.epochs = ep; c.method.patience = 30; Object.assign(c.data.synthetic, { lines, stationsPerLine: st, layers }); }), () => {});
    console.log(ep, lines, st, layers, 'gcn', r.main.test.macroF1.toFixed(4), r.main.bestEpoch, 'mlp', r.baseline!.test.macroF1.toFixed(4), r.main.seconds.toFixed(1), r.baseline!.seconds.toFixed(1));
  }
})();
