/** The JSON Schema of the data format, generated from the validator's own schema. */
import { z } from 'zod';
import { reportSchema } from './schema.js';

export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(reportSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'briefdeck report data',
  };
}
