import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runToFolder } from '../../src/pipeline/run';
import { loadModel } from '../../src/train/model_io';
import { InputError } from '../../src/util/errors';
import { smallRunConfig, tempDir } from '../helpers/run_config';

/** A model file is data: anything that does not fit its architecture is refused with one line, never half-loaded. */
describe('loading a saved model', () => {
  let dir: string;
  beforeAll(async () => {
    dir = (await runToFolder(smallRunConfig((c) => { Object.assign(c.method, { epochs: 2, baselines: [] }); Object.assign(c.data.synthetic, { lines: 4, stationsPerLine: 10, layers: 24 }); }), { log: () => {} })).dir;
  }, 60_000);

  /** A copy of the model with model.json edited and weights.bin possibly replaced; returns the InputError loading it gives. */
  function tampered(edit: (m: Record<string, any>) => void, weights?: (w: Buffer) => Buffer): InputError {
    const t = tempDir('model');
    const m = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    edit(m);
    writeFileSync(join(t, 'model.json'), JSON.stringify(m));
    if (weights) writeFileSync(join(t, 'weights.bin'), weights(readFileSync(join(dir, 'weights.bin'))));
    else copyFileSync(join(dir, 'weights.bin'), join(t, 'weights.bin'));
    try {
      loadModel(join(t, 'model.json'));
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return e as InputError;
    }
    throw new Error('the tampered model loaded');
  }

  it('loads as written', () => {
    expect(loadModel(join(dir, 'model.json')).saved.classes.length).toBeGreaterThan(1);
  });
  it('refuses a parameter list cut short (the rest would keep random weights)', () => {
    expect(tampered((m) => { m.params = m.params.slice(0, 1); }).message).toMatch(/is not in the model file/);
  });
  it('refuses a weights file of the wrong length, doubled or cut', () => {
    expect(tampered(() => {}, (w) => Buffer.concat([w, w])).message).toMatch(/weights file has \d+ bytes, the model needs \d+/);
    expect(tampered(() => {}, (w) => w.subarray(0, w.length - 8)).message).toMatch(/too short|bytes, the model needs/);
  });
  it('refuses weights that are not finite, parameters that share bytes, and a scaling with a zero deviation', () => {
    expect(tampered(() => {}, (w) => { const c = Buffer.from(w); c.writeFloatLE(NaN, 0); return c; }).message).toMatch(/not finite numbers/);
    expect(tampered((m) => { m.params[1].offset = m.params[0].offset; m.params[1].length = Math.min(m.params[1].length, m.params[0].length); }).message).toMatch(/shape|share bytes|bytes, the model needs/);
    expect(tampered((m) => { m.normalizer.std[0] = 0; }).message).toMatch(/positive standard deviation/);
  });
  it('refuses a shape that does not fit, an absurd architecture, a weights path outside the folder, a truncated file', () => {
    expect(tampered((m) => { m.params[0].shape = [1, m.params[0].length]; }).message).toMatch(/has shape/);
    expect(tampered((m) => { m.model.hidden = 1e8; }).message).toMatch(/not a valid model config/);
    expect(tampered((m) => { m.weightsFile = '../../etc/passwd'; }).message).toMatch(/must be a file name beside model.json/);
    expect(tampered((m) => { delete m.classes; }).message).toMatch(/classes/);
    const t = tempDir('model');
    writeFileSync(join(t, 'model.json'), readFileSync(join(dir, 'model.json'), 'utf8').slice(0, 100));
    expect(() => loadModel(join(t, 'model.json'))).toThrow(/not valid JSON/);
  });
});
