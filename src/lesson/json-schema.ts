/**
 * The JSON Schema editors use to complete and check lesson files, derived from the zod model
 * (input shape: fields with defaults are optional). `npm run schema` writes it to
 * schema/lesson.schema.json; a test keeps the committed file equal to this.
 */
import { z } from 'zod';
import { Lesson } from './schema.js';

/**
 * Where the schema is published: the copy in the npm package, served by unpkg. An editor can use
 * it from any folder; the installed copy is `schema/lesson.schema.json` in the meshwalk package.
 */
export const LESSON_SCHEMA_ID = 'https://unpkg.com/meshwalk/schema/lesson.schema.json';

export function lessonJsonSchema(): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(Lesson, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return {
    $schema,
    $id: LESSON_SCHEMA_ID,
    ...schema,
    title: 'meshwalk lesson',
    description:
      `One meshwalk lesson. Start the file with: # yaml-language-server: $schema=${LESSON_SCHEMA_ID}` +
      ' (or a path to the installed copy)',
  };
}

/** The committed file's exact text. */
export function lessonJsonSchemaText(): string {
  return `${JSON.stringify(lessonJsonSchema(), null, 2)}\n`;
}
