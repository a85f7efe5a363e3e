import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { InputError } from '../util/errors';
import { Op } from './journal';
import type { JournalBackend, Log } from './journal_backend';
import { STATE_NAMES, TrialState, type TrialStateCode } from './trial';

/*
 * A study in Optuna's RDB storage on SQLite (the older tool's out/<name>/<name>.db, what
 * `optuna-dashboard sqlite:///…` opens), seen through the journal: opening it reads the database as
 * journal logs (one CREATE_STUDY per study with its attributes, one CREATE_TRIAL per trial holding
 * the whole trial), and every log appended after that is written to the tables as Optuna writes
 * them, in one transaction per append. The schema is Optuna 3–5's (version_info.schema_version 12,
 * alembic v3.2.0.a); a new file gets the same tables, so Optuna and optuna-dashboard read it.
 *
 * One process at a time: the logs are read once, at open (Optuna's own advice is a server database
 * for parallel workers; tune refuses several workers on SQLite).
 */

/** Optuna's RDB schema version (version_info) and the alembic revision that goes with it. */
export const SCHEMA_VERSION = 12;
const ALEMBIC_REVISION = 'v3.2.0.a';
/** The Optuna version whose schema this writes (version_info.library_version of a new file). */
const LIBRARY_VERSION = '5.0.0';

/** Optuna's DDL for schema version 12, as its SQLAlchemy models create it on SQLite. */
const SCHEMA = `
CREATE TABLE studies (study_id INTEGER NOT NULL, study_name VARCHAR(512) NOT NULL, PRIMARY KEY (study_id));
CREATE UNIQUE INDEX ix_studies_study_name ON studies (study_name);
CREATE TABLE version_info (version_info_id INTEGER NOT NULL, schema_version INTEGER, library_version VARCHAR(256), PRIMARY KEY (version_info_id), CHECK (version_info_id=1));
CREATE TABLE study_directions (study_direction_id INTEGER NOT NULL, direction VARCHAR(8) NOT NULL, study_id INTEGER NOT NULL, objective INTEGER NOT NULL, PRIMARY KEY (study_direction_id), UNIQUE (study_id, objective), FOREIGN KEY(study_id) REFERENCES studies (study_id));
CREATE TABLE study_user_attributes (study_user_attribute_id INTEGER NOT NULL, study_id INTEGER, "key" VARCHAR(512), value_json TEXT, PRIMARY KEY (study_user_attribute_id), UNIQUE (study_id, "key"), FOREIGN KEY(study_id) REFERENCES studies (study_id));
CREATE TABLE study_system_attributes (study_system_attribute_id INTEGER NOT NULL, study_id INTEGER, "key" VARCHAR(512), value_json TEXT, PRIMARY KEY (study_system_attribute_id), UNIQUE (study_id, "key"), FOREIGN KEY(study_id) REFERENCES studies (study_id));
CREATE TABLE trials (trial_id INTEGER NOT NULL, number INTEGER, study_id INTEGER, state VARCHAR(8) NOT NULL, datetime_start DATETIME, datetime_complete DATETIME, PRIMARY KEY (trial_id), FOREIGN KEY(study_id) REFERENCES studies (study_id));
CREATE INDEX ix_trials_study_id ON trials (study_id);
CREATE TABLE trial_user_attributes (trial_user_attribute_id INTEGER NOT NULL, trial_id INTEGER, "key" VARCHAR(512), value_json TEXT, PRIMARY KEY (trial_user_attribute_id), UNIQUE (trial_id, "key"), FOREIGN KEY(trial_id) REFERENCES trials (trial_id));
CREATE TABLE trial_system_attributes (trial_system_attribute_id INTEGER NOT NULL, trial_id INTEGER, "key" VARCHAR(512), value_json TEXT, PRIMARY KEY (trial_system_attribute_id), UNIQUE (trial_id, "key"), FOREIGN KEY(trial_id) REFERENCES trials (trial_id));
CREATE TABLE trial_params (param_id INTEGER NOT NULL, trial_id INTEGER, param_name VARCHAR(512), param_value FLOAT, distribution_json TEXT, PRIMARY KEY (param_id), UNIQUE (trial_id, param_name), FOREIGN KEY(trial_id) REFERENCES trials (trial_id));
CREATE TABLE trial_values (trial_value_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, objective INTEGER NOT NULL, value FLOAT, value_type VARCHAR(7) NOT NULL, PRIMARY KEY (trial_value_id), UNIQUE (trial_id, objective), FOREIGN KEY(trial_id) REFERENCES trials (trial_id));
CREATE TABLE trial_intermediate_values (trial_intermediate_value_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, step INTEGER NOT NULL, intermediate_value FLOAT, intermediate_value_type VARCHAR(7) NOT NULL, PRIMARY KEY (trial_intermediate_value_id), UNIQUE (trial_id, step), FOREIGN KEY(trial_id) REFERENCES trials (trial_id));
CREATE TABLE trial_heartbeats (trial_heartbeat_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, heartbeat DATETIME NOT NULL, PRIMARY KEY (trial_heartbeat_id), UNIQUE (trial_id), FOREIGN KEY(trial_id) REFERENCES trials (trial_id));
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
`;

