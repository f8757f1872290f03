/** `meshwalk token`: the claims a lesson's --aud and --sub put in the token, as the JWT lesson mints them. */
import { describe, expect, it } from 'vitest';
import { meshwalk as inProcess } from '../support/meshwalk.js';

async function claims(args: string[]): Promise<Record<string, unknown>> {
  const r = await inProcess(['token', ...args]);
  expect(r.status, r.stderr).toBe(0);
  const payload = r.stdout.trim().split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('meshwalk token', () => {
  it('--aud sets the audience the RequestAuthentication checks', async () => {
    expect(await claims(['--sub', 'alice', '--aud', 'inventory'])).toMatchObject({
      iss: 'meshwalk-demo@meshwalk.dev',
      sub: 'alice',
      aud: 'inventory',
    });
  });

  it('mints no aud without --aud', async () => {
    expect(await claims(['--sub', 'alice'])).not.toHaveProperty('aud');
  });
});
