import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { JournalStorage } from '../../src/study/journal';
import { JournalFileBackend } from '../../src/study/journal_file';
import { STATE_NAMES } from '../../src/study/trial';
import { tune } from '../../src/pipeline/tune';
import { tempDir } from '../helpers/run_config';
import { writeFileSync } from 'node:fs';

const script = join(__dirname, '../../bench/peers/optuna_interop.py');
const hasOptuna = spawnSync('python3', ['-c', 'import optuna'], { encoding: 'utf8' }).status === 0;
if (!hasOptuna) console.warn('skipping the Optuna interop test: python3 cannot import optuna (pip install optuna)');

function optuna(mode: 'read' | 'write', journal: string, study: string): { number: number; state: string; params: Record<string, unknown>; values: number[] | null; intermediate: Record<string, number>; user_attrs: Record<string, unknown> }[] {
  const r = spawnSync('python3', [script, mode, journal, study], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function ours(journal: string, study: string) {
  const s = await JournalStorage.open(new JournalFileBackend(journal), 'reader');
  return s.allTrials(s.findStudy(study)!).map((t) => ({
    number: t.number, state: STATE_NAMES[t.state], params: t.params, values: t.values,
    intermediate: Object.fromEntries([...t.intermediate].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
    user_attrs: t.userAttrs,
  }));
}

describe.skipIf(!hasOptuna)('journal interop with python Optuna', () => {
  it('Optuna loads a study geo-graphnet wrote and sees the same trials', async () => {
    const dir = tempDir('interop');
    const cfg = join(dir, 'study.json');
    writeFileSync(cfg, JSON.stringify({
      name: 'ours', trials: 5, seed: 2,
      run: { out: dir, data: { synthetic: { lines: 6, stationsPerLine: 20, layers: 24 } }, method: { epochs: 12, patience: 0, baselines: [] } },
      sampler: { nStartupTrials: 2 }, pruner: { type: 'median', startupTrials: 1, warmupSteps: 3 },
      space: {
        'model.type': { type: 'categorical', choices: ['gcn', 'sage'] },
        'model.hidden': { type: 'int', low: 4, high: 32, log: true },
        'model.dropout': { type: 'float', low: 0, high: 0.5, step: 0.1 },
        'method.lr': { type: 'float', low: 0.005, high: 0.05, log: true },
      },
    }));
    const r = await tune(cfg, { log: () => {} });
    const journal = join(r.outDir, 'journal.jsonl');
    const theirs = optuna('read', journal, 'ours');
    expect(theirs).toEqual(await ours(journal, 'ours'));
    expect(theirs).toHaveLength(r.study.trials().length);
  }, 120_000);

  it('geo-graphnet loads a study Optuna wrote (TPE, pruning) with the same trials', async () => {
    const journal = join(tempDir('interop'), 'optuna.jsonl');
    const theirs = optuna('write', journal, 'theirs');
    expect(theirs.length).toBe(10);
    expect(await ours(journal, 'theirs')).toEqual(theirs);
  }, 120_000);
});