/** Whether a storage string names an SQLite database (SQLAlchemy's URL, as Optuna takes it). */
export function isSqliteUrl(s: string): boolean {
  return s.startsWith('sqlite:///');
}

/** The file of sqlite:///relative.db or sqlite:////absolute.db (SQLAlchemy's form), resolved against `base`. */
export function sqlitePath(url: string, base = process.cwd()): string {
  const path = url.slice('sqlite:///'.length).replace(/\?.*$/, '');
  if (path === '' || path === ':memory:') throw new InputError('an SQLite study needs a file: sqlite:///path/to/study.db', { key: 'storage' });
  return resolve(base, path);
}

/** Optuna's datetimes in the database ('2026-12-03 15:47:25.440160') and in the journal ('2026-12-03T15:47:25.440160'). */
const toJournalTime = (s: string | null) => (s === null ? null : s.replace(' ', 'T'));
const toDbTime = (s: unknown) => (typeof s === 'string' ? s.replace('T', ' ') : null);

/** A float as Optuna stores it: the value, or NULL with its kind for infinities and NaN. */
function storedFloat(v: number): [number | null, string] {
  if (Number.isNaN(v)) return [null, 'NAN'];
  if (v === Infinity) return [null, 'INF_POS'];
  if (v === -Infinity) return [null, 'INF_NEG'];
  return [v, 'FINITE'];
}
function loadedFloat(v: number | null, type: string): number {
  return type === 'INF_POS' ? Infinity : type === 'INF_NEG' ? -Infinity : type === 'NAN' ? NaN : (v as number);
}

type Row = Record<string, unknown>;

/** An attribute's value_json as Python's json.dumps writes it, NaN and ±Infinity tokens included (JSON.parse refuses them). */
function pythonJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // the tokens outside strings only: a string is copied as it is
    const tokens = text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (m) => (m.startsWith('"') ? m : `"__float__${m}"`));
    try {
      return JSON.parse(tokens, (_, v) => (typeof v === 'string' && v.startsWith('__float__') ? Number(v.slice(9)) : v));
    } catch (e) {
      throw new InputError(`an attribute value is not JSON: ${(e as Error).message} (${text.slice(0, 60)})`, { file });
    }
  }
}

/** better-sqlite3, loaded when a study first needs it (an optional dependency with a native build). */
function sqliteDriver(file: string): typeof BetterSqlite3 {
  try {
    const Database = require('better-sqlite3') as typeof BetterSqlite3;
    // the JavaScript loads without its native part (an install that skipped the build): open one to know
    new Database(':memory:').close();
    return Database;
  } catch (e) {
    throw new InputError(`SQLite studies need the better-sqlite3 package (an optional dependency built at install), which did not load: ${(e as Error).message.split('\n')[0]}; a journal file or Redis needs nothing more`, { file });
  }
}

export class JournalSqliteBackend implements JournalBackend {
  private readonly db: BetterSqlite3.Database;
  /** Every log: the database as read at open, then those appended since. */
  private readonly logs: Log[] = [];
  /** The database's study_id and trial_id of each journal study and trial id (journal ids count from 0 in creation order). */
  private readonly studyIds: number[] = [];
  private readonly trialIds: number[] = [];

  constructor(readonly file: string, opts: { create?: boolean } = {}) {
    const Database = sqliteDriver(file);
    const fresh = !existsSync(file);
    if (fresh && !opts.create) throw new InputError('no such SQLite study database', { file });
    try {
      // another process writing (optuna-dashboard, Optuna) is waited for, not failed at once
      this.db = new Database(file, { fileMustExist: !fresh, timeout: 10_000 });
    } catch (e) {
      throw new InputError(`cannot open the SQLite study database: ${(e as Error).message}`, { file });
    }
    try {
      if (fresh) this.createSchema();
      this.checkSchema();
      this.readDatabase();
    } catch (e) {
      this.db.close();
      throw e instanceof InputError ? e : new InputError(`not an Optuna study database: ${(e as Error).message}`, { file });
    }
  }

