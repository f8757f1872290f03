import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import Footer from '../../src/ui/Footer.js';
import HelpOverlay from '../../src/ui/HelpOverlay.js';
import OutputPane from '../../src/ui/OutputPane.js';
import LessonPicker, { type LessonEntry } from '../../src/ui/LessonPicker.js';
import VerificationStatus from '../../src/ui/VerificationStatus.js';
import Header from '../../src/ui/Header.js';
import { ThemeContext, themeFromEnv, colorOf, type Theme } from '../../src/ui/theme.js';
import { hardWrap } from '../../src/ui/text.js';
import type { VerificationState } from '../../src/engine/index.js';

const themed = (el: ReactElement, theme: Theme = { color: false, plain: false }) => (
  <ThemeContext.Provider value={theme}>{el}</ThemeContext.Provider>
);
const frame = (el: ReactElement, theme?: Theme) => render(themed(el, theme)).lastFrame() ?? '';

const verification = (over: Partial<VerificationState> = {}): VerificationState => ({
  phase: 'after',
  display: 'kubectl exec deploy/sleep -- curl -s -o /dev/null -w "%{http_code}" http://books:4000/books/1',
  expected: 'status 000',
  attempt: 3,
  startedAt: 0,
  elapsedMs: 2400,
  timeoutMs: 60_000,
  intervalMs: 1000,
  settle: 1,
  consecutive: 0,
  last: {
    observation: { exitCode: 0, status: '200', stdout: '200', stderr: '', timedOut: false },
    matched: false,
    mismatch: 'expected 000, saw 200',
  },
  ...over,
});

describe('theme', () => {
  it('turns colours off for a non-empty NO_COLOR and for plain mode only', () => {
    expect(themeFromEnv({ NO_COLOR: '1' }, false)).toEqual({ color: false, plain: false });
    expect(themeFromEnv({ NO_COLOR: '' }, false)).toEqual({ color: true, plain: false });
    expect(themeFromEnv({}, true)).toEqual({ color: false, plain: true });
    expect(colorOf({ color: false, plain: false }, 'pass')).toBeUndefined();
    expect(colorOf({ color: true, plain: false }, 'fail')).toBe('red');
  });
});

describe('Footer', () => {
  it('lists only the enabled keys, from the keymap', () => {
    expect(frame(<Footer mode="step" enabled={new Set(['run', 'next', 'help', 'quit'])} width={80} />)).toBe(
      'r run  n next  ? help  q quit',
    );
  });

  it('shows retry on r after a failure', () => {
    expect(frame(<Footer mode="step" enabled={new Set(['retry', 'hint', 'quit'])} width={80} />)).toBe(
      'r retry  h hint  q quit',
    );
  });

  it('drops keys that do not fit but keeps help and quit', () => {
    const all = new Set([
      'run',
      'cancel',
      'next',
      'previous',
      'hint',
      'skip',
      'manifest',
      'why',
      'help',
      'quit',
    ] as const);
    const out = frame(<Footer mode="step" enabled={all} width={40} />);
    expect(out).toContain('? help');
    expect(out).toContain('q quit');
    expect(out.length).toBeLessThanOrEqual(40);
  });

  it('is one linear sentence in plain mode', () => {
    expect(
      frame(<Footer mode="picker" enabled={new Set(['open', 'quit'])} width={80} />, { color: false, plain: true }),
    ).toBe('Keys: Enter open, q quit');
  });
});

describe('HelpOverlay', () => {
  it('lists every key of the step screen with what it does', () => {
    const out = frame(<HelpOverlay mode="step" width={80} />);
    for (const want of [
      'r',
      'run this step',
      'after a failure: repeat',
      'Esc',
      'hint',
      'skip',
      'manifest',
      'Ctrl-C',
      'PgDn',
    ])
      expect(out).toContain(want);
    expect(out).toContain('Press ? or Esc to close this help.');
  });
});

