import { describe, expect, it } from 'vitest';
import { readPage } from '../../src/authoring/code-actions.js';
import { convertLine, convertScript } from '../../src/authoring/script-lines.js';

describe('readPage', () => {
  it('finds inline and fenced actions with their lines, and keeps the Markdown without markers', () => {
    const page = readPage(
      [
        'Run:',
        '',
        '`kubectl get ns`{{execute T1}}',
        '',
        '```',
        'kubectl get pods',
        'kubectl get svc',
        '```{{exec}}',
        '',
        '`x: 1`{{copy}}',
      ].join('\n'),
    );
    expect(page.actions).toEqual([
      { code: 'kubectl get ns', kind: 'exec', line: 3 },
      { code: 'kubectl get pods\nkubectl get svc', kind: 'exec', line: 6 },
      { code: 'x: 1', kind: 'copy', line: 10 },
    ]);
    expect(page.markdown).toBe('Run:\n\n`kubectl get ns`\n\n```\nkubectl get pods\nkubectl get svc\n```\n\n`x: 1`');
  });
});

describe('convertLine', () => {
  const assets = new Set(['books.yaml']);
  it('turns `| grep TEXT` into contains and asset paths into manifests/', () => {
    expect(convertLine('kubectl get pods -n books | grep -q Running', assets)).toEqual({
      run: 'kubectl get pods -n books',
      contains: 'Running',
    });
    expect(convertLine('kubectl apply -f ~/books.yaml', assets)).toEqual({
      run: 'kubectl apply -f manifests/books.yaml',
    });
    expect(convertLine('kubectl apply -f ~/other.yaml', assets)).toMatchObject({
      reason: expect.stringContaining('~'),
    });
  });

  it('refuses what the allow-list refuses, and platform placeholders', () => {
    expect(convertLine('bash -c "rm -rf /"', assets)).toMatchObject({
      reason: expect.stringContaining('not a program a lesson may run'),
    });
    expect(convertLine('kubectl get pods --kubeconfig /etc/k', assets)).toHaveProperty('reason');
    expect(convertLine('curl https://[[HOST_SUBDOMAIN]]-80-[[KATACODA_HOST]].example', assets)).toHaveProperty(
      'reason',
    );
  });

  it('reports a script line by its number, joining continued lines', () => {
    const r = convertScript('#!/bin/sh\nset -e\nkubectl get \\\n  pods\nsleep 5\n', assets);
    expect(r.commands).toEqual([{ run: 'kubectl get pods' }]);
    expect(r.skipped).toMatchObject([{ line: 5, text: 'sleep 5' }]);
  });
});