  private createSchema(): void {
    this.db.transaction(() => {
      this.db.exec(SCHEMA);
      this.db.prepare('INSERT INTO version_info (version_info_id, schema_version, library_version) VALUES (1, ?, ?)').run(SCHEMA_VERSION, LIBRARY_VERSION);
      this.db.prepare('INSERT INTO alembic_version (version_num) VALUES (?)').run(ALEMBIC_REVISION);
    })();
  }

  private checkSchema(): void {
    const tables = new Set((this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Row[]).map((r) => r.name as string));
    if (!tables.has('version_info') || !tables.has('trials')) throw new InputError('not an Optuna study database (no version_info or trials table)', { file: this.file });
    const v = this.db.prepare('SELECT schema_version, library_version FROM version_info').get() as Row | undefined;
    if (v?.schema_version !== SCHEMA_VERSION) {
      throw new InputError(`Optuna schema version ${String(v?.schema_version)} (written by Optuna ${String(v?.library_version)}); geo-graphnet reads version ${SCHEMA_VERSION} (Optuna 3 to 5): upgrade it with \`optuna storage upgrade --storage sqlite:///…\``, { file: this.file });
    }
  }

  /** The database as journal logs: studies with their attributes, then each trial whole, in trial_id order. */
  private readDatabase(): void {
    const all = (sql: string) => this.db.prepare(sql).all() as Row[];
    const grouped = <T>(rows: Row[], id: string, f: (r: Row) => T) => {
      const out = new Map<number, T[]>();
      for (const r of rows) (out.get(r[id] as number) ?? out.set(r[id] as number, []).get(r[id] as number)!).push(f(r));
      return out;
    };
    // built with fromEntries: a key named __proto__ stays a plain key (the journal's replay then drops it)
    const attrs = (rows: Row[], id: string) => new Map([...grouped(rows, id, (r) => [r.key as string, pythonJson(r.value_json as string, this.file)] as const)].map(([k, kv]) => [k, Object.fromEntries(kv)]));
    const directions = grouped(all('SELECT study_id, direction FROM study_directions ORDER BY study_id, objective'), 'study_id', (r) => (r.direction === 'MAXIMIZE' ? 2 : 1));
    const studyUser = attrs(all('SELECT study_id, key, value_json FROM study_user_attributes ORDER BY study_user_attribute_id'), 'study_id');
    const studySystem = attrs(all('SELECT study_id, key, value_json FROM study_system_attributes ORDER BY study_system_attribute_id'), 'study_id');
    const journalStudy = new Map<number, number>();
    for (const s of all('SELECT study_id, study_name FROM studies ORDER BY study_id')) {
      const id = s.study_id as number;
      journalStudy.set(id, this.studyIds.length);
      this.logs.push({ op_code: Op.CREATE_STUDY, worker_id: 'sqlite', study_name: s.study_name, directions: directions.get(id) ?? [1] });
      if (studyUser.has(id)) this.logs.push({ op_code: Op.SET_STUDY_USER_ATTR, worker_id: 'sqlite', study_id: this.studyIds.length, user_attr: studyUser.get(id) });
      if (studySystem.has(id)) this.logs.push({ op_code: Op.SET_STUDY_SYSTEM_ATTR, worker_id: 'sqlite', study_id: this.studyIds.length, system_attr: studySystem.get(id) });
      this.studyIds.push(id);
    }
    const params = grouped(all('SELECT trial_id, param_name, param_value, distribution_json FROM trial_params ORDER BY param_id'), 'trial_id', (r) => r);
    const values = grouped(all('SELECT trial_id, value, value_type FROM trial_values ORDER BY trial_id, objective'), 'trial_id', (r) => loadedFloat(r.value as number | null, r.value_type as string));
    const steps = grouped(all('SELECT trial_id, step, intermediate_value, intermediate_value_type FROM trial_intermediate_values ORDER BY trial_id, step'), 'trial_id', (r) => [r.step as number, loadedFloat(r.intermediate_value as number | null, r.intermediate_value_type as string)] as const);
    const trialUser = attrs(all('SELECT trial_id, key, value_json FROM trial_user_attributes ORDER BY trial_user_attribute_id'), 'trial_id');
    const trialSystem = attrs(all('SELECT trial_id, key, value_json FROM trial_system_attributes ORDER BY trial_system_attribute_id'), 'trial_id');
    for (const t of all('SELECT trial_id, study_id, state, datetime_start, datetime_complete FROM trials ORDER BY trial_id')) {
      const id = t.trial_id as number;
      const study = journalStudy.get(t.study_id as number);
      const state = STATE_NAMES.indexOf(t.state as string);
      if (study === undefined || state < 0) throw new InputError(`trial ${id} has ${study === undefined ? `an unknown study_id ${String(t.study_id)}` : `an unknown state '${String(t.state)}'`}`, { file: this.file });
      const ps = params.get(id) ?? [];
      this.logs.push({
        op_code: Op.CREATE_TRIAL, worker_id: 'sqlite', study_id: study, state,
        // Optuna's replay parses datetime_complete whenever the key is there: absent, not null, for a trial still running
        datetime_start: toJournalTime(t.datetime_start as string | null), ...(t.datetime_complete === null ? {} : { datetime_complete: toJournalTime(t.datetime_complete as string) }),
        params: Object.fromEntries(ps.map((p) => [p.param_name, p.param_value])),
        distributions: Object.fromEntries(ps.map((p) => [p.param_name, p.distribution_json])),
        values: values.get(id) ?? null,
        intermediate_values: Object.fromEntries(steps.get(id) ?? []),
        user_attrs: trialUser.get(id) ?? {}, system_attrs: trialSystem.get(id) ?? {},
      });
      this.trialIds.push(id);
    }
  }

