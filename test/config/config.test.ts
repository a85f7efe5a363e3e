import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { jsonSchemas } from '../../src/config/json_schema';
import { loadRunConfig, loadStudyConfig, parseAssignment, resolveRunConfig } from '../../src/config/load';
import { ConfigError, type ConfigIssue } from '../../src/config/validate';
import { InputError } from '../../src/util/errors';
import { tempDir } from '../helpers/run_config';

const configs = join(__dirname, '../../configs');

/** The issues a config raises (it must raise). */
function issuesOf(fn: () => unknown): ConfigIssue[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

const keys = (issues: ConfigIssue[]) => issues.map((i) => i.key).sort();

describe('run configs', () => {
  it('every shipped run config and the study config load', () => {
    const runs = ['default.json', 'older_tool_csv.json', ...readdirSync(join(configs, 'planetoid')).filter((f) => f.endsWith('.json')).map((f) => `planetoid/${f}`)];
    for (const f of runs) expect(loadRunConfig(join(configs, f)).name, f).toBeTruthy();
    expect(loadStudyConfig(join(configs, 'study.json')).study.trials).toBe(20);
  });

  it('fills every default, and sections come from their files with paths relative to them', () => {
    const cfg = loadRunConfig(join(configs, 'older_tool_csv.json'));
    expect(cfg.data.nodes).toBe(join(__dirname, '../../fixtures/older_tool/nodes.csv'));
    expect(cfg.model.type).toBe('gcn');
    expect(cfg.graph.method).toBe('lattice');
    expect(cfg.method.epochs).toBe(100);
    expect(cfg.method.labelMaskRate).toBe(0.5);
    expect(cfg.data.normalize).toBe('standard');
  });

  it('reports every error at once, each with its file and key path', () => {
    const dir = tempDir('cfg');
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ type: 'gnn', hidden: 0 }));
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify({ seed: -1, nme: 'x', model: 'model.json', method: { lr: '0.1', epochz: 3 }, graph: { scale: [1, 0], sigma: 0 } }));
    const issues = issuesOf(() => loadRunConfig(file));
    expect(keys(issues)).toEqual(['graph.scale[1]', 'graph.sigma', 'method.epochz', 'method.lr', 'model.hidden', 'model.type', 'nme', 'seed']);
    const by = (k: string) => issues.find((i) => i.key === k)!;
    expect(by('model.type').file).toBe(join(dir, 'model.json'));
    expect(by('model.type').message).toBe('is "gnn", expected one of "gcn", "sage", "gat", "mlp"');
    expect(by('model.hidden').message).toBe('is 0, must be ≥ 1');
    expect(by('method.lr')).toEqual({ file, key: 'method.lr', message: 'expected a number, got "0.1"' });
    expect(by('method.epochz').message).toMatch(/^unknown config key \(known keys: epochs, optimizer, lr/);
    expect(by('seed').message).toBe('is -1, must be ≥ 0');
    expect(by('graph.sigma').message).toBe('is 0, must be > 0');
  });

  it('refuses reserved names anywhere, and names that would leave the output folder', () => {
    const raw = JSON.parse('{"data": {"__proto__": {"x": 1}}, "method": {"constructor": 1}, "model": {"prototype": 2}}');
    expect(keys(issuesOf(() => resolveRunConfig(raw, null)))).toEqual(['data.__proto__', 'method.constructor', 'model.prototype']);
    for (const name of ['../../x', '/abs', '.', '', '.hidden', 'a/b', 'a\\b']) {
      const [issue] = issuesOf(() => resolveRunConfig({ name }, null));
      expect(issue.key, name).toBe('name');
    }
    expect(issuesOf(() => resolveRunConfig({}, null, { set: ['__proto__.polluted=1'] }))[0].file).toBe('--set');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('--set assignments: JSON values, bare words as text, new sections, errors named as from --set', () => {
    expect(parseAssignment('method.lr=0.005')).toEqual({ path: ['method', 'lr'], value: 0.005 });
    expect(parseAssignment('model.type=gat')).toEqual({ path: ['model', 'type'], value: 'gat' });
    expect(parseAssignment('data.features=["cond","runc"]').value).toEqual(['cond', 'runc']);
    expect(() => parseAssignment('method.lr')).toThrow(/key\.path=value/);
    expect(() => parseAssignment('method..lr=1')).toThrow(/key\.path=value/);
    const cfg = resolveRunConfig({}, null, { set: ['model.type=gat', 'method.lr=0.005', 'data.synthetic.lines=4'] });
    expect([cfg.model.type, cfg.method.lr, cfg.data.synthetic.lines]).toEqual(['gat', 0.005, 4]);
    const [issue] = issuesOf(() => resolveRunConfig({}, null, { set: ['method.epochs=ten'] }));
    expect(issue).toEqual({ file: '--set', key: 'method.epochs', message: 'expected an integer, got "ten"' });
  });

  it('paths are relative to the config file, outputs too; from the command line or without a config file, to the working folder', () => {
    const dir = tempDir('paths');
    mkdirSync(join(dir, 'sections'));
    writeFileSync(join(dir, 'sections', 'method.json'), JSON.stringify({ costMatrix: 'costs.csv' }));
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify({ out: 'results', data: { source: 'csv', nodes: 'n.csv', edges: 'e.csv' }, method: 'sections/method.json' }));
    const cfg = loadRunConfig(file);
    expect([cfg.out, cfg.data.nodes, cfg.data.edges]).toEqual([join(dir, 'results'), join(dir, 'n.csv'), join(dir, 'e.csv')]);
    // a path in a section file is relative to that file
    expect(cfg.method.costMatrix).toBe(join(dir, 'sections', 'costs.csv'));
    expect(loadRunConfig(file, { overrides: { out: 'elsewhere' } }).out).toBe(resolve('elsewhere'));
    const set = loadRunConfig(file, { set: ['out=there', 'method.costMatrix=c.npy', 'data.nodes=m.csv'] });
    expect([set.out, set.method.costMatrix, set.data.nodes]).toEqual([resolve('there'), resolve('c.npy'), resolve('m.csv')]);
    // a config without out writes beside itself; the built-in defaults under the working folder
    writeFileSync(file, '{}');
    expect(loadRunConfig(file).out).toBe(join(dir, 'out'));
    expect(loadRunConfig(null).out).toBe(resolve('out'));
    // resolving again changes nothing (tune re-resolves trial configs)
    expect(resolveRunConfig(JSON.parse(JSON.stringify(cfg)), file)).toEqual(cfg);
    // the shipped run configs write where they always did: ./out of the checkout
    const runs = ['default.json', 'older_tool_csv.json', ...readdirSync(join(configs, 'planetoid')).filter((f) => f.endsWith('.json')).map((f) => `planetoid/${f}`)];
    for (const f of runs) expect(loadRunConfig(join(configs, f)).out, f).toBe(join(configs, '..', 'out'));
    expect(loadStudyConfig(join(configs, 'study.json')).run.out).toBe(join(configs, '..', 'out'));
  });

  it('a cost matrix must be a CSV or a .npy; kept columns may not take predictions.csv\'s own names', () => {
    const [bad] = issuesOf(() => resolveRunConfig({ method: { costMatrix: 'costs.xlsx' } }, null));
    expect(bad).toMatchObject({ key: 'method.costMatrix', message: "'costs.xlsx' is neither a CSV (.csv, .csv.gz) nor a NumPy array (.npy)" });
    const keep = issuesOf(() => resolveRunConfig({ data: { keep: ['DEPTH_MD', 'label', 'value_x'] } }, null));
    expect(keep.map((i) => i.key)).toEqual(['data.keep[1]', 'data.keep[2]']);
    expect(issuesOf(() => resolveRunConfig({}, null, { set: ['data.keep=["entropy"]'] }))[0]).toMatchObject({ file: '--set', key: 'data.keep[0]' });
    expect(keys(issuesOf(() => resolveRunConfig({ data: { keep: ['A', 'A'] } }, null)))).toEqual(['data.keep']);
  });

  it('section files on the command line replace the config\'s own', () => {
    const cfg = loadRunConfig(join(configs, 'default.json'), { sections: { model: join(configs, 'model/gat.json') } });
    expect(cfg.model.type).toBe('gat');
    expect(cfg.model.heads).toBe(4);
  });
});