describe('OutputPane', () => {
  const lines = hardWrap(Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n'), 40);

  it('shows the newest lines and says how many are above', () => {
    const out = frame(<OutputPane lines={lines} height={3} title="kubectl get pods" width={40} />).split('\n');
    expect(out[0]).toMatch(/^── kubectl get pods ─+ ↑ 17 more$/);
    expect(out.slice(1)).toEqual(['line 18', 'line 19', 'line 20']);
  });

  it('scrolls back and says what is below', () => {
    const out = frame(<OutputPane lines={lines} height={3} scroll={5} title="x" width={40} />).split('\n');
    expect(out[0]).toContain('↑ 12 more ↓ 5 more');
    expect(out.slice(1)).toEqual(['line 13', 'line 14', 'line 15']);
  });

  it('wraps long lines instead of losing them', () => {
    expect(hardWrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe('VerificationStatus', () => {
  it('shows attempt, time, expectation and the last observation while verifying (plain: no spinner)', () => {
    const out = frame(<VerificationStatus status="verifying" verification={verification()} width={100} />, {
      color: false,
      plain: true,
    });
    expect(out).toBe('[VERIFYING] attempt 3 · 2.4s of 60s · want status 000 · last saw status 200');
  });

  it('keeps the counter on one line and the expectation on the next while verifying', () => {
    const out = frame(
      <VerificationStatus
        status="verifying"
        verification={verification({ startedAt: Date.now() - 2400 })}
        width={80}
      />,
    ).split('\n');
    expect(out[0]).toMatch(/^. VERIFYING attempt 3 · [\d.]+s of 60s$/); // a spinner, then the word
    expect(out[1]).toBe('want status 000 · last saw status 200');
  });

  it('while a check settles, says the last attempt matched and how many in a row', () => {
    const v = verification({
      settle: 10,
      consecutive: 4,
      expected: 'status 200',
      last: { observation: { exitCode: 0, status: '200', stdout: '200', stderr: '', timedOut: false }, matched: true },
    });
    const out = frame(<VerificationStatus status="verifying" verification={v} width={80} />).split('\n');
    expect(out[1]).toBe('want status 200 · last saw status 200 (matches, 4 of 10 in a row)');
  });

  it('says PASS with what was seen', () => {
    const v = verification({
      last: { observation: { exitCode: 56, status: '000', stdout: '000', stderr: '', timedOut: false }, matched: true },
    });
    expect(frame(<VerificationStatus status="passed" verification={v} width={80} />)).toBe(
      '✔ PASS attempt 3 · 2.4s · saw 000 (no response, exit 56)',
    );
  });

  it('says FAIL with the reason and what was seen', () => {
    const out = frame(
      <VerificationStatus
        status="failed"
        verification={verification()}
        failure="expected 000, saw 200 after 3 attempts (60 s)"
        width={80}
      />,
    );
    expect(out.split('\n')).toEqual([
      '✘ FAIL expected 000, saw 200 after 3 attempts (60 s)',
      'expected status 000 · saw status 200 · 3 attempts in 2.4s',
    ]);
  });
});

describe('Header', () => {
  it('fits lesson, position, trail, cluster, step title and status word in 80 columns', () => {
    const out = frame(
      <Header
        lessonTitle="Strict mTLS"
        stepIndex={1}
        stepCount={4}
        stepTitle="Apply STRICT mTLS to the namespace"
        status="pending"
        trail={['passed', 'pending', 'pending', 'pending']}
        cluster="simulated cluster (Istio 1.24)"
        width={80}
      />,
    ).split('\n');
    expect(out[0]).toMatch(/^Strict mTLS · step 2 of 4 ✔●·· +on simulated cluster \(Istio 1\.24\)$/);
    expect(out[0]?.length).toBe(80);
    expect(out[1]).toMatch(/^Apply STRICT mTLS to the namespace +○ TO DO$/);
  });
});

describe('LessonPicker', () => {
  const lessons: LessonEntry[] = [
    {
      id: 'peer-auth',
      title: 'Peer authentication',
      summary: 'Refuse plain-text clients.',
      steps: 4,
      done: 4,
      finished: true,
      requires: [],
      missing: [],
    },
    {
      id: 'jwt',
      title: 'JWT',
      summary: 'Require a token.',
      steps: 5,
      done: 2,
      finished: false,
      resumeStep: 3,
      requires: ['peer-auth'],
      missing: [],
    },
    {
      id: 'authz',
      title: 'Authorization',
      summary: 'Least privilege.',
      steps: 3,
      done: 0,
      finished: false,
      requires: ['jwt'],
      missing: ['jwt'],
    },
  ];

  it('shows each lesson with progress and a state word, and explains a locked one', () => {
    const out = frame(
      <LessonPicker lessons={lessons} selected={2} cluster="simulated cluster" width={80} height={24} />,
    );
    expect(out).toMatch(/1\. Peer authentication +4\/4 +DONE/);
    expect(out).toMatch(/2\. JWT +2\/5 +IN PROGRESS/);
    expect(out).toMatch(/▸ 3\. Authorization +0\/3 +LOCKED/);
    expect(out).toContain('Locked: finish jwt first');
  });

  it('says where a started lesson resumes', () => {
    expect(frame(<LessonPicker lessons={lessons} selected={1} cluster="sim" width={80} height={24} />)).toContain(
      'Enter resumes at step 3 of 5.',
    );
  });
});

describe('appliedFile (for m)', () => {
  it('finds the file a kubectl apply -f line applies', async () => {
    const { appliedFile } = await import('../../src/ui/step-info.js');
    expect(appliedFile('kubectl apply -f manifests/a.yaml -n x')).toEqual({ path: 'manifests/a.yaml' });
    expect(appliedFile('kubectl apply -f - -n x')).toBeUndefined();
    expect(appliedFile('kubectl get pods')).toBeUndefined();
  });
});

describe('keys for a step to read only', () => {
  it('offers next, not run (check) or skip', async () => {
    const { stepIntents } = await import('../../src/ui/enabled-intents.js');
    const { initialState } = await import('../../src/engine/advance.js');
    const state = initialState(
      {
        id: 'l',
        title: 'L',
        summary: 's',
        istio: ['1.24'],
        steps: [
          { id: 'read', title: 'Read', text: 'Only text.' },
          { id: 'b', title: 'B', run: 'kubectl get ns' },
        ],
      },
      { mode: 'learn' },
    );
    const on = stepIntents({ ...state, phase: 'steps' }, { canExplain: false, hasManifest: false, canScroll: false });
    expect(on.has('next')).toBe(true);
    expect(on.has('run')).toBe(false);
    expect(on.has('skip')).toBe(false);
    const second = stepIntents(
      { ...state, phase: 'steps', current: 1 },
      { canExplain: false, hasManifest: false, canScroll: false },
    );
    expect([second.has('run'), second.has('skip'), second.has('next')]).toEqual([true, true, false]);
  });
});

describe('a failure quoting a command', () => {
  it('draws the command as code on a colour screen, keeps backticks without colour', async () => {
    const { codeSpans } = await import('../../src/ui/VerificationStatus.js');
    expect(codeSpans('`curl -s http://x`: expected 200, saw 403')).toEqual([
      { text: 'curl -s http://x', code: true },
      { text: ': expected 200, saw 403', code: false },
    ]);
    const failure = '`kubectl get ns`: expected exit code 0, saw exit 1';
    expect(
      frame(<VerificationStatus status="failed" failure={failure} width={80} />, { color: true, plain: false }),
    ).toBe('✘ FAIL kubectl get ns: expected exit code 0, saw exit 1');
    expect(
      frame(<VerificationStatus status="failed" failure={failure} width={80} />, { color: false, plain: false }),
    ).toBe('✘ FAIL `kubectl get ns`: expected exit code 0, saw exit 1');
  });
});

describe('why? for a failed own command', () => {
  it("explains the step's own curl when it is what failed", async () => {
    const { probeLine } = await import('../../src/ui/probe-request.js');
    const { initialState } = await import('../../src/engine/advance.js');
    const state = initialState(
      {
        id: 'l',
        title: 'L',
        summary: 's',
        istio: ['1.24'],
        steps: [
          {
            id: 'a',
            title: 'A',
            run: 'kubectl exec deploy/sleep -n jwt -- curl -s http://books.jwt:4000/',
            expect: { status: 200 },
          },
        ],
      },
      { mode: 'learn' },
    );
    const failed = {
      ...state,
      steps: [{ ...state.steps[0]!, status: 'failed' as const, failedAt: 'action' as const }],
    };
    expect(probeLine(failed)).toBe('kubectl exec deploy/sleep -n jwt -- curl -s http://books.jwt:4000/');
    expect(probeLine(state)).toBeUndefined();
  });
});