  async readLogs(from: number): Promise<Log[]> {
    return this.logs.slice(from);
  }

  async appendLogs(logs: Log[]): Promise<void> {
    await this.appendLocked(logs);
  }

  /** Each log written as Optuna's RDB storage writes the same change, all in one transaction; then kept for readLogs. */
  async appendLocked(logs: Log[]): Promise<void> {
    try {
      this.db.transaction(() => { for (const log of logs) this.write(log); })();
    } catch (e) {
      // a locked or full database, a read-only file: the user's to mend, said in one line
      const code = (e as { code?: string }).code;
      if (code?.startsWith('SQLITE_')) throw new InputError(`cannot write the SQLite study (${code}): ${(e as Error).message}`, { file: this.file });
      throw e;
    }
    this.logs.push(...logs);
  }

  // the logs are read once, at open: this process is the only writer
  async locked<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private run(sql: string, ...args: unknown[]): BetterSqlite3.RunResult {
    return this.db.prepare(sql).run(...args);
  }

  private upsertAttrs(table: string, idColumn: string, id: number, attrs: unknown): void {
    if (typeof attrs !== 'object' || attrs === null) return;
    for (const [k, v] of Object.entries(attrs)) {
      this.run(`INSERT INTO ${table} (${idColumn}, key, value_json) VALUES (?, ?, ?) ON CONFLICT (${idColumn}, key) DO UPDATE SET value_json = excluded.value_json`, id, k, JSON.stringify(v));
    }
  }

  /** The database's trial_id of a journal trial that is still running (updates to finished or unknown trials are ignored, as the journal's replay ignores them). */
  private openTrial(journalId: unknown): number | null {
    const id = this.trialIds[journalId as number];
    if (id === undefined) return null;
    const row = this.db.prepare('SELECT state FROM trials WHERE trial_id = ?').get(id) as Row;
    const state = STATE_NAMES.indexOf(row.state as string) as TrialStateCode;
    return state === TrialState.RUNNING || state === TrialState.WAITING ? id : null;
  }

  private setValues(trialId: number, values: unknown): void {
    if (!Array.isArray(values)) return;
    values.forEach((v, k) => {
      const [value, type] = storedFloat(Number(v));
      this.run('INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, ?, ?, ?) ON CONFLICT (trial_id, objective) DO UPDATE SET value = excluded.value, value_type = excluded.value_type', trialId, k, value, type);
    });
  }

