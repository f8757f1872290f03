import { ExitCode } from '../../errors.js';
import { doctorChecks } from './checks.js';
import type { Check, CheckId, CheckResult, DoctorFacts, DoctorInput } from './types.js';

export interface DoctorReport {
  /** The context that was checked, when it could be read. */
  context?: string;
  results: CheckResult[];
  /** 0 all ok (warnings allowed), 1 a check failed, 4 no usable cluster (kubectl, context, safety, reachability). */
  exitCode: number;
}

export interface RunDoctorOptions {
  /** The checks to run, in order. Default: all of them. */
  checks?: readonly Check[];
  /** Called as each check finishes, so the TUI can tick its checklist live. */
  onResult?: (result: CheckResult) => void;
}

/** Runs the checks in order; a check whose needs did not pass is skipped and says which one. */
export async function runDoctor(input: DoctorInput, options: RunDoctorOptions = {}): Promise<DoctorReport> {
  const facts: DoctorFacts = {};
  const results: CheckResult[] = [];
  const byId = new Map<CheckId, CheckResult>();
  let exitCode: number = ExitCode.ok;
  for (const check of options.checks ?? doctorChecks) {
    const blockedBy = check.needs.find((id) => {
      const r = byId.get(id);
      return !r || (r.status !== 'ok' && r.status !== 'warn');
    });
    const outcome = blockedBy
      ? { status: 'skip' as const, detail: `skipped: needs "${byId.get(blockedBy)?.title ?? blockedBy}"` }
      : await check.run(input, facts);
    const result: CheckResult = { id: check.id, title: check.title, ...outcome };
    results.push(result);
    byId.set(check.id, result);
    options.onResult?.(result);
    if (result.status === 'fail')
      exitCode = check.environment
        ? ExitCode.environment
        : exitCode === ExitCode.environment
          ? exitCode
          : ExitCode.failed;
  }
  return { ...(facts.info ? { context: facts.info.context } : {}), results, exitCode };
}
