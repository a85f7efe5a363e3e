import { runSchema } from '../data/config_schema';

/** The run-config JSON Schema, for editors. */
export function runJsonSchema(): object {
  return { $schema: 'http://json-schema.org/draft-07/schema#', title: 'geo-graphnet run config', ...runSchema };
}

export const schemaCommand = {
  command: 'schema',
  describe: 'Print the JSON Schema of run configs (configs/run.schema.json)',
  handler: () => {
    console.log(JSON.stringify(runJsonSchema(), null, 2));
  },
};
