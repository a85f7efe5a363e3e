import { InputError } from '../util/errors';
import { JournalStorage } from './journal';
import { openStudyBackend } from './storage';
import { Direction, TrialState, type FrozenTrial } from './trial';

/** A study as read from its storage, at one moment. */
export interface StudySnapshot { name: string; maximize: boolean; trials: FrozenTrial[] }

/**
 * Read a study from its storage: a journal file, a Redis journal, or an Optuna database on SQLite
 * (sqlite:///path.db); the study named `study`, else the storage's first.
 */
export async function readStudy(storageUrl: string, study?: string): Promise<StudySnapshot> {
  const backend = await openStudyBackend(storageUrl);
  let storage: JournalStorage;
  try {
    storage = await JournalStorage.open(backend, 'report');
  } finally {
    await backend.close();
  }
  const names = storage.studyNames();
  const name = study ?? names[0];
  const id = name === undefined ? null : storage.findStudy(name);
  if (id === null) throw new InputError(names.length ? `no study named '${name}' (there are: ${names.join(', ')})` : 'the storage holds no study', { file: storageUrl });
  return { name, maximize: storage.study(id).directions[0] === Direction.MAXIMIZE, trials: storage.allTrials(id) };
}

/** Complete trials with a finite objective value: what a report can plot. */
export const completeTrials = (trials: FrozenTrial[]) => trials.filter((t) => t.state === TrialState.COMPLETE && t.values !== null && Number.isFinite(t.values[0]));
