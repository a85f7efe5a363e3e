import type { Argv } from 'yargs';
import { command, stringOption } from './options';

const WHICH = ['run', 'study', 'data', 'graph', 'model', 'method'] as const;

export const schemaCommand = command<{ which: (typeof WHICH)[number]; write?: string }>({
  command: 'schema [which]',
  describe: 'Print the JSON Schema of run configs, study configs or one section; --write DIR writes them all (configs/schema/)',
  builder: (y: Argv) => y
    .positional('which', { choices: WHICH, default: 'run' as const, describe: 'Which schema to print' })
    .option('write', stringOption('write', 'Write every schema as <which>.schema.json into this folder instead'))
    .example('$0 schema model', 'the model section\'s schema')
    .example('$0 schema --write configs/schema', 'refresh the schema files editors read'),
  handler: async (argv) => {
    const { jsonSchemas } = await import('../config/json_schema');
    const schemas = jsonSchemas();
    if (!argv.write) {
      console.log(JSON.stringify(schemas[argv.which], null, 2));
      return;
    }
    const { join } = await import('node:path');
    const { writeFileAtomic } = await import('../util/atomic_write');
    for (const [name, s] of Object.entries(schemas)) writeFileAtomic(join(argv.write, `${name}.schema.json`), JSON.stringify(s, null, 2) + '\n');
    console.log(`wrote ${Object.keys(schemas).length} schemas to ${argv.write}`);
  },
});
