/**
 * The simulated network's entry point: programs run inside pods or on the host.
 * `kubectl exec` (engineer S) calls `runProcess`; `undefined` means "not simulated".
 */
import type { RunProcess } from '../types.js';

export const runProcess: RunProcess = (_origin, _argv, _stdin, _view) => undefined;
