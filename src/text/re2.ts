/**
 * re2js, a port of RE2 that matches in time linear in the input, for every pattern that comes from
 * outside meshwalk (a lesson's `regex:`, `grep` inside a simulated pod). It takes about 40 ms to
 * evaluate, and the TUI imports the modules that use it before its first frame, so it is loaded on
 * first use. In the bundle `require` is the bundler's, so re2js comes from dist/ (the package has no
 * runtime dependencies); running from source (tests, tsx) it comes from node_modules.
 */
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';

let engine: typeof RE2JS | undefined;

export function re2(): typeof RE2JS {
  const load = () => (typeof require === 'function' ? require('re2js') : createRequire(import.meta.url)('re2js'));
  engine ??= (load() as typeof import('re2js')).RE2JS;
  return engine;
}
