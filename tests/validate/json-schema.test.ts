/** The published JSON Schema is generated from the validator's schema and kept in the repo in sync. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema } from '../../src/validate/json-schema.js';
import { ROOT } from '../helpers/build.js';

describe('schema/report.schema.json', () => {
  it('is what `briefdeck schema` generates (regenerate: npx briefdeck schema > schema/report.schema.json)', () => {
    const committed = JSON.parse(readFileSync(resolve(ROOT, 'schema', 'report.schema.json'), 'utf8'));
    expect(committed).toEqual(reportJsonSchema());
  });

  it('is the schema the conference data declares', () => {
    const data = readFileSync(resolve(ROOT, 'data', 'bo-tttt-so-ket-6-thang-2020.yaml'), 'utf8');
    expect(data.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/report.schema.json');
  });
});
