// t on a step that uses a token shows what is inside it, never the whole token.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import App from '../../src/ui/App.js';
import type { UiPorts } from '../../src/ui/ports.js';
import type { Lesson } from '../../src/lesson/schema.js';
import type { StepToken } from '../../src/engine/step-tokens.js';
import { decodeToken, tokenReport } from '../../src/commands/token-decode.js';
import { mintToken } from '../../src/commands/token.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { frameWhere, frameWith } from './helpers/drive.js';

afterEach(() => cleanup());

async function setup() {
  const token = await mintToken({ sub: 'alice', claims: ['groups=dev'] });
  const lesson: Lesson = {
    id: 'jwt',
    title: 'JWT',
    summary: 'Tokens.',
    istio: ['1.24'],
    vars: { TOKEN: token, NS: 'jwt' },
    steps: [
      { id: 'look', title: 'Look around', run: 'kubectl get pods -n {{NS}}' },
      {
        id: 'call',
        title: 'Call with the token',
        run: 'curl -s -H "Authorization: Bearer {{TOKEN}}" http://books.jwt:4000/books/1',
      },
    ],
  };
  const asked: StepToken[][] = [];
  const cluster = fakeCluster(0);
  const ports: UiPorts = {
    selectCluster: async () => ({ label: 'test cluster', line: 'A stand-in cluster.', forLesson: () => cluster }),
    loadLessons: async () => ({ lessons: [lesson], problems: [] }),
    readProgress: async () => ({ byLesson: {} }),
    saveProgress: () => {},
    async decodeTokens(tokens) {
      asked.push([...tokens]);
      const t = tokens[0]!;
      const d = await decodeToken(t.value);
      if (!d.ok) return undefined;
      // The whole token in the text on purpose: the screen must still cut it short.
      return `$${t.name} ${t.value}\n${tokenReport(t.value, d.token, Date.now(), { ok: false, why: 'no cluster here' })}`;
    },
  };
  return { token, ports, asked };
}

describe('t on a JWT step', () => {
  it('is offered only where the step uses a token, shows its claims, cut short, and hides them again', async () => {
    const { token, ports, asked } = await setup();
    const { lastFrame, stdin } = render(<App ports={ports} />);
    await frameWith(lastFrame, 'choose a lesson');
    stdin.write('\r');
    let f = await frameWith(lastFrame, 'step 1 of 2', 'r run');
    expect(f).not.toContain('t token');
    stdin.write('t');
    stdin.write('s');
    await frameWith(lastFrame, '↷ SKIPPED');
    stdin.write('n');
    f = await frameWith(lastFrame, 'step 2 of 2', 't token');
    expect(asked).toEqual([]);
    stdin.write('t');
    f = await frameWith(lastFrame, 'Tokens (t: back to the explanation)', 'signature not checked here');
    expect(asked).toEqual([[{ name: 'TOKEN', value: token }]]);
    expect(f).toContain('$TOKEN eyJhbGciOiJS…');
    expect(f).not.toContain(token);
    stdin.write('\u001b[6~'); // PgDn: the claims
    f = await frameWith(lastFrame, 'sub: alice');
    expect(f).toContain('groups: dev');
    expect(f).toMatch(/exp: \d+ = \S+Z \(valid for 1 h\)/);
    expect(f).not.toContain(token);
    expect(f).not.toContain(token.slice(20, 60));
    stdin.write('t');
    f = await frameWhere(lastFrame, (x) => !x.includes('Tokens (t:') && x.includes('Call with the token'));
    expect(f).not.toContain('sub: alice');
  });
});
