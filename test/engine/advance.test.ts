import { stepView } from '../../src/engine/view.js';
import { plainText, stepHeader } from '../../src/engine/plain-report.js';
import { describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lesson/schema.js';
import { Driver, lesson, result } from './helpers.js';

const mtls: Lesson = lesson({
  vars: { NS: 'books', TOKEN: { capture: 'meshwalk token --sub alice' } },
  setup: [{ run: 'kubectl create namespace {{NS}}' }],
  cleanup: [{ run: 'kubectl delete namespace {{NS}}' }],
  steps: [
    {
      id: 'strict',
      title: 'Apply STRICT mTLS',
      apply: { file: 'manifests/mtls/strict.yaml', namespace: '{{NS}}' },
      verify: {
        run: 'kubectl exec deploy/sleep -n legacy -- curl -s -o /dev/null -w "%{http_code}" http://books.{{NS}}:4000/books/1',
        expect: { status: '000' },
        before: { status: 200 },
        timeout: '5s',
        interval: '1s',
      },
      hints: ['Look at the namespace.', 'kubectl apply -f manifests/mtls/strict.yaml -n books'],
    },
    {
      id: 'own',
      title: 'Do it yourself',
      verify: { run: 'kubectl get pa -n {{NS}}', expect: { contains: 'default' } },
      solve: [{ run: 'kubectl apply -f manifests/pa.yaml' }],
    },
  ],
});

describe('learn mode', () => {
  it('runs setup, captures vars, then waits for the learner', () => {
    const d = new Driver(mtls, { mode: 'learn' });
    d.start();
    expect(d.exec().argv).toEqual(['kubectl', 'create', 'namespace', 'books']);
    expect(d.state.phase).toBe('setup');
    d.answer('namespace/books created');
    expect(d.exec().argv).toEqual(['meshwalk', 'token', '--sub', 'alice']);
    expect(d.state.phase).toBe('vars');
    d.answer('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl\n');
    expect(d.state.vars.TOKEN).toBe('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl');
    expect(d.state.phase).toBe('steps');
    expect(d.state.running).toBeNull();
    expect(d.last.filter((f) => f.type === 'exec')).toEqual([]);
    const captured = d.events().find((e) => e.type === 'VarCaptured');
    expect(captured).toMatchObject({ name: 'TOKEN', preview: 'eyJhbGciOiJS… (54 characters)' });
  });

  it('run: apply, then verify with retry until the cluster changes', () => {
    const d = new Driver(mtls, { mode: 'learn', setup: false, vars: { TOKEN: 't' } });
    d.start();
    d.intent('run');
    expect(d.state.steps[0]?.status).toBe('running');
    const apply = d.exec();
    expect(apply.argv).toEqual(['kubectl', 'apply', '-f', 'manifests/mtls/strict.yaml', '-n', 'books']);
    d.answer('peerauthentication.security.istio.io/default created');
    expect(d.state.steps[0]?.status).toBe('verifying');
    expect(d.exec().argv.at(-1)).toBe('http://books.books:4000/books/1');
    d.answer('200');
    expect(d.wait().ms).toBe(1000);
    expect(d.state.steps[0]?.verification).toMatchObject({
      attempt: 1,
      last: { matched: false, mismatch: 'expected 000, saw 200' },
    });
    d.fire();
    d.answer('200');
    d.fire();
    d.answer('000', 56);
    expect(d.state.steps[0]?.status).toBe('passed');
    expect(d.state.steps[0]?.verification).toMatchObject({ attempt: 3, elapsedMs: 2000 });
    const attempts = d.events().filter((e) => e.type === 'AttemptObserved');
    expect(attempts.map((a) => a.type === 'AttemptObserved' && a.verdict)).toEqual(['retry', 'retry', 'pass']);
    expect(d.types()).toContain('StepPassed');
    expect(d.last).toContainEqual({
      type: 'saveProgress',
      progress: { lesson: 'demo', done: ['strict'], skipped: [], current: 'strict', finished: false },
    });
  });

  it('gives up at the timeout with what it saw', () => {
    const d = new Driver(mtls, { mode: 'learn', setup: false, vars: { TOKEN: 't' } });
    d.start();
    d.intent('run');
    d.answer();
    for (let i = 0; i < 5; i++) {
      d.answer('200');
      d.fire();
    }
    d.answer('200');
    const st = d.state.steps[0];
    expect(st?.status).toBe('failed');
    expect(st?.failedAt).toBe('verify');
    expect(st?.failure).toBe('expected 000, saw 200 (gave up after 6 attempts in 5 s)');
    // retry repeats only the verification: no second apply
    d.intent('retry');
    expect(d.exec().argv[0]).toBe('kubectl');
    expect(d.exec().argv[1]).toBe('exec');
    d.answer('000', 56);
    expect(d.state.steps[0]?.status).toBe('passed');
  });

  it('the last wait is shortened to the timeout', () => {
    const d = new Driver(
      lesson({
        steps: [
          {
            id: 'a',
            title: 'A',
            verify: { run: 'kubectl version', expect: { exitCode: 0 }, timeout: '2500ms', interval: '1s' },
          },
        ],
      }),
      { mode: 'learn' },
    );
    d.start();
    d.intent('run');
    d.answer('', 1);
    d.fire();
    d.answer('', 1);
    d.fire();
    d.answer('', 1);
    expect(d.wait().ms).toBe(500);
  });

  it('maxIntervalMs caps the wait between attempts', () => {
    const d = new Driver(mtls, { mode: 'learn', setup: false, vars: { TOKEN: 't' }, maxIntervalMs: 200 });
    d.start();
    d.intent('run');
    d.answer();
    d.answer('200');
    expect(d.wait().ms).toBe(200);
  });

  it('settle needs consecutive matches', () => {
    const l = lesson({
      steps: [
        { id: 'a', title: 'A', verify: { run: 'curl -s http://books:4000', expect: { status: 200 }, settle: 2 } },
      ],
    });
    const d = new Driver(l, { mode: 'learn' });
    d.start();
    d.intent('run');
    d.answer('200');
    d.fire();
    d.answer('503');
    d.fire();
    d.answer('200');
    expect(d.state.steps[0]?.status).toBe('verifying');
    d.fire();
    d.answer('200');
    expect(d.state.steps[0]?.status).toBe('passed');
  });

  it('settleIntervalMs shortens only the wait after a matching attempt', () => {
    const l = lesson({
      steps: [
        {
          id: 'a',
          title: 'A',
          verify: { run: 'curl -s http://books:4000', expect: { status: 200 }, settle: 3, interval: '1s' },
        },
      ],
    });
    const d = new Driver(l, { mode: 'learn', maxIntervalMs: 200, settleIntervalMs: 5 });
    d.start();
    d.intent('run');
    d.answer('503');
    expect(d.wait().ms).toBe(200);
    d.fire();
    d.answer('200');
    expect(d.wait().ms).toBe(5);
    d.fire();
    d.answer('200');
    expect(d.wait().ms).toBe(5);
    d.fire();
    d.answer('200');
    expect(d.state.steps[0]?.status).toBe('passed');
  });

  it('a settling match reads as a match, with how many in a row, not as RETRY', () => {
    const l = lesson({
      steps: [
        { id: 'a', title: 'A', verify: { run: 'curl -s http://books:4000', expect: { status: 200 }, settle: 3 } },
      ],
    });
    const d = new Driver(l, { mode: 'learn' });
    d.start();
    d.intent('run');
    d.answer('200');
    d.fire();
    d.answer('503');
    const text = d
      .events()
      .flatMap((e) => (e.type === 'AttemptObserved' ? [plainText(e, l, {}, { announceSteps: false })] : []));
    expect(text).toEqual([
      '  attempt 1 at 0 s: saw 200, expected status 200: MATCH, 1 of 3 in a row, again in 1 s\n',
      '  attempt 2 at 1 s: saw 503, expected status 200: RETRY, again in 1 s\n',
    ]);
  });

  it('a step to read only is done with next: nothing runs', () => {
    const l = lesson({
      steps: [
        { id: 'read', title: 'Read', text: 'Just read.' },
        { id: 'b', title: 'B', run: 'kubectl get ns' },
      ],
    });
    const d = new Driver(l, { mode: 'learn' });
    d.start();
    d.intent('next');
    expect(d.state.steps[0]?.status).toBe('passed');
    expect(d.state.current).toBe(1);
    expect(d.effects.filter((e) => e.type === 'exec')).toEqual([]);
    expect(d.types()).toEqual(['LessonStarted', 'StepStarted', 'StepPassed']);
    d.intent('next'); // a step with a command still wants it run first
    expect(d.state.notice).toBe('this step is not done yet: run it or skip it first');
  });

  it('the step view says when a check must hold several times in a row', () => {
    const l = lesson({
      steps: [
        { id: 'a', title: 'A', verify: { run: 'curl -s http://books:4000', expect: { status: 200 }, settle: 10 } },
      ],
    });
    expect(stepView(new Driver(l, { mode: 'learn' }).state)?.verify?.expected).toBe('status 200, 10 times in a row');
  });

  it('a skip that cannot complete the step says so', () => {
    const l = lesson({
      steps: [
        {
          id: 'a',
          title: 'A',
          verify: { run: 'curl -s http://books:4000', expect: { status: 403 }, timeout: '1s' },
          solve: [{ run: 'kubectl apply -f manifests/p.yaml' }],
        },
      ],
    });
    const d = new Driver(l, { mode: 'learn' });
    d.start();
    d.intent('skip');
    d.answer('configured');
    d.answer('200');
    d.fire();
    d.answer('200');
    expect(d.state.steps[0]?.status).toBe('failed');
    expect(d.state.steps[0]?.failure).toMatch(/^skip could not complete the step: expected 403, saw 200/);
  });

  it('a failing step command stops the step and names the command', () => {
    const d = new Driver(mtls, { mode: 'learn', setup: false, vars: { TOKEN: 't' } });
    d.start();
    d.intent('run');
    d.answer('', 1, 'error: the path "manifests/mtls/strict.yaml" does not exist');
    expect(d.state.steps[0]).toMatchObject({
      status: 'failed',
      failedAt: 'action',
      failure:
        '`kubectl apply -f manifests/mtls/strict.yaml -n books`: expected exit code 0, saw 1 (error: the path "manifests/mtls/strict.yaml" does not exist)',
    });
    expect(d.state.running).toBeNull();
    expect(d.state.queue).toEqual([]);
  });

  it('cancel stops the verification; its late result is ignored', () => {
    const d = new Driver(mtls, { mode: 'learn', setup: false, vars: { TOKEN: 't' } });
    d.start();
    d.intent('run');
    d.answer();
    const probe = d.exec();
    d.intent('cancel');
    expect(d.last).toContainEqual({ type: 'cancel', id: probe.id });
    expect(d.state.steps[0]).toMatchObject({ status: 'failed', failure: 'cancelled' });
    const before = d.state;
    d.send({
      type: 'execDone',
      id: probe.id,
      result: {
        argv: probe.argv,
        exitCode: 0,
        stdout: '000',
        stderr: '',
        timedOut: false,
        cancelled: true,
        durationMs: 1,
      },
    } as never);
    expect(d.state.steps[0]?.status).toBe('failed');
    expect(d.last).toEqual([]);
    expect(before.steps[0]?.status).toBe('failed');
  });

  it('cancel while waiting between attempts clears the timer', () => {
    const d = new Driver(mtls, { mode: 'learn', setup: false, vars: { TOKEN: 't' } });
    d.start();
    d.intent('run');
    d.answer();
    d.answer('200');
    const w = d.wait();
    d.intent('cancel');
    expect(d.last).toContainEqual({ type: 'cancel', id: w.id });
    d.send({ type: 'timerFired', id: w.id } as never);
    expect(d.last).toEqual([]);
  });

  it('next refuses an unfinished step; previous and next move; finishing needs every step', () => {
    const d = new Driver(mtls, { mode: 'learn', setup: false, vars: { TOKEN: 't' } });
    d.start();
    d.intent('next');
    expect(d.state.notice).toBe('this step is not done yet: run it or skip it first');
    expect(d.state.current).toBe(0);
    d.intent('skip');
    // skip runs the step's own command (no solve), then verifies
    expect(d.exec().argv[1]).toBe('apply');
    d.answer();
    d.answer('000', 56);
    expect(d.state.steps[0]?.status).toBe('skipped');
    d.intent('next');
    expect(d.state.current).toBe(1);
    d.intent('previous');
    expect(d.state.current).toBe(0);
    d.intent('next');
    d.intent('next');
    expect(d.state.notice).toBe('this step is not done yet: run it or skip it first');
    expect(d.state.current).toBe(1);
  });

  it('a step without its own command is only verified on run; skip runs solve', () => {
    const d = new Driver(mtls, {
      mode: 'learn',
      setup: false,
      vars: { TOKEN: 't' },
      resume: { done: ['strict'], skipped: [] },
    });
    d.start();
    expect(d.state.current).toBe(1);
    d.intent('run');
    expect(d.exec().argv).toEqual(['kubectl', 'get', 'pa', '-n', 'books']);
    d.answer('No resources found');
    d.intent('cancel');
    d.intent('skip');
    expect(d.exec().argv).toEqual(['kubectl', 'apply', '-f', 'manifests/pa.yaml']);
    d.answer();
    d.answer('NAME      MODE\ndefault   STRICT');
    expect(d.state.steps[1]?.status).toBe('skipped');
    d.intent('next');
    expect(d.state.phase).toBe('finished');
    expect(d.state.outcome).toBe('passed');
    expect(d.events().at(-1)).toMatchObject({
      type: 'LessonFinished',
      outcome: 'passed',
      passed: 1,
      skipped: 1,
      total: 2,
    });
  });

  it('hints come one tier at a time', () => {
    const d = new Driver(mtls, { mode: 'learn', setup: false, vars: { TOKEN: 't' } });
    d.start();
    d.intent('hint');
    d.intent('hint');
    d.intent('hint');
    expect(d.state.steps[0]?.hintsShown).toBe(2);
    expect(d.state.notice).toBe('that was the last hint');
    expect(
      d
        .events()
        .filter((e) => e.type === 'HintShown')
        .map((e) => e.type === 'HintShown' && e.text),
    ).toEqual(['Look at the namespace.', 'kubectl apply -f manifests/mtls/strict.yaml -n books']);
  });

  it('refuses intents while a command runs', () => {
    const d = new Driver(mtls, { mode: 'learn', setup: false, vars: { TOKEN: 't' } });
    d.start();
    d.intent('run');
    d.intent('next');
    expect(d.state.notice).toBe('a command is still running (cancel it first)');
    expect(d.last).toEqual([]);
  });

  it('quit cancels, saves and finishes', () => {
    const d = new Driver(mtls, { mode: 'learn', setup: false, vars: { TOKEN: 't' } });
    d.start();
    d.intent('run');
    const e = d.exec();
    d.intent('quit');
    expect(d.last[0]).toEqual({ type: 'cancel', id: e.id });
    expect(d.state).toMatchObject({ phase: 'finished', outcome: 'quit' });
    expect(d.last.some((f) => f.type === 'saveProgress')).toBe(true);
  });

  it('an undefined variable fails the step with one line', () => {
    const l = lesson({ steps: [{ id: 'a', title: 'A', run: 'kubectl get ns {{MISSING}}' }] });
    const d = new Driver(l, { mode: 'learn' });
    d.start();
    d.intent('run');
    expect(d.state.steps[0]?.failure).toContain('{{MISSING}} has no value');
  });

  it('captures a step variable for later steps', () => {
    const l = lesson({
      steps: [
        {
          id: 'a',
          title: 'A',
          run: 'kubectl get svc istio-ingressgateway -n istio-system -o jsonpath={.spec.ports[1].nodePort}',
          capture: { PORT: { from: 'stdout', regex: '(\\d+)' } },
        },
        { id: 'b', title: 'B', run: 'curl -s http://192.168.49.2:{{PORT}}/' },
      ],
    });
    const d = new Driver(l, { mode: 'demo' });
    d.start();
    d.answer('31380');
    expect(d.exec().argv).toEqual(['curl', '-s', 'http://192.168.49.2:31380/']);
  });
});

describe('check mode', () => {
  it('proves the verification can fail, runs the step, verifies, cleans up', () => {
    const d = new Driver(mtls, { mode: 'check', cleanup: true, saveProgress: false });
    d.start();
    d.answer(); // setup
    d.answer('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl'); // var
    expect(d.exec().argv[1]).toBe('exec'); // before probe
    d.answer('200');
    expect(d.exec().argv[1]).toBe('apply');
    d.answer();
    d.answer('000', 56);
    // step 2: no before; no own command -> solve
    expect(d.exec().argv).toEqual(['kubectl', 'apply', '-f', 'manifests/pa.yaml']);
    d.answer();
    d.answer('default');
    expect(d.state.phase).toBe('cleanup');
    expect(d.exec().argv).toEqual(['kubectl', 'delete', 'namespace', 'books']);
    d.answer();
    expect(d.state.outcome).toBe('passed');
    expect(d.effects.some((f) => f.type === 'saveProgress')).toBe(false);
    expect(d.types()).toEqual([
      'LessonStarted',
      'PhaseStarted',
      'CommandStarted',
      'CommandFinished',
      'PhaseStarted',
      'CommandStarted',
      'CommandFinished',
      'VarCaptured',
      'StepStarted',
      'VerificationStarted',
      'AttemptObserved',
      'CommandStarted',
      'CommandFinished',
      'VerificationStarted',
      'AttemptObserved',
      'StepPassed',
      'StepStarted',
      'CommandStarted',
      'CommandFinished',
      'VerificationStarted',
      'AttemptObserved',
      'StepPassed',
      'PhaseStarted',
      'CommandStarted',
      'CommandFinished',
      'LessonFinished',
    ]);
  });

  it('a verification that already passes before the step fails the lesson, and cleanup still runs', () => {
    const d = new Driver(mtls, { mode: 'check', cleanup: true, saveProgress: false, vars: { TOKEN: 't' } });
    d.start();
    d.answer(); // setup
    d.answer('000', 56); // before: already refused
    expect(d.state.steps[0]).toMatchObject({ status: 'failed', failedAt: 'before' });
    expect(d.state.steps[0]?.failure).toBe(
      'before the step: expected 200, saw 000. The verification already shows what the step should achieve, so it cannot prove the step.',
    );
    expect(d.exec().argv).toEqual(['kubectl', 'delete', 'namespace', 'books']);
    d.answer();
    expect(d.state.outcome).toBe('failed');
    expect(d.state.steps[1]?.status).toBe('pending');
  });

  it('a setup failure ends the lesson with the reason', () => {
    const d = new Driver(mtls, { mode: 'check', saveProgress: false });
    d.start();
    d.answer('', 1, 'error: connection refused');
    expect(d.state).toMatchObject({ phase: 'finished', outcome: 'failed' });
    expect(d.state.failure).toContain('connection refused');
  });
});

describe('tokens are never shown whole', () => {
  it('cuts a JWT in the shown command and in the output, but runs it intact', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const l = lesson({
      vars: { TOKEN: jwt },
      steps: [{ id: 'a', title: 'A', run: 'curl -H "Authorization: Bearer {{TOKEN}}" http://books:4000/' }],
    });
    const d = new Driver(l, { mode: 'demo', saveProgress: false });
    d.start();
    expect(d.exec().argv[2]).toBe(`Authorization: Bearer ${jwt}`);
    d.answer(`echo ${jwt}\n200`);
    const shown = JSON.stringify(d.events());
    expect(shown).not.toContain(jwt);
    // Shown as the var it came from, as a person types it in a shell; the argv in the event is cut short.
    expect(d.events().find((e) => e.type === 'CommandStarted')).toMatchObject({
      command: 'curl -H "Authorization: Bearer $TOKEN" http://books:4000/',
      argv: ['curl', '-H', 'Authorization: Bearer eyJhbGciOiJS…', 'http://books:4000/'],
    });
    expect(d.state.steps[0]?.commands[0]?.output).toBe('echo eyJhbGciOiJS…\n200');
  });
});

