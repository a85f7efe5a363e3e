import type { Argv, CommandModule, Options } from 'yargs';
import { InputError } from '../util/errors';

/*
 * Option builders that validate their values: every failure is one line naming the flag, and the
 * command exits with code 2. Numeric flags carry no yargs type, so that a bad value reaches the
 * check as typed ('abc', not NaN); yargs still parses numbers on its own.
 */

function single(flag: string, v: unknown): unknown {
  if (Array.isArray(v)) throw new InputError(`--${flag} is given ${v.length} times; give it once`);
  return v;
}

/** An integer flag within [min, max]. */
export function intOption(flag: string, describe: string, min: number, max = Number.MAX_SAFE_INTEGER, extra: Options = {}): Options {
  const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
  return {
    describe: `${describe} (integer ${range})`, requiresArg: true, ...extra,
    coerce: (raw: unknown) => {
      const v = single(flag, raw);
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`--${flag} takes an integer ${range}, got '${String(v)}'`);
      return n;
    },
  };
}

/** A finite number flag, > 0 when `positive`. */
export function numberOption(flag: string, describe: string, positive: boolean, extra: Options = {}): Options {
  return {
    describe: `${describe} (${positive ? 'number > 0' : 'number'})`, requiresArg: true, ...extra,
    coerce: (raw: unknown) => {
      const v = single(flag, raw);
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n) || (positive && !(n > 0))) throw new InputError(`--${flag} takes a ${positive ? 'number > 0' : 'finite number'}, got '${String(v)}'`);
      return n;
    },
  };
}

/** A path or name flag: given once, not empty. */
export function stringOption(flag: string, describe: string, extra: Options = {}): Options {
  return {
    describe, type: 'string', requiresArg: true, ...extra,
    coerce: (raw: unknown) => {
      const v = single(flag, raw);
      if (typeof v !== 'string' || v === '') throw new InputError(`--${flag} needs a value`);
      return v;
    },
  };
}

/** --set key.path=value, repeatable. */
export const setOption: Options = {
  describe: 'Override one config value: key.path=value (repeatable; the value is JSON if it parses, e.g. 0.005, true, ["cond"], else text)',
  type: 'string', requiresArg: true,
  coerce: (raw: unknown) => (Array.isArray(raw) ? raw : [raw]).map(String),
};

/** Section files on the command line: --data, --graph, --model, --method. */
export const sectionOptions: Record<'data' | 'graph' | 'model' | 'method', Options> = {
  data: stringOption('data', 'Data section file (JSON), replacing the config\'s'),
  graph: stringOption('graph', 'Graph section file (JSON), replacing the config\'s'),
  model: stringOption('model', 'Model section file (JSON), replacing the config\'s'),
  method: stringOption('method', 'Method section file (JSON), replacing the config\'s'),
};

/** The config sources a command line gives (section files and --set assignments). */
export function configSources(argv: { data?: string; graph?: string; model?: string; method?: string; set?: string[] }) {
  return { sections: { data: argv.data, graph: argv.graph, model: argv.model, method: argv.method }, set: argv.set ?? [] };
}

/**
 * A command module whose handler reads its arguments as `A`. yargs infers `unknown` for options with
 * a coerce function, so the builder's inferred type is set aside: the coerce functions above are
 * what guarantee the types.
 */
export function command<A>(m: { command: string; describe: string; builder: (y: Argv) => Argv<unknown>; handler: (argv: A) => Promise<void> }): CommandModule<object, A> {
  return m as unknown as CommandModule<object, A>;
}

/** --seeds 0-9 or 0,3,7: training seeds to repeat a run over. */
export const seedsOption: Options = {
  describe: 'Repeat the run over these training seeds (0-9 or 0,3,7) on the same data and split; each seed goes to <out>/<name>/seed-<s>/, with seeds.json (mean ± std) beside them',
  type: 'string', requiresArg: true,
  coerce: (raw: unknown) => {
    const v = String(single('seeds', raw));
    const range = /^(\d+)-(\d+)$/.exec(v);
    const count = range ? Number(range[2]) - Number(range[1]) + 1 : 0;
    // the size is checked before any list is built from it
    const seeds = range ? (count >= 1 && count <= 1000 ? Array.from({ length: count }, (_, i) => Number(range[1]) + i) : []) : v.split(',').map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
    if (seeds.length === 0 || seeds.length > 1000 || seeds.some((s) => !Number.isSafeInteger(s)) || new Set(seeds).size !== seeds.length) {
      throw new InputError(`--seeds takes a range a-b or a list of distinct integers ≥ 0 (e.g. 0-9 or 0,3,7), got '${v}'`);
    }
    return seeds;
  },
};
