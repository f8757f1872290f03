// A done step run again: the learner deleted what it made and wants it back without retyping it.
import { describe, expect, it } from 'vitest';
import { offeredIntents } from '../../src/engine/offered-intents.js';
import { Driver, lesson } from './helpers.js';

const tls = lesson({
  steps: [
    { id: 'read', title: 'Read this', text: 'Only words.' },
    {
      id: 'secret',
      title: 'Create the TLS secret',
      run: 'kubectl create secret tls books-cert -n istio-system --key tls.key --cert tls.crt',
      verify: { run: 'kubectl get secret books-cert -n istio-system', expect: { contains: 'books-cert' } },
    },
    {
      id: 'yours',
      title: 'Your turn',
      verify: { run: 'kubectl get pa -n books', expect: { contains: 'default' } },
      solve: [{ run: 'kubectl apply -f manifests/pa.yaml' }],
    },
  ],
});

describe('rerun', () => {
  it('runs a passed step again, command then verification, and it stays passed', () => {
    const d = new Driver(tls, {
      mode: 'learn',
      setup: false,
      resume: { done: ['read', 'secret'], skipped: [], current: 'secret' },
    });
    d.start();
    expect(offeredIntents(d.state).has('rerun')).toBe(true);
    d.intent('rerun');
    expect(d.exec().argv.slice(0, 4)).toEqual(['kubectl', 'create', 'secret', 'tls']);
    expect(d.state.steps[1]?.status).toBe('running');
    d.answer('secret/books-cert created');
    expect(d.exec().argv).toEqual(['kubectl', 'get', 'secret', 'books-cert', '-n', 'istio-system']);
    d.answer('books-cert   kubernetes.io/tls   2      1s');
    expect(d.state.steps[1]?.status).toBe('passed');
    expect(d.state.steps[1]?.via).toBe('run');
    expect(d.last).toContainEqual({
      type: 'saveProgress',
      progress: { lesson: 'demo', done: ['read', 'secret'], skipped: [], current: 'secret', finished: false },
    });
  });

  it('a skipped step runs its solution again and stays skipped', () => {
    const d = new Driver(tls, {
      mode: 'learn',
      setup: false,
      resume: { done: [], skipped: ['yours'], current: 'yours' },
    });
    d.start();
    d.intent('rerun');
    expect(d.exec().argv).toEqual(['kubectl', 'apply', '-f', 'manifests/pa.yaml']);
    d.answer('peerauthentication/default created');
    d.answer('default   STRICT   1s');
    expect(d.state.steps[2]?.status).toBe('skipped');
  });

  it('fails honestly when the step does not pass again', () => {
    const d = new Driver(tls, {
      mode: 'learn',
      setup: false,
      resume: { done: ['secret'], skipped: [], current: 'secret' },
    });
    d.start();
    d.intent('rerun');
    d.answer('', 1, 'error: open tls.key: no such file or directory');
    expect(d.state.steps[1]?.status).toBe('failed');
    expect(offeredIntents(d.state).has('retry')).toBe(true);
  });

  it('is not offered on a step to read, nor on one not done yet, and is refused there', () => {
    const d = new Driver(tls, {
      mode: 'learn',
      setup: false,
      resume: { done: ['read'], skipped: [], current: 'read' },
    });
    d.start();
    expect(offeredIntents(d.state).has('rerun')).toBe(false);
    d.intent('rerun');
    expect(d.state.notice).toBe('only a step that is done can be run again');
    d.intent('next');
    expect(offeredIntents(d.state).has('rerun')).toBe(false);
  });
});
