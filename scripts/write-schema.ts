// Writes schema/lesson.schema.json from the zod model (npm run schema). Commit the result.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lessonJsonSchemaText } from '../src/lesson/json-schema.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'lesson.schema.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, lessonJsonSchemaText());
console.log(`wrote ${out}`);
