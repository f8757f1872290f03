// Shared by the run/check/progress command tests: a lesson folder from an inline file map, a
// fake cluster whose STRICT policy takes effect after `propagationMs`, and an Io that records.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Cluster, CommandResult } from '../../src/cluster/port.js';
import type { SelectedCluster } from '../../src/cluster/select.js';
import type { Io } from '../../src/io.js';

export function lessonFolder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'meshwalk-lessons-'));
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return join(root, 'lessons');
}

export const STRICT = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
spec:
  mtls:
    mode: STRICT
`;

export const basics = `id: basics
title: Basics
summary: Deploy things.
istio: ["1.24"]
steps:
  - id: make-ns
    title: Create the namespace
    run: kubectl create namespace books
`;

export const strictLesson = (before = '{status: 200}') => `id: strict
title: Strict mTLS
summary: Lock the namespace.
istio: ["1.24"]
requires: [basics]
vars:
  NS: books
cleanup:
  - run: kubectl delete peerauthentication default -n {{NS}}
steps:
  - id: apply-strict
    title: Apply STRICT to {{NS}}
    text: Only clients with a sidecar get through.
    run: kubectl apply -f manifests/strict.yaml -n {{NS}}
    verify:
      run: kubectl exec deploy/sleep -n outside -- curl -s -o /dev/null -w "%{http_code}" http://books.{{NS}}:4000/books/1
      expect: {status: "000"}
      before: ${before}
      timeout: 10s
    hints: [Look at the namespace, "kubectl apply -f manifests/strict.yaml -n books"]
  - id: yours
    title: Label it yourself
    verify:
      run: kubectl get ns {{NS}} --show-labels
      expect: {contains: "istio-injection=enabled"}
      timeout: 2s
    solve:
      - run: kubectl label ns {{NS}} istio-injection=enabled
`;

export function fakeWorld(propagationMs = 0) {
  let strictAt: number | undefined;
  let labelled = false;
  const log: string[] = [];
  const cluster: Cluster = {
    kind: 'sim',
    description: 'fake',
    async run(argv): Promise<CommandResult> {
      const cmd = argv.join(' ');
      log.push(cmd);
      const ok = (stdout: string, exitCode = 0): CommandResult => ({
        argv,
        stdout,
        stderr: '',
        exitCode,
        timedOut: false,
        cancelled: false,
        durationMs: 1,
      });
      if (cmd.startsWith('kubectl apply -f manifests/strict.yaml')) {
        strictAt = Date.now();
        return ok('peerauthentication.security.istio.io/default created\n');
      }
      if (cmd.startsWith('kubectl delete peerauthentication')) {
        strictAt = undefined;
        return ok('peerauthentication.security.istio.io "default" deleted\n');
      }
      if (cmd.startsWith('kubectl label ns')) {
        labelled = true;
        return ok('namespace/books labeled\n');
      }
      if (cmd.startsWith('kubectl get ns'))
        return ok(`NAME STATUS LABELS\nbooks Active ${labelled ? 'istio-injection=enabled' : '<none>'}\n`);
      if (cmd.startsWith('kubectl exec'))
        return strictAt !== undefined && Date.now() - strictAt >= propagationMs ? ok('000', 56) : ok('200');
      return ok('');
    },
  };
  const selected: SelectedCluster = {
    kind: 'sim',
    key: 'sim',
    line: 'Using a fake cluster.',
    forWorkDir: () => cluster,
  };
  return { cluster, log, select: async () => selected };
}

export function recordingIo(
  env: Record<string, string | undefined> = {},
): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (c: string) => void (out += c) },
    stderr: { write: (c: string) => void (err += c) },
    readStdin: async () => '',
    env,
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

export function scripted(answers: string[]) {
  const queue = [...answers];
  return { next: async () => queue.shift(), close: () => {} };
}

/**
 * meshwalk with `args` through the CLI's entry point in this process, as the built CLI runs it:
 * its exit status and what it printed, in spawnSync's words.
 */
export async function meshwalkHere(
  args: string[],
  env: Record<string, string | undefined>,
  o: { cwd?: string; stdin?: string } = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  const { main } = await import('../../src/cli.js');
  let stdout = '';
  let stderr = '';
  const status = await main(args, {
    stdout: { write: (c: string) => void (stdout += c) },
    stderr: { write: (c: string) => void (stderr += c) },
    readStdin: async () => o.stdin ?? '',
    env,
    cwd: o.cwd ?? process.cwd(),
  });
  return { status, stdout, stderr };
}
