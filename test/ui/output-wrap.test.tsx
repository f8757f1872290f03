// The output pane and failure lines wrap at word boundaries, measuring wide characters and
// emoji by the columns they take on screen, as ink does.
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import OutputPane from '../../src/ui/OutputPane.js';
import VerificationStatus from '../../src/ui/VerificationStatus.js';
import { transcript } from '../../src/ui/StepScreen.js';
import { displayWidth } from '../../src/ui/display-width.js';
import { ThemeContext } from '../../src/ui/theme.js';

const unmounts: (() => void)[] = [];
afterEach(() => unmounts.splice(0).forEach((u) => u()));

function pane(output: string, width: number): string[] {
  const lines = transcript([{ id: 1, purpose: 'action', display: 'echo', output, exitCode: 0 }], width);
  const t = render(
    <ThemeContext.Provider value={{ color: false, plain: false }}>
      <Box width={width}>
        <OutputPane lines={lines} height={20} width={width} />
      </Box>
    </ThemeContext.Provider>,
  );
  unmounts.push(t.unmount);
  return (t.lastFrame() ?? '').split('\n').slice(1); // below the title row
}

describe('the output pane', () => {
  it('breaks lines between words, not inside them', () => {
    const rows = pane('istio-proxy sidecar injected into every workload of the books namespace', 30);
    expect(rows).toEqual(['$ echo', 'istio-proxy sidecar injected', 'into every workload of the', 'books namespace']);
  });

  it('counts wide characters and emoji by their columns, so nothing is cut or spills over', () => {
    const rows = pane('証明書 の 有効期限 が 切れて います 🔒🔒 mTLS ok', 16);
    for (const r of rows) expect(displayWidth(r)).toBeLessThanOrEqual(16);
    expect(rows.join(' ').replace(/\s+/g, ' ')).toContain('証明書 の 有効期限 が 切れて います 🔒🔒 mTLS ok');
  });
});

describe('a failure line', () => {
  it('shows every line break as a real one, never a literal \\n', () => {
    const failure = 'expected output containing "ready", saw "pod-a Pending\\npod-b Pending"\nlast error: timed out';
    const t = render(
      <ThemeContext.Provider value={{ color: false, plain: false }}>
        <VerificationStatus status="failed" failure={failure} width={80} />
      </ThemeContext.Provider>,
    );
    unmounts.push(t.unmount);
    const f = t.lastFrame() ?? '';
    expect(f).not.toContain('\\n');
    expect(f).toMatch(/pod-a Pending\n\s*pod-b Pending/);
  });
});
