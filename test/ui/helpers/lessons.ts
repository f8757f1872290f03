import type { Lesson } from '../../../src/lesson/schema.js';

const probe = 'curl -s -o /dev/null -w "%{http_code}" http://books:4000/books/1';

/** Three steps: look around (meshwalk runs it), turn on STRICT (the learner does it), check again. */
export const strictLesson: Lesson = {
  id: 'strict-mtls',
  title: 'Strict mTLS',
  summary: 'Refuse plain-text clients with a STRICT PeerAuthentication.',
  istio: ['1.24'],
  steps: [
    {
      id: 'look',
      title: 'Look at the namespace',
      text: 'The **books** namespace runs the `books` API.',
      run: 'kubectl get ns books',
    },
    {
      id: 'strict',
      title: 'Turn on STRICT mTLS',
      text: 'In another terminal, run `kubectl label ns books strict=true`. It takes a moment to reach every sidecar.',
      verify: { run: probe, expect: { status: '000' }, timeout: '1500ms', interval: '50ms' },
      hints: ['Label the namespace: kubectl label ns books strict=true', 'Then press r to check again.'],
    },
    {
      id: 'done',
      title: 'Check the plain client again',
      text: 'Nothing to run: just verify.',
      verify: { run: probe, expect: { status: '000' }, timeout: '2s', interval: '50ms' },
    },
  ],
};

/** A lesson that builds on the first one. */
export const jwtLesson: Lesson = {
  id: 'jwt',
  title: 'JWT',
  summary: 'Require a token.',
  istio: ['1.24'],
  requires: ['strict-mtls'],
  steps: [{ id: 'one', title: 'Wait', run: 'kubectl wait --for=delete pod/sleep' }],
};
