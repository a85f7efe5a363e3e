import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import type { RunConfig } from '../../src/config/run_config';

/** A fresh temporary folder. */
export function tempDir(tag = 'ggn'): string {
  return mkdtempSync(join(tmpdir(), `${tag}-`));
}

/** configs/default.json (the default run's model, graph and method) on a small survey, writing under a temp folder. */
export function smallDefaultRunConfig(overrides: (c: RunConfig) => void = () => {}): RunConfig {
  const cfg = loadRunConfig(join(__dirname, '../../configs/default.json'), { overrides: { out: tempDir('run') } });
  Object.assign(cfg.data.synthetic, { lines: 10, stationsPerLine: 50 });
  overrides(cfg);
  return cfg;
}

/** The built-in defaults, with a small fast survey and short training, writing under a temp folder. */
export function smallRunConfig(overrides: (c: RunConfig) => void = () => {}): RunConfig {
  const cfg = loadRunConfig(null, { overrides: { out: tempDir('run') } });
  // no paleochannel: a survey this small may not cross it on a training line
  Object.assign(cfg.data.synthetic, { lines: 6, stationsPerLine: 40, layers: 24, paleochannelDepth: 0 });
  Object.assign(cfg.method, { epochs: 150, patience: 30 });
  overrides(cfg);
  return cfg;
}
