import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(repo, 'dist', 'cli.js');

/** A fresh folder with its own meshwalk home, so no test sees another's progress or work files. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'meshwalk-author-'));
}

/** The built CLI, run in `cwd`. */
export function meshwalk(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MESHWALK_HOME: join(cwd, '.home'), NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
