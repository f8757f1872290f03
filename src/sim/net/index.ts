/**
 * The simulated network's entry point: programs run inside pods or on the host.
 * `kubectl exec` and `meshwalk sim -- curl` call `runProcess`; `undefined` means "not simulated".
 */
import type { RunProcess } from '../types.js';
import { runCurl } from './curl.js';
import { runWget } from './wget.js';

export const runProcess: RunProcess = (origin, argv, _stdin, view) => {
  const program = (argv[0] ?? '').split('/').pop();
  switch (program) {
    case 'curl':
      return runCurl(origin, argv, view);
    case 'wget':
      return runWget(origin, argv, view);
    default:
      return undefined;
  }
};
