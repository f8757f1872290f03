// The one list of kubectl's global flags (command-policy/target-flags.ts) against kubectl's own:
// a recorded `kubectl options` (kubectl 1.32), and the kubectl on PATH when there is one, so a
// flag added by a newer kubectl fails here until it is classified.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KUBECTL_GLOBAL_FLAGS } from '../../src/lesson/command-policy/target-flags.js';

/** Each flag `kubectl options` prints, as `-s, --server` (the short letter first when it has one). */
function flagsOf(text: string): string[] {
  return [...text.matchAll(/^\s+(?:-(\w), )?--([\w-]+)=/gm)].map((m) => (m[1] ? `-${m[1]}, --${m[2]}` : `--${m[2]}`));
}

const ours = KUBECTL_GLOBAL_FLAGS.map((f) => (f.short ? `-${f.short}, --${f.name}` : `--${f.name}`));

describe('kubectl global flags', () => {
  it('match the recorded `kubectl options` of kubectl 1.32', () => {
    const recorded = readFileSync(new URL('../fixtures/kubectl/options-1.32.txt', import.meta.url), 'utf8');
    expect(recorded.split('\n')[0]).toMatch(/^Client Version: v1\.32\./);
    expect(flagsOf(recorded)).toEqual(ours);
  });

  it('match `kubectl options` of the kubectl on PATH, when there is one', (ctx) => {
    let live: string;
    try {
      live = execFileSync('kubectl', ['options'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      ctx.skip();
      return;
    }
    expect(flagsOf(live)).toEqual(ours);
  });

  it('refuse every flag that names a server, kubeconfig, cluster, context or identity', () => {
    const target = KUBECTL_GLOBAL_FLAGS.filter((f) => f.use === 'target').map((f) => f.name);
    expect(target.sort()).toEqual(
      [
        'as',
        'as-group',
        'as-uid',
        'certificate-authority',
        'client-certificate',
        'client-key',
        'cluster',
        'context',
        'insecure-skip-tls-verify',
        'kubeconfig',
        'password',
        'server',
        'tls-server-name',
        'token',
        'user',
        'username',
      ].sort(),
    );
  });
});
