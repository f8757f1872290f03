/**
 * Stand-in `kubectl`, `curl`, `istioctl` and `minikube` for a learner's own shell: small scripts
 * that run this meshwalk's `sim --state DIR -- PROGRAM "$@"`, so the commands a lesson asks them
 * to type reach the same simulated cluster the TUI uses. POSIX sh scripts (a .cmd beside each on
 * Windows).
 */
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const SHIM_PROGRAMS = ['kubectl', 'curl', 'istioctl', 'minikube'] as const;

export interface ShimTarget {
  /** The node binary and this meshwalk's entry script. */
  node: string;
  cli: string;
  /** The simulated cluster's state directory (absolute). */
  stateDir: string;
  /** Istio version to pass on (only when the learner asked for one). */
  istio?: string;
}

/** Single-quotes a word for sh. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function shimScript(program: string, t: ShimTarget): string {
  const words = [
    t.node,
    t.cli,
    'sim',
    '--state',
    t.stateDir,
    ...(t.istio ? ['--istio', t.istio] : []),
    '--',
    program,
  ].map(shQuote);
  return `#!/bin/sh\n# meshwalk: ${program} on the simulated cluster in ${t.stateDir.replace(/\n/g, ' ')}\nexec ${words.join(' ')} "$@"\n`;
}

function cmdScript(program: string, t: ShimTarget): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const words = [
    t.node,
    t.cli,
    'sim',
    '--state',
    t.stateDir,
    ...(t.istio ? ['--istio', t.istio] : []),
    '--',
    program,
  ].map(q);
  return `@echo off\r\n${words.join(' ')} %*\r\n`;
}

/** Writes the four scripts into dir (atomically each); returns the line that puts them first on PATH. */
export function writeShims(dir: string, t: ShimTarget, platform: NodeJS.Platform = process.platform): string {
  mkdirSync(dir, { recursive: true });
  for (const program of SHIM_PROGRAMS) {
    const files: [string, string][] = [[program, shimScript(program, t)]];
    if (platform === 'win32') files.push([`${program}.cmd`, cmdScript(program, t)]);
    for (const [name, text] of files) {
      const path = join(dir, name);
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, text, { mode: 0o755 });
      chmodSync(tmp, 0o755);
      renameSync(tmp, path);
    }
  }
  if (platform === 'win32') return `set PATH=${dir}${delimiter}%PATH%`;
  return `export PATH=${shQuote(dir)}:"$PATH"`;
}
