import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/engine/advance.js';
import { stepTokens } from '../../src/engine/step-tokens.js';
import { lesson } from './helpers.js';

const jwt = (sub: string) => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.c2ln`;

describe('stepTokens', () => {
  it('lists the token values a step names, once each, in order; other values are not tokens', () => {
    const l = lesson({
      vars: { TOKEN: jwt('alice'), ADMIN_TOKEN: jwt('bob'), NS: 'jwt' },
      steps: [
        {
          id: 'call',
          title: 'Call as {{ADMIN_TOKEN}}',
          run: 'curl -H "Authorization: Bearer {{TOKEN}}" http://books.{{NS}}:4000/',
          verify: { run: 'curl -H "Authorization: Bearer {{TOKEN}}" http://x/', expect: { status: 200 } },
        },
        { id: 'none', title: 'No token', run: 'kubectl get pods -n {{NS}}' },
      ],
    });
    const s = initialState(l, { mode: 'learn' });
    expect(stepTokens(s).map((t) => t.name)).toEqual(['TOKEN', 'ADMIN_TOKEN']);
    expect(stepTokens(s, 1)).toEqual([]);
  });
});
