import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshwalk, repo, scratch } from './cli.js';

const example = join(repo, 'docs', 'examples', 'strict-mtls');

describe("docs/lesson-format.md's complete example", () => {
  it('is the lesson file in docs/examples/strict-mtls, word for word', async () => {
    const docs = readFileSync(join(repo, 'docs', 'lesson-format.md'), 'utf8');
    const block = /## A complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(block).toBe(readFileSync(join(example, 'strict-mtls.yaml'), 'utf8'));
  });

  it('lints clean and passes check on the simulated cluster, with its shipped prerequisite', async () => {
    const cwd = scratch();
    expect(await meshwalk(['lint', example], cwd)).toMatchObject({ code: 0, stdout: '' });
    const r = await meshwalk(['check', '--lessons', example, '--cluster', 'sim'], cwd);
    expect(r.stdout).toContain('Also running prerequisites first: into-the-mesh');
    expect(r.stdout).toContain('Lesson strict-mtls: PASSED');
    expect(r.code).toBe(0);
  });
});
