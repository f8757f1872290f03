import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { meshwalk as inProcess } from '../support/meshwalk.js';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(repo, 'dist', 'cli.js');

/** A fresh folder with its own meshwalk home, so no test sees another's progress or work files. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'meshwalk-author-'));
}

/** meshwalk run in `cwd` (in this process, through the CLI's entry point). */
export async function meshwalk(args: string[], cwd: string) {
  const r = await inProcess(args, { cwd, env: { ...process.env, MESHWALK_HOME: join(cwd, '.home'), NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
