/** `meshwalk token`: the claims a lesson's --aud and --sub put in the token, as the JWT lesson mints them. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

function claims(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [CLI, 'token', ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const payload = r.stdout.trim().split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('meshwalk token', () => {
  it('--aud sets the audience the RequestAuthentication checks', () => {
    expect(claims(['--sub', 'alice', '--aud', 'inventory'])).toMatchObject({
      iss: 'meshwalk-demo@meshwalk.dev',
      sub: 'alice',
      aud: 'inventory',
    });
  });

  it('mints no aud without --aud', () => {
    expect(claims(['--sub', 'alice'])).not.toHaveProperty('aud');
  });
});
