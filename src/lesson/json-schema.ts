/**
 * The JSON Schema editors use to complete and check lesson files, derived from the zod model
 * (input shape: fields with defaults are optional). `npm run schema` writes it to
 * schema/lesson.schema.json; a test keeps the committed file equal to this.
 */
import { z } from 'zod';
import { Lesson } from './schema.js';

export function lessonJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Lesson, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return {
    ...schema,
    title: 'meshwalk lesson',
    description: 'One meshwalk lesson (lessons/*.yaml). Start the file with: # yaml-language-server: $schema=../schema/lesson.schema.json',
  };
}

/** The committed file's exact text. */
export function lessonJsonSchemaText(): string {
  return `${JSON.stringify(lessonJsonSchema(), null, 2)}\n`;
}
