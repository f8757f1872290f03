import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonJsonSchemaText } from '../../src/lesson/json-schema.js';

describe('schema/lesson.schema.json', () => {
  it('is the file `npm run schema` generates from the zod model (run it and commit)', () => {
    const committed = readFileSync(new URL('../../schema/lesson.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(lessonJsonSchemaText());
  });

  it('has a published $id, so a lesson outside the repository can name it', () => {
    const schema = JSON.parse(lessonJsonSchemaText()) as { $id?: string; description: string };
    expect(schema.$id).toBe('https://unpkg.com/meshwalk/schema/lesson.schema.json');
    expect(schema.description).toContain(schema.$id);
  });

  it('lets editors complete the fields of a step and leaves defaulted fields optional', () => {
    const schema = JSON.parse(lessonJsonSchemaText()) as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(['id', 'title', 'summary', 'istio', 'steps']);
    expect(JSON.stringify(schema.properties.steps)).toContain('"verify"');
    expect(JSON.stringify(schema.properties.steps)).not.toContain('"required":["from"');
  });
});