describe('tokens in text, hints and split output', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  const withText = lesson({
    vars: { TOKEN: jwt },
    steps: [
      {
        id: 'a',
        title: 'Call as {{TOKEN}}',
        text: 'Your token is `{{TOKEN}}`.',
        run: 'curl -s http://books:4000/',
        hints: ['Send it: -H "Authorization: Bearer {{TOKEN}}"'],
        verify: { run: 'meshwalk token --sub alice', expect: { exitCode: 0 } },
      },
    ],
  });

  it('step title, text and hints show the token cut short, in the view, the plain text and the hint event', () => {
    const d = new Driver(withText, { mode: 'learn', saveProgress: false });
    d.start();
    d.intent('hint');
    const v = stepView(d.state);
    expect(v?.title).toBe('Call as eyJhbGciOiJS…');
    expect(v?.text).toBe('Your token is `eyJhbGciOiJS…`.');
    expect(v?.hints).toEqual(['Send it: -H "Authorization: Bearer eyJhbGciOiJS…"']);
    expect(stepHeader(withText, 0, d.state.vars)).not.toContain(jwt);
    expect(d.events().find((e) => e.type === 'HintShown')).toMatchObject({
      text: 'Send it: -H "Authorization: Bearer eyJhbGciOiJS…"',
    });
    expect(JSON.stringify(d.events())).not.toContain(jwt);
  });

  it('tokens from vars show as $NAME in every shown command; other words keep their quoting', () => {
    const other = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJib2IifQ.b3RoZXItc2lnbmF0dXJl';
    const l = lesson({
      vars: { TOKEN: jwt, ADMIN_TOKEN: other },
      steps: [
        {
          id: 'a',
          title: 'A',
          run: `kubectl exec deploy/sleep -- curl -s -w "%{http_code}" -H "Authorization: Bearer {{ADMIN_TOKEN}}" -H "x-t: {{TOKEN}}x" 'http://b/?q=$x'`,
          verify: { run: 'curl -H "Authorization: Bearer {{TOKEN}}" http://b/', expect: { status: 200 } },
        },
      ],
    });
    const d = new Driver(l, { mode: 'learn' });
    d.start();
    const v = stepView(d.state);
    expect(v?.commands.map((c) => c.display)).toEqual([
      `kubectl exec deploy/sleep -- curl -s -w '%{http_code}' -H "Authorization: Bearer $ADMIN_TOKEN" -H "x-t: \${TOKEN}x" 'http://b/?q=$x'`,
    ]);
    expect(v?.verify?.display).toBe('curl -H "Authorization: Bearer $TOKEN" http://b/');
  });

  it('a probe that prints a token is observed with it cut short', () => {
    const d = new Driver(withText, { mode: 'demo', saveProgress: false });
    d.start();
    d.answer('200');
    d.answer(`${jwt}\n`);
    const attempt = d.events().find((e) => e.type === 'AttemptObserved');
    expect(attempt).toMatchObject({ verdict: 'pass', observed: { stdout: 'eyJhbGciOiJS…\n' } });
  });

  it.each([5, 14, 25, 40, 60])('a token split across two streamed chunks (at %i) is never shown whole', (cut) => {
    const l = lesson({ steps: [{ id: 'a', title: 'A', run: 'meshwalk token --sub alice' }] });
    const d = new Driver(l, { mode: 'demo', saveProgress: false });
    d.start();
    const e = d.exec();
    const text = `token: ${jwt}\ndone\n`;
    d.send({ type: 'execOutput', id: e.id, chunk: text.slice(0, cut), stream: 'stdout' } as never);
    d.send({ type: 'execOutput', id: e.id, chunk: text.slice(cut), stream: 'stdout' } as never);
    d.send({ type: 'execDone', id: e.id, result: result(e.argv, text) } as never);
    const shown = d
      .events()
      .flatMap((ev) => (ev.type === 'CommandOutput' ? [ev.chunk] : []))
      .join('');
    expect(shown).toBe('token: eyJhbGciOiJS…\ndone\n');
    expect(d.state.steps[0]?.commands[0]?.output).toBe('token: eyJhbGciOiJS…\ndone\n');
  });

  it('output that ends in a possible token start is shown when the command ends', () => {
    const l = lesson({ steps: [{ id: 'a', title: 'A', run: 'kubectl get eye' }] });
    const d = new Driver(l, { mode: 'demo', saveProgress: false });
    d.start();
    const e = d.exec();
    d.send({ type: 'execOutput', id: e.id, chunk: 'an eye', stream: 'stdout' } as never);
    d.send({ type: 'execOutput', id: e.id, chunk: 'oops: no eyJ', stream: 'stderr' } as never);
    d.send({ type: 'execDone', id: e.id, result: result(e.argv, 'an eye', 1, 'oops: no eyJ') } as never);
    expect(d.state.steps[0]?.commands[0]?.output).toBe('an eyoops: no eeyJ');
  });
});
