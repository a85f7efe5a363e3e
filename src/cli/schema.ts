import type { Argv } from 'yargs';
import { command } from './options';

export const schemaCommand = command<{ which: string }>({
  command: 'schema [which]',
  describe: 'Print the JSON Schema of run configs, study configs or one section (configs/schema/*.schema.json)',
  builder: (y: Argv) => y.positional('which', { choices: ['run', 'study', 'data', 'graph', 'model', 'method'] as const, default: 'run', describe: 'Which schema' }),
  handler: async (argv) => {
    const { jsonSchemas } = await import('../config/json_schema');
    console.log(JSON.stringify(jsonSchemas()[argv.which], null, 2));
  },
});
