// A typo in a kubectl flag gets kubectl's own answer (checked against the kubectl v1.32 client,
// which rejects these before contacting a server); "not simulated" stays for real gaps.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshwalk as inProcess } from '../support/meshwalk.js';

const home = mkdtempSync(join(tmpdir(), 'mw-flags-'));
const kubectl = (...args: string[]) =>
  inProcess(['sim', '--', 'kubectl', ...args], { env: { ...process.env, MESHWALK_HOME: home } });

describe('kubectl flag mistakes in meshwalk sim', () => {
  it.each([
    [
      ['apply', '--dry-run=clinet', '-f', 'x.yaml'],
      'error: Invalid dry-run value (clinet). Must be "none", "server", or "client".\n',
    ],
    [['get', 'pods', '--frobnicate'], "Error: unknown flag: --frobnicate\nSee 'kubectl get --help' for usage.\n"],
    [['get', 'pods', '-Z'], "Error: unknown shorthand flag: 'Z' in -Z\nSee 'kubectl get --help' for usage.\n"],
    [
      ['get', 'pods', '-o', 'yamll'],
      'error: unable to match a printer suitable for the output format "yamll", allowed formats are: ' +
        'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
    ],
  ])('kubectl %j answers as kubectl, exit 1', async (args, stderr) => {
    const r = await kubectl(...args);
    expect(r.stderr).toBe(stderr);
    expect(r.status).toBe(1);
  });

  it('a real kubectl flag the simulator lacks is still "not simulated" (exit 3)', async () => {
    const r = await kubectl('get', 'pods', '--server-print=false');
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('not simulated');
  });

  it('bare --dry-run means client: it does not swallow the next flag', async () => {
    const r = await kubectl('create', 'namespace', 'typo-check', '--dry-run', '-o', 'name');
    expect(r.stderr).not.toContain('--dry-run=-o');
    expect(r.stdout).toBe('namespace/typo-check\n');
    expect(r.status).toBe(0);
  });
});
