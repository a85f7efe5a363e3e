import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/config/load';
import type { RunConfig } from '../../src/config/run_config';

/** A fresh temporary folder. */
export function tempDir(tag = 'ggn'): string {
  return mkdtempSync(join(tmpdir(), `${tag}-`));
}

/** The default run config, with a small fast survey and short training, writing under a temp folder. */
export function smallRunConfig(overrides: (c: RunConfig) => void = () => {}): RunConfig {
  const cfg = loadRunConfig(null, { overrides: { out: tempDir('run') } });
  Object.assign(cfg.data.synthetic, { lines: 6, stationsPerLine: 40, layers: 24 });
  Object.assign(cfg.method, { epochs: 150, patience: 30 });
  overrides(cfg);
  return cfg;
}
