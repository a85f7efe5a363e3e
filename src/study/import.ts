import { existsSync, statSync } from 'node:fs';
import { InputError } from '../util/errors';
import { Op } from './journal';
import type { Log } from './journal_backend';
import { JournalFileBackend } from './journal_file';
import { isSqliteUrl, JournalSqliteBackend, sqlitePath } from './journal_sqlite';

/** The logs of one study (by name), renumbered as the only study of a journal. */
function onlyStudy(logs: Log[], name: string, file: string): Log[] {
  const names = logs.filter((l) => l.op_code === Op.CREATE_STUDY).map((l) => l.study_name as string);
  const id = names.indexOf(name);
  if (id < 0) throw new InputError(`no study named '${name}' (there are: ${names.join(', ') || 'none'})`, { file });
  const out: Log[] = [];
  let study = -1;
  for (const l of logs) {
    if (l.op_code === Op.CREATE_STUDY) {
      study++;
      if (study === id) out.push(l);
    } else if (l.study_id === id) out.push({ ...l, study_id: 0 });
  }
  return out;
}

/** JSON has no infinity or NaN: a journal line cannot hold one (Optuna would write a token JSON readers refuse). */
function finiteJson(log: Log, file: string): void {
  JSON.stringify(log, (k, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new InputError(`a ${String(v)} in '${k}' of a ${log.op_code === Op.CREATE_TRIAL ? 'trial' : 'study'} cannot be written to a journal (JSON has no ${String(v)})`, { file });
    return v;
  });
}

/**
 * `study import`: an Optuna study database on SQLite (sqlite:///path.db) written as a journal file,
 * every study in it or the one named; the journal must be new. Returns the studies and trials written.
 */
export async function importStudy(from: string, to: string, study?: string): Promise<{ studies: string[]; trials: number }> {
  if (!isSqliteUrl(from)) throw new InputError(`study import reads an Optuna database on SQLite, named sqlite:///path/study.db; got '${from}'`);
  if (existsSync(to) && statSync(to).size > 0) throw new InputError('the journal exists already: import into a new file (appending would mix the studies)', { file: to });
  const file = sqlitePath(from);
  const source = new JournalSqliteBackend(file);
  try {
    const all = await source.readLogs(0);
    const logs = study === undefined ? all : onlyStudy(all, study, file);
    for (const l of logs) finiteJson(l, file);
    const target = new JournalFileBackend(to);
    try {
      await target.appendLogs(logs);
    } finally {
      await target.close();
    }
    return { studies: logs.filter((l) => l.op_code === Op.CREATE_STUDY).map((l) => l.study_name as string), trials: logs.filter((l) => l.op_code === Op.CREATE_TRIAL).length };
  } finally {
    await source.close();
  }
}
