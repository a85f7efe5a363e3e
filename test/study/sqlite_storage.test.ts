import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { tune } from '../../src/pipeline/tune';
import { importStudy } from '../../src/study/import';
import { JournalStorage } from '../../src/study/journal';
import type { JournalBackend } from '../../src/study/journal_backend';
import { JournalFileBackend } from '../../src/study/journal_file';
import { JournalSqliteBackend, sqlitePath as sqlitePathOf } from '../../src/study/journal_sqlite';
import { STATE_NAMES } from '../../src/study/trial';
import { writeStudyReport } from '../../src/report/study_report';
import { InputError } from '../../src/util/errors';
import { tempDir } from '../helpers/run_config';
import { hasOptuna } from './small_study';

/*
 * Optuna's RDB storage on SQLite, as the older tool kept its studies: fixtures/optuna/older_tool.db
 * was written by python Optuna (bench/peers/optuna_sqlite_fixture.py: six trials, complete, pruned
 * and failed). geo-graphnet continues it with tune; Optuna reads every trial back.
 */
const FIXTURE = join(__dirname, '../../fixtures/optuna/older_tool.db');
const INTEROP = join(__dirname, '../../bench/peers/optuna_interop.py');
if (!hasOptuna) console.warn('skipping the Optuna read-backs of SQLite studies: python3 cannot import optuna (pip install optuna)');

/** better-sqlite3 is an optional dependency (a native build at install): without it these tests skip, saying so. */
const Database = (() => {
  try {
    return require('better-sqlite3') as typeof BetterSqlite3;
  } catch (e) {
    console.warn(`skipping the SQLite study tests: better-sqlite3 did not load (${(e as Error).message.split('\n')[0]})`);
    return null;
  }
})();

interface Seen { number: number; state: string; params: Record<string, unknown>; values: number[] | null; intermediate: Record<string, number>; user_attrs: Record<string, unknown> }