describe('hostile or broken configs', () => {
  it('a config nested deeper than any real one is refused, not walked until the stack overflows', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const [issue] = issuesOf(() => resolveRunConfig({ data: deep }, null));
    expect(issue.message).toMatch(/nested more than \d+ levels deep/);
  });

  it('arbitrary JSON values: a config or one input error, never anything else', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('', 'data', 'graph', 'model', 'method'), (v, section) => {
      try {
        resolveRunConfig(section ? { [section]: v } : v, null);
      } catch (e) {
        // a string section is a path to a file: reading it can fail as an InputError too
        expect(e).toBeInstanceOf(typeof v === 'string' && section ? InputError : ConfigError);
      }
    }), { numRuns: 500, seed: 3 });
  });

  it('names of Object.prototype are unknown keys like any other; empty names and absurd sizes are refused', () => {
    const raw = { toString: 1, valueOf: 2, hasOwnProperty: 3, out: '', data: { label: '', features: [''] }, model: { type: 'gat', hidden: 65536, heads: 64 } };
    const issues = issuesOf(() => resolveRunConfig(raw, null));
    expect(keys(issues)).toEqual(['data.features[0]', 'data.label', 'hasOwnProperty', 'out', 'toString', 'valueOf']);
    expect(keys(issuesOf(() => resolveRunConfig({ model: { type: 'gat', hidden: 65536, heads: 64 } }, null)))).toEqual(['model.heads']);
    expect(keys(issuesOf(() => resolveRunConfig({ data: { synthetic: { lines: 10000, stationsPerLine: 1000, layers: 1000 } } }, null)))).toEqual(['data.synthetic']);
    expect(keys(issuesOf(() => resolveRunConfig({ model: { hidden: 4096, layers: 64 } }, null)))).toEqual(['model.layers']);
    expect(keys(issuesOf(() => resolveRunConfig({ data: { synthetic: { featureScale: [3000, 500], stationSpacing: [25, 10] } } }, null)))).toEqual(['data.synthetic.featureScale', 'data.synthetic.stationSpacing']);
    expect(issuesOf(() => resolveRunConfig({ graph: '' }, null))[0]).toMatchObject({ key: 'graph', message: expect.stringMatching(/empty path/) });
    // a value JSON turns into Infinity is shown as such
    expect(issuesOf(() => resolveRunConfig({}, null, { set: ['method.lr=1e999'] }))[0].message).toBe('expected a number, got Infinity');
    // a key that --set made up is reported as coming from --set
    expect(issuesOf(() => resolveRunConfig({}, null, { set: ['a.b.c=1'] }))[0]).toMatchObject({ file: '--set', key: 'a' });
  });

  it('a config with every default written out loads back to itself', () => {
    const full = resolveRunConfig({}, null);
    const again = resolveRunConfig(JSON.parse(JSON.stringify(full)), null);
    expect(again).toEqual(full);
  });
});

