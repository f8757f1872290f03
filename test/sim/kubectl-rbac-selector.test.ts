/** RBAC objects stored and served (not enforced), and `kubectl apply -l`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';
import { shlexSplit } from '../../src/sim/shell-words.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster() {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwrbac-'));
  dirs.push(stateDir);
  return (line: string, stdin = '') =>
    runSimCommand(shlexSplit(line), { stateDir, stdin, cwd: stateDir, now: Date.parse('2025-01-01T00:00:00Z') });
}

const RBAC = `apiVersion: v1
kind: ServiceAccount
metadata: {name: ext-authz, namespace: default}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: reader-binding}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects:
- {kind: ServiceAccount, name: ext-authz, namespace: default}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: cm-writer, namespace: default}
rules:
- {apiGroups: [""], resources: [configmaps], verbs: [create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: cm-writer, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cm-writer}
subjects:
- {kind: User, name: jane}
`;

describe('RBAC kinds', () => {
  test("apply, get (kubectl's columns), delete", async () => {
    const run = cluster();
    expect((await run('kubectl apply -f -', RBAC)).stdout).toBe(
      [
        'serviceaccount/ext-authz created',
        'clusterrole.rbac.authorization.k8s.io/reader created',
        'clusterrolebinding.rbac.authorization.k8s.io/reader-binding created',
        'role.rbac.authorization.k8s.io/cm-writer created',
        'rolebinding.rbac.authorization.k8s.io/cm-writer created',
        '',
      ].join('\n'),
    );
    expect((await run('kubectl get clusterrolebinding reader-binding')).stdout).toBe(
      'NAME             ROLE                 AGE\nreader-binding   ClusterRole/reader   0s\n',
    );
    expect((await run('kubectl get role cm-writer')).stdout).toBe(
      'NAME        CREATED AT\ncm-writer   2025-01-01T00:00:00Z\n',
    );
    expect((await run('kubectl get rolebinding cm-writer -o wide')).stdout).toBe(
      'NAME        ROLE             AGE   USERS   GROUPS   SERVICEACCOUNTS\ncm-writer   Role/cm-writer   0s    jane             \n'.replace(
        / +\n/,
        '\n',
      ),
    );
    expect((await run('kubectl get clusterrole reader -o jsonpath={.rules[0].verbs}')).stdout).toBe('["get","list"]');
    expect((await run('kubectl apply -f -', RBAC)).stdout).toContain(
      'clusterrole.rbac.authorization.k8s.io/reader unchanged',
    );
    expect((await run('kubectl delete clusterrole reader')).stdout).toBe(
      'clusterrole.rbac.authorization.k8s.io "reader" deleted\n',
    );
    expect((await run('kubectl get clusterrole reader')).stderr).toBe(
      'Error from server (NotFound): clusterroles.rbac.authorization.k8s.io "reader" not found\n',
    );
  });
});

describe('kubectl apply -l', () => {
  const DOCS = `apiVersion: v1
kind: Service
metadata: {name: httpbin, labels: {app: httpbin, service: httpbin}}
spec: {ports: [{name: http, port: 8000}], selector: {app: httpbin}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: httpbin}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: other, labels: {app: other}}
data: {a: b}
`;

  test('applies only the objects whose labels match', async () => {
    const run = cluster();
    expect(await run('kubectl apply -l app=httpbin -f -', DOCS)).toEqual({
      stdout: 'service/httpbin created\n',
      stderr: '',
      exitCode: 0,
    });
    expect((await run('kubectl get sa httpbin')).exitCode).toBe(1);
    expect((await run('kubectl apply -l service=httpbin,app!=other -f -', DOCS)).stdout).toBe(
      'service/httpbin unchanged\n',
    );
    expect(await run('kubectl apply -l app=none -f -', DOCS)).toMatchObject({
      stderr: 'error: no objects passed to apply\n',
      exitCode: 1,
    });
  });
});
