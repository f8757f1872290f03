import { assertNever } from '../../errors.js';
import type { DoctorReport } from './run-doctor.js';
import type { CheckResult, CheckStatus } from './types.js';
import { terminalSafe } from '../../text/terminal-safe.js';

/**
 * Status words first (never colour alone); colour only on a TTY without NO_COLOR. Doctor's
 * stdout is written raw for that colour, so the text from kubectl and the kubeconfig (context
 * names, error lines) is made terminal-safe here.
 */
export function renderReport(report: DoctorReport, color: boolean): string {
  const width = Math.max(...report.results.map((r) => r.title.length));
  const lines = [`meshwalk doctor${report.context ? ` — kube context "${terminalSafe(report.context)}"` : ''}`];
  for (const r of report.results) lines.push(...renderResult(r, width, color));
  lines.push('', summary(report));
  return `${lines.join('\n')}\n`;
}

export function renderResult(r: CheckResult, width: number, color: boolean): string[] {
  const word = statusWord(r.status);
  const paint = color ? colors[r.status] : (s: string) => s;
  const out = [`  ${paint(word.padEnd(4))}  ${terminalSafe(r.title).padEnd(width)}  ${terminalSafe(r.detail)}`];
  if (r.fix && (r.status === 'fail' || r.status === 'warn')) {
    out.push(`  ${''.padEnd(4)}  ${''.padEnd(width)}  fix: ${terminalSafe(r.fix)}`);
  }
  return out;
}

export function statusWord(s: CheckStatus): string {
  switch (s) {
    case 'ok':
      return 'ok';
    case 'warn':
      return 'WARN';
    case 'fail':
      return 'FAIL';
    case 'skip':
      return 'skip';
    default:
      return assertNever(s, 'check status');
  }
}

function summary(report: DoctorReport): string {
  const failed = report.results.filter((r) => r.status === 'fail').length;
  const warned = report.results.filter((r) => r.status === 'warn').length;
  if (failed === 0)
    return warned === 0
      ? 'All checks passed: open the workshop with npx meshwalk'
      : `All required checks passed (${warned} warning${warned === 1 ? '' : 's'}): open the workshop with npx meshwalk`;
  return `${failed} check${failed === 1 ? '' : 's'} failed: run the fix shown, then meshwalk doctor again (or use --cluster sim, which needs nothing installed)`;
}

const colors: Record<CheckStatus, (s: string) => string> = {
  ok: (s) => `\x1b[32m${s}\x1b[39m`,
  warn: (s) => `\x1b[33m${s}\x1b[39m`,
  fail: (s) => `\x1b[31m${s}\x1b[39m`,
  skip: (s) => `\x1b[2m${s}\x1b[22m`,
};
