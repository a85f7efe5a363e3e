import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JournalStorage } from '../../src/study/journal';
import { JournalFileBackend } from '../../src/study/journal_file';
import { isFinished, STATE_NAMES } from '../../src/study/trial';

/** A small, fast study over the synthetic survey, named 'small', writing under dir. */
export function studyConfig(dir: string, trials = 6, epochs = 15): string {
  const file = join(dir, 'study.json');
  writeFileSync(file, JSON.stringify({
    name: 'small', trials, seed: 3,
    run: { out: dir, data: { synthetic: { lines: 6, stationsPerLine: 20, layers: 24 } }, method: { epochs, patience: 0, baselines: [] } },
    sampler: { type: 'tpe', nStartupTrials: 3 },
    pruner: { type: 'median', startupTrials: 2, warmupSteps: 5 },
    space: {
      'model.type': { type: 'categorical', choices: ['gcn', 'sage', 'mlp'] },
      'model.hidden': { type: 'int', low: 4, high: 32, log: true },
      'method.lr': { type: 'float', low: 0.005, high: 0.05, log: true },
    },
  }));
  return file;
}

export interface TrialSummary { number: number; state: string; values: number[] | null }

/** The finished trials of a journal's study as geo-graphnet replays it. */
export async function finishedTrials(journal: string, study = 'small'): Promise<TrialSummary[]> {
  const s = await JournalStorage.open(new JournalFileBackend(journal, { warn: () => {} }), 'reader');
  return s.allTrials(s.findStudy(study)!).filter((t) => isFinished(t.state)).map((t) => ({ number: t.number, state: STATE_NAMES[t.state], values: t.values }));
}

export const hasOptuna = spawnSync('python3', ['-c', 'import optuna'], { encoding: 'utf8' }).status === 0;

/** The finished trials as python Optuna loads them (bench/peers/optuna_interop.py). */
export function optunaFinishedTrials(journal: string, study = 'small'): TrialSummary[] {
  const r = spawnSync('python3', [join(__dirname, '../../bench/peers/optuna_interop.py'), 'read', journal, study], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python Optuna could not load ${journal}:\n${r.stderr}`);
  const trials = JSON.parse(r.stdout.trim().split('\n').pop()!) as TrialSummary[];
  return trials.filter((t) => t.state !== 'RUNNING' && t.state !== 'WAITING').map(({ number, state, values }) => ({ number, state, values }));
}