/** The study as python Optuna loads it (a journal file or sqlite:///path.db). */
function optunaTrials(storage: string, study: string): Seen[] {
  const r = spawnSync('python3', [INTEROP, 'read', storage, study], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** The study as geo-graphnet replays it, in the same form (heartbeats are system attributes, not shown). */
async function ourTrials(backend: JournalBackend, study: string): Promise<Seen[]> {
  try {
    const s = await JournalStorage.open(backend, 'reader');
    return s.allTrials(s.findStudy(study)!).map((t) => ({
      number: t.number, state: STATE_NAMES[t.state], params: t.params, values: t.values,
      intermediate: Object.fromEntries([...t.intermediate].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
      user_attrs: t.userAttrs,
    }));
  } finally {
    await backend.close();
  }
}

/** A copy of the fixture and a small study config over the fixture's search space, named as its study. */
function setUp(trials: number): { dir: string; db: string; cfg: string } {
  const dir = tempDir('sqlite');
  const db = join(dir, 'older_tool.db');
  copyFileSync(FIXTURE, db);
  const cfg = join(dir, 'study.json');
  writeFileSync(cfg, JSON.stringify({
    name: 'older_tool', trials, seed: 4, storage: 'sqlite:///older_tool.db',
    run: { out: dir, data: { synthetic: { lines: 6, stationsPerLine: 20, layers: 24 } }, method: { epochs: 8, patience: 0, baselines: [] } },
    sampler: { type: 'tpe', nStartupTrials: 2 }, pruner: { type: 'median', startupTrials: 2, warmupSteps: 3 },
    objective: { metric: 'val_macro_f1', direction: 'maximize' },
    space: {
      'model.type': { type: 'categorical', choices: ['gcn', 'sage'] },
      'model.hidden': { type: 'int', low: 4, high: 32, log: true },
      'method.lr': { type: 'float', low: 0.005, high: 0.05, log: true },
    },
  }));
  return { dir, db, cfg };
}

describe.skipIf(Database === null)('Optuna studies on SQLite', () => {
  it('reads the fixture as python Optuna wrote it: six trials, complete, pruned and failed', async () => {
    const trials = await ourTrials(new JournalSqliteBackend(FIXTURE), 'older_tool');
    expect(trials.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'PRUNED', 'PRUNED', 'FAIL', 'PRUNED']);
    expect(trials[0].params).toMatchObject({ 'model.type': expect.stringMatching(/^(gcn|sage)$/) });
    expect(Object.keys(trials[2].intermediate).length).toBeGreaterThan(0);
    expect(trials[0].user_attrs).toEqual({ epochs_run: 4 });
  });

  it.skipIf(!hasOptuna)('the fixture reads the same in geo-graphnet and in python Optuna', async () => {
    expect(await ourTrials(new JournalSqliteBackend(FIXTURE), 'older_tool')).toEqual(optunaTrials(`sqlite:///${FIXTURE}`, 'older_tool'));
  });

  it('tune continues the study in the database: the old trials stay, new ones follow their numbers, the report draws them all', async () => {
    const { dir, db, cfg } = setUp(8);
    const before = await ourTrials(new JournalSqliteBackend(db), 'older_tool');
    const r = await tune(cfg, { log: () => {} });
    expect(r.journal).toBe(`sqlite:///${db}`);
    const after = await ourTrials(new JournalSqliteBackend(db), 'older_tool');
    // six old trials (two finished and three pruned count towards 8; the failed one does not): three new
    expect(after.slice(0, 6)).toEqual(before);
    expect(after.slice(6).map((t) => t.number)).toEqual([6, 7, 8]);
    for (const t of after.slice(6)) {
      expect(['COMPLETE', 'PRUNED']).toContain(t.state);
      expect(Object.keys(t.params).sort()).toEqual(['method.lr', 'model.hidden', 'model.type']);
    }
    const rep = await writeStudyReport(dir, r.journal!, { png: false, study: 'older_tool' });
    expect(readFileSync(rep.file, 'utf8')).toContain("Optuna's RDB storage on SQLite");
    expect(readFileSync(rep.file, 'utf8')).toContain('9 trials');
  }, 180_000);

  it.skipIf(!hasOptuna)('python Optuna reads the continued database back with every trial equal', async () => {
    const { cfg } = setUp(8);
    const r = await tune(cfg, { log: () => {} });
    const ours = await ourTrials(new JournalSqliteBackend(sqlitePathOf(r.journal!)), 'older_tool');
    expect(ours).toHaveLength(9);
    expect(optunaTrials(r.journal!, 'older_tool')).toEqual(ours);
  }, 180_000);

  it('a trial left running in the database (its process killed) is marked FAIL when tune opens it, not waited for', async () => {
    const { db, cfg } = setUp(8);
    const d = new Database!(db);
    d.prepare("UPDATE trials SET state = 'RUNNING', datetime_complete = NULL WHERE number = 5").run();
    d.prepare('DELETE FROM trial_values WHERE trial_id = (SELECT trial_id FROM trials WHERE number = 5)').run();
    d.prepare("INSERT INTO trial_user_attributes (trial_id, key, value_json) VALUES ((SELECT trial_id FROM trials WHERE number = 0), 'val_loss', 'NaN')").run();
    d.close();
    const logs: string[] = [];
    await tune(cfg, { log: (s) => logs.push(s) });
    const after = await ourTrials(new JournalSqliteBackend(db), 'older_tool');
    expect(after[5].state).toBe('FAIL');
    expect(logs.filter((l) => /SQLite/.test(l))).toEqual(["trial 5 was RUNNING when the SQLite study was opened: marked FAIL"]);
    // Python's NaN in an attribute reads as NaN
    expect(after[0].user_attrs.val_loss).toBeNaN();
  }, 180_000);

  it('the same seed continues the same study bit for bit', async () => {
    const a = setUp(7), b = setUp(7);
    await tune(a.cfg, { log: () => {} });
    await tune(b.cfg, { log: () => {} });
    const [ta, tb] = [await ourTrials(new JournalSqliteBackend(a.db), 'older_tool'), await ourTrials(new JournalSqliteBackend(b.db), 'older_tool')];
    expect(ta.slice(6)).toEqual(tb.slice(6));
    expect(ta.length).toBe(8);
  }, 180_000);

  it('a new database is created with Optuna\'s schema, which Optuna reads', async () => {
    const dir = tempDir('sqlite-new');
    const { cfg } = setUp(3);
    const fresh = join(dir, 'new.db');
    const r = await tune(cfg, { storage: `sqlite:///${fresh}`, log: () => {} });
    const d = new Database!(fresh, { readonly: true });
    expect(d.prepare('SELECT schema_version FROM version_info').get()).toEqual({ schema_version: 12 });
    d.close();
    const ours = await ourTrials(new JournalSqliteBackend(fresh), 'older_tool');
    expect(ours).toHaveLength(r.study.trials().length);
  }, 180_000);

  it.skipIf(!hasOptuna)('python Optuna reads a database geo-graphnet created', async () => {
    const { cfg } = setUp(3);
    const fresh = join(tempDir('sqlite-new'), 'new.db');
    await tune(cfg, { storage: `sqlite:///${fresh}`, log: () => {} });
    expect(optunaTrials(`sqlite:///${fresh}`, 'older_tool')).toEqual(await ourTrials(new JournalSqliteBackend(fresh), 'older_tool'));
  }, 180_000);

  it('study import writes a journal that geo-graphnet and Optuna read as the database', async () => {
    const dir = tempDir('sqlite-import');
    const journal = join(dir, 'journal.jsonl');
    expect(await importStudy(`sqlite:///${FIXTURE}`, journal, 'older_tool')).toEqual({ studies: ['older_tool'], trials: 6 });
    const fromDb = await ourTrials(new JournalSqliteBackend(FIXTURE), 'older_tool');
    expect(await ourTrials(new JournalFileBackend(journal), 'older_tool')).toEqual(fromDb);
    // never into an existing journal, never a study that is not there
    await expect(importStudy(`sqlite:///${FIXTURE}`, journal)).rejects.toThrow(/exists already/);
    await expect(importStudy(`sqlite:///${FIXTURE}`, join(dir, 'other.jsonl'), 'nope')).rejects.toThrow(/no study named 'nope' \(there are: older_tool\)/);
  });

  it.skipIf(!hasOptuna)('python Optuna reads the imported journal as the database', async () => {
    const journal = join(tempDir('sqlite-import'), 'journal.jsonl');
    await importStudy(`sqlite:///${FIXTURE}`, journal, 'older_tool');
    expect(optunaTrials(journal, 'older_tool')).toEqual(await ourTrials(new JournalSqliteBackend(FIXTURE), 'older_tool'));
  });

  it('refuses what is not an Optuna database of a version it reads, and several workers', async () => {
    const dir = tempDir('sqlite-bad');
    const other = join(dir, 'other.db');
    new Database!(other).exec('CREATE TABLE t (x INTEGER)');
    expect(() => new JournalSqliteBackend(other)).toThrow(/not an Optuna study database/);
    const old = join(dir, 'old.db');
    copyFileSync(FIXTURE, old);
    const d = new Database!(old);
    d.prepare('UPDATE version_info SET schema_version = 11').run();
    d.close();
    expect(() => new JournalSqliteBackend(old)).toThrow(InputError);
    expect(() => new JournalSqliteBackend(old)).toThrow(/schema version 11.*optuna storage upgrade/);
    const text = join(dir, 'text.db');
    writeFileSync(text, 'not a database at all, just text that is long enough to have a header\n'.repeat(20));
    expect(() => new JournalSqliteBackend(text)).toThrow(InputError);
    expect(() => new JournalSqliteBackend(join(dir, 'missing.db'))).toThrow(/no such SQLite study database/);
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
    const { cfg } = setUp(8);
    await expect(tune(cfg, { workers: 2, log: () => {} })).rejects.toThrow(/SQLite study runs in one process/);
  });
});
