import { describe, expect, it } from 'vitest';
import { describeExpectation, matchExpectation, observedStatus } from '../../src/engine/expectation.js';

const out = (stdout: string, exitCode = 0, stderr = '') => ({ stdout, exitCode, stderr });

describe('matchExpectation', () => {
  it.each([
    [{ status: 403 }, out('403'), true],
    [{ status: 403 }, out('RBAC: access denied\n403\n'), true],
    [{ status: '000' }, out('000', 56), true],
    [{ status: 0 }, out('000', 56), true],
    [{ exitCode: 56 }, out('000', 56), true],
    [{ stdout: 'hello' }, out('hello  \n'), true],
    [{ contains: 'CN=minikube.me' }, out('issuer=CN=minikube.me'), true],
    [{ notContains: 'error' }, out('all good'), true],
    [{ stderrContains: 'Forbidden' }, out('', 1, 'Error: Forbidden'), true],
    [{ regex: '^notAfter=' }, out('notAfter=Jan 1 2030'), true],
    [{ status: 200, exitCode: 0 }, out('200'), true],
    [undefined, out('x'), true],
    [undefined, out('x', 1), false],
    [{ contains: 'a', notContains: 'b' }, out('ab'), false],
  ])('%j on %j -> %s', (e, o, ok) => {
    expect(matchExpectation(e, o).ok).toBe(ok);
  });

  it('says what was expected and what was seen', () => {
    expect(matchExpectation({ status: 403 }, out('200'))).toEqual({ ok: false, mismatch: 'expected 403, saw 200' });
    expect(matchExpectation({ exitCode: 0 }, out('', 1, 'Error from server (NotFound): pods "x" not found\n'))).toEqual(
      {
        ok: false,
        mismatch: 'expected exit code 0, saw 1 (Error from server (NotFound): pods "x" not found)',
      },
    );
    expect(matchExpectation({ contains: 'CN=x' }, out('CN=y\n'))).toEqual({
      ok: false,
      mismatch: 'expected output containing "CN=x", saw "CN=y"',
    });
    expect(matchExpectation({ status: 403 }, out('', 1, 'error: no pod'))).toEqual({
      ok: false,
      mismatch: 'expected 403, saw no HTTP status (exit 1: error: no pod)',
    });
  });

  it('does not take an empty stdout for "no response"', () => {
    expect(matchExpectation({ status: '000' }, out('', 1)).ok).toBe(false);
  });

  it('reports an invalid regex instead of throwing', () => {
    const m = matchExpectation({ regex: '(' }, out('x'));
    expect(m.ok).toBe(false);
    expect(m.ok ? '' : m.mismatch).toContain('is not a pattern meshwalk can run (RE2 syntax)');
  });

  it('lists every mismatch', () => {
    const m = matchExpectation({ status: 200, exitCode: 0 }, out('000', 56));
    expect(m).toEqual({ ok: false, mismatch: 'expected 200, saw 000; expected exit code 0, saw 56' });
  });
});

describe('describeExpectation / observedStatus', () => {
  it('describes in words', () => {
    expect(describeExpectation({ status: 403 })).toBe('status 403');
    expect(describeExpectation(undefined)).toBe('exit code 0');
    expect(describeExpectation({ exitCode: 56, contains: 'reset' })).toBe('exit code 56 and output containing "reset"');
  });
  it('reads the status from the last line only', () => {
    expect(observedStatus('200\nhello')).toBeUndefined();
    expect(observedStatus('hello\n 503 \n')).toBe('503');
  });
});
