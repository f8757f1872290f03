// The adapters' half of the lesson path rule: paths resolved in the work folder, symlinks and
// all, before a command runs; and `meshwalk explain` bound to the session's cluster.
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathRefusal } from '../../src/cluster/path-guard.js';
import { createRealCluster } from '../../src/cluster/real.js';
import { createSimCluster, type RunOwn } from '../../src/cluster/sim.js';
import { prepareWorkDir } from '../../src/cluster/workdir.js';

/** A lesson root with manifests/ (one file, one link out) and its prepared work folder. */
function setup() {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'meshwalk-guard-')));
  const root = join(base, 'lesson');
  mkdirSync(join(root, 'manifests'), { recursive: true });
  writeFileSync(join(root, 'manifests', 'ok.yaml'), 'kind: Namespace\n');
  writeFileSync(join(base, 'secret'), 'x');
  symlinkSync(join(base, 'secret'), join(root, 'manifests', 'out.yaml'));
  const work = prepareWorkDir(join(base, 'data'), 'l', root);
  symlinkSync(join(base, 'secret'), join(work, 'planted'));
  return { base, root, work };
}

describe('pathRefusal', () => {
  it('lets a lesson read its manifests and the work folder, and write new files in the work folder', () => {
    const { work } = setup();
    const uses = [
      { path: 'manifests/ok.yaml', access: 'read', within: 'lesson' },
      { path: 'tls.key', access: 'write', within: 'work' },
      { path: 'new/dir/file', access: 'write', within: 'work' },
      { path: '/dev/null', access: 'write', within: 'work' },
      { path: '-', access: 'read', within: 'lesson' },
    ] as const;
    expect(pathRefusal(uses, work)).toBeUndefined();
  });

  it('refuses a symlink out, and writing through the manifests link into the lesson folder', () => {
    const { base, root, work } = setup();
    expect(pathRefusal([{ path: 'manifests/out.yaml', access: 'read', within: 'lesson' }], work)).toBe(
      `\`manifests/out.yaml\` leads to ${base}/secret, outside the lesson's work folder or its manifests`,
    );
    expect(pathRefusal([{ path: 'planted', access: 'read', within: 'lesson' }], work)).toContain(
      `leads to ${base}/secret`,
    );
    expect(pathRefusal([{ path: 'manifests/new.pem', access: 'write', within: 'work' }], work)).toBe(
      `\`manifests/new.pem\` leads to ${root}/manifests/new.pem, outside the lesson's work folder`,
    );
  });

  it('refuses a folder that holds a link out (kubectl -f reads every file in it)', () => {
    const { base, work } = setup();
    expect(pathRefusal([{ path: 'manifests', access: 'read', within: 'lesson' }], work)).toBe(
      `\`manifests\` holds a link to ${base}/secret, outside the lesson's work folder or its manifests`,
    );
  });

  it('is what both adapters check before running anything', async () => {
    const { work } = setup();
    const paths = [{ path: 'planted', access: 'read', within: 'lesson' }] as const;
    let simRan = false;
    const sim = createSimCluster({
      stateDir: join(work, 's'),
      cwd: work,
      env: {},
      runSim: async () => ((simRan = true), { exitCode: 0, stdout: '', stderr: '' }),
    });
    await expect(sim.run(['kubectl', 'apply', '-f', 'planted'], { paths })).rejects.toThrow(
      /^refused to run "kubectl apply -f planted": `planted` leads to/,
    );
    expect(simRan).toBe(false);
    const real = createRealCluster({ context: 'minikube', cwd: work, env: { PATH: '/nonexistent' } });
    await expect(real.run(['kubectl', 'apply', '-f', 'planted'], { paths })).rejects.toThrow(
      /^refused to run "kubectl apply -f planted"/,
    );
  });
});

describe('meshwalk explain in a lesson', () => {
  it("reads the session's simulated cluster", async () => {
    const seen: (readonly string[])[] = [];
    const runOwn: RunOwn = async (args) => (seen.push(args), { exitCode: 0, stdout: '', stderr: '' });
    const c = createSimCluster({ stateDir: '/session/sim', cwd: '/w', env: {}, runOwn });
    await c.run(['meshwalk', 'explain', '--from', 'outside', '--to', 'http://x']);
    await c.run(['meshwalk', 'token', '--sub', 'a']);
    expect(seen).toEqual([
      ['explain', '--from', 'outside', '--to', 'http://x', '--state', '/session/sim'],
      ['token', '--sub', 'a'],
    ]);
  });

  it('is refused on a real cluster, whose current context need not be the pinned one', async () => {
    const c = createRealCluster({ context: 'minikube', cwd: tmpdir(), env: { PATH: '/nonexistent' } });
    await expect(c.run(['meshwalk', 'explain', '--from', 'outside', '--to', 'http://x'])).rejects.toThrow(
      /meshwalk explain --cluster current` in your own terminal/,
    );
  });
});