  private write(log: Log): void {
    switch (log.op_code) {
      case Op.CREATE_STUDY: {
        // a name that exists already is ignored, as the journal's replay ignores it
        if (this.db.prepare('SELECT 1 FROM studies WHERE study_name = ?').get(log.study_name)) return;
        const id = Number(this.run('INSERT INTO studies (study_name) VALUES (?)', log.study_name).lastInsertRowid);
        (log.directions as number[]).forEach((d, k) => this.run('INSERT INTO study_directions (direction, study_id, objective) VALUES (?, ?, ?)', d === 2 ? 'MAXIMIZE' : 'MINIMIZE', id, k));
        this.studyIds.push(id);
        return;
      }
      case Op.SET_STUDY_USER_ATTR: case Op.SET_STUDY_SYSTEM_ATTR: {
        const id = this.studyIds[log.study_id as number];
        if (id === undefined) return;
        const user = log.op_code === Op.SET_STUDY_USER_ATTR;
        this.upsertAttrs(user ? 'study_user_attributes' : 'study_system_attributes', 'study_id', id, user ? log.user_attr : log.system_attr);
        return;
      }
      case Op.CREATE_TRIAL: {
        const study = this.studyIds[log.study_id as number];
        if (study === undefined) return;
        const number = (this.db.prepare('SELECT COUNT(*) AS n FROM trials WHERE study_id = ?').get(study) as Row).n as number;
        const state = (log.state as TrialStateCode | undefined) ?? TrialState.RUNNING;
        const id = Number(this.run('INSERT INTO trials (number, study_id, state, datetime_start, datetime_complete) VALUES (?, ?, ?, ?, ?)', number, study, STATE_NAMES[state], toDbTime(log.datetime_start), toDbTime(log.datetime_complete)).lastInsertRowid);
        this.trialIds.push(id);
        const distributions = (log.distributions ?? {}) as Record<string, string>;
        for (const [name, v] of Object.entries((log.params ?? {}) as Record<string, number>)) this.run('INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, ?, ?, ?)', id, name, v, distributions[name]);
        this.setValues(id, log.values);
        for (const [step, v] of Object.entries((log.intermediate_values ?? {}) as Record<string, number>)) this.setIntermediate(id, Number(step), v);
        this.upsertAttrs('trial_user_attributes', 'trial_id', id, log.user_attrs);
        this.upsertAttrs('trial_system_attributes', 'trial_id', id, log.system_attrs);
        return;
      }
      case Op.DELETE_STUDY: throw new Error('deleting a study is not supported on SQLite storage');
      default: {
        const id = this.openTrial(log.trial_id);
        if (id === null) return;
        switch (log.op_code) {
          case Op.SET_TRIAL_PARAM:
            this.run('INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, ?, ?, ?) ON CONFLICT (trial_id, param_name) DO UPDATE SET param_value = excluded.param_value, distribution_json = excluded.distribution_json', id, log.param_name, log.param_value_internal, log.distribution);
            return;
          case Op.SET_TRIAL_STATE_VALUES: {
            const state = log.state as TrialStateCode;
            if (state === TrialState.RUNNING) {
              // RUNNING again is ignored; WAITING → RUNNING starts the trial
              if ((this.db.prepare('SELECT state FROM trials WHERE trial_id = ?').get(id) as Row).state === 'RUNNING') return;
              this.run('UPDATE trials SET state = ?, datetime_start = ? WHERE trial_id = ?', 'RUNNING', toDbTime(log.datetime_start), id);
            }
            else this.run('UPDATE trials SET state = ?, datetime_complete = COALESCE(?, datetime_complete) WHERE trial_id = ?', STATE_NAMES[state], toDbTime(log.datetime_complete), id);
            this.setValues(id, log.values);
            return;
          }
          case Op.SET_TRIAL_INTERMEDIATE_VALUE: this.setIntermediate(id, log.step as number, log.intermediate_value as number); return;
          case Op.SET_TRIAL_USER_ATTR: this.upsertAttrs('trial_user_attributes', 'trial_id', id, log.user_attr); return;
          case Op.SET_TRIAL_SYSTEM_ATTR: this.upsertAttrs('trial_system_attributes', 'trial_id', id, log.system_attr); return;
          default: throw new Error(`unknown journal operation ${String(log.op_code)}`);
        }
      }
    }
  }

  private setIntermediate(trialId: number, step: number, v: number): void {
    const [value, type] = storedFloat(Number(v));
    this.run('INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type) VALUES (?, ?, ?, ?) ON CONFLICT (trial_id, step) DO UPDATE SET intermediate_value = excluded.intermediate_value, intermediate_value_type = excluded.intermediate_value_type', trialId, step, value, type);
  }
}