describe('study configs', () => {
  it('checks the study, its space and its base run config', () => {
    const dir = tempDir('study');
    const file = join(dir, 'study.json');
    writeFileSync(file, JSON.stringify({
      trials: 0, sampler: { type: 'grid' },
      space: { 'model.hiden': { type: 'int', low: 1, high: 8 }, 'method.lr': { type: 'float', low: 0.1 }, 'model.type': { type: 'categorical', choices: [] }, 'model.dropout': { type: 'uniform' } },
    }));
    const issues = issuesOf(() => loadStudyConfig(file));
    expect(keys(issues)).toEqual(['sampler.type', 'space.method.lr.high', 'space.model.dropout.type', 'space.model.type.choices', 'trials']);
    writeFileSync(file, JSON.stringify({ space: { 'model.hiden': { type: 'int', low: 1, high: 8 } }, run: { method: { epochz: 1 } } }));
    expect(keys(issuesOf(() => loadStudyConfig(file)))).toEqual(['method.epochz']);
    writeFileSync(file, JSON.stringify({ space: { 'model.hiden': { type: 'int', low: 1, high: 8 } } }));
    const [unknown] = issuesOf(() => loadStudyConfig(file));
    expect(unknown).toMatchObject({ key: 'space.model.hiden', message: expect.stringMatching(/not a run config key/) });
    // values the space can give are checked against the schema before any trial
    writeFileSync(file, JSON.stringify({ space: { 'model.hidden': { type: 'int', low: 8, high: 1e9 }, 'model.type': { type: 'categorical', choices: ['gcn', 'transformer'] } } }));
    const values = issuesOf(() => loadStudyConfig(file));
    expect(values.map((i) => [i.key, i.message])).toEqual([
      ['space.model.hidden', 'the value 1000000000 is not a valid model.hidden: is 1000000000, must be ≤ 65536'],
      ['space.model.type', 'the value "transformer" is not a valid model.type: is "transformer", expected one of "gcn", "sage", "gat", "mlp"'],
    ]);
  });
});

describe('JSON Schema files', () => {
  it('configs/schema/ holds exactly what the section schemas export (run `geo-graphnet schema --write configs/schema` after a change)', () => {
    const schemas = jsonSchemas();
    expect(readdirSync(join(configs, 'schema')).sort()).toEqual(Object.keys(schemas).map((k) => `${k}.schema.json`).sort());
    for (const [k, s] of Object.entries(schemas)) expect(JSON.parse(readFileSync(join(configs, 'schema', `${k}.schema.json`), 'utf8')), k).toEqual(s);
  });

  it('defaulted keys are optional and unknown keys closed, as editors should see them', () => {
    const run = jsonSchemas().run as { required?: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(run.required).toBeUndefined();
    expect(run.additionalProperties).toBe(false);
    expect(Object.keys(run.properties)).toEqual(expect.arrayContaining(['name', 'seed', 'data', 'graph', 'model', 'method']));
  });
});
