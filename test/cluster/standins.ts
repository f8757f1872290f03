import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { standinScript } from './standin-script.js';

/** The stand-in executables (test/fixtures/bin/standin.mjs explains the scenario format). */
export type Tool = 'kubectl' | 'minikube' | 'istioctl' | 'openssl';

export interface Rule {
  tool: Tool;
  /** An ordered subsequence of the argv this rule answers. */
  args?: string[];
  stdout?: string;
  stderr?: string;
  exit?: number;
  when?: string;
  unless?: string;
  sets?: string;
  hang?: boolean;
  grandchild?: boolean;
  pidFile?: string;
}

export interface Call {
  tool: Tool;
  argv: string[];
  pid: number;
}

export interface Standins {
  dir: string;
  home: string;
  /** PATH holds only node and the chosen stand-ins: a real kubectl can never answer. */
  env: Record<string, string>;
  calls(): Call[];
  setRules(rules: Rule[]): void;
}

const fixtureBin = resolve(import.meta.dirname, '../fixtures/bin');

/** A temp dir with a bin/ of stand-ins (only `tools`), a HOME and a scenario file. */
export function standins(rules: Rule[], tools: readonly Tool[] = ['kubectl', 'minikube', 'istioctl']): Standins {
  const dir = mkdtempSync(join(tmpdir(), 'meshwalk-standin-'));
  const bin = join(dir, 'bin');
  const home = join(dir, 'home');
  mkdirSync(bin);
  mkdirSync(home);
  symlinkSync(process.execPath, join(bin, 'node'));
  const scenario = join(dir, 'scenario.json');
  const log = join(dir, 'calls.jsonl');
  const state = join(dir, 'state');
  mkdirSync(state);
  const setRules = (r: Rule[]) => {
    // The node stand-in reads the scenario; each bash script in bin/ answers most calls alone (a
    // node start per call was most of these tests' CPU). Renamed into place, so a call under way
    // reads either the old script or the new one, never half of one.
    writeFileSync(scenario, JSON.stringify({ log, state, rules: r }));
    for (const t of tools) {
      const paths = { node: process.execPath, fallback: join(fixtureBin, t), scenario, log, state };
      const tmp = join(bin, `.${t}.new`);
      writeFileSync(tmp, standinScript(t, r, paths));
      chmodSync(tmp, 0o755);
      renameSync(tmp, join(bin, t));
    }
  };
  setRules(rules);
  return {
    dir,
    home,
    env: { PATH: bin, HOME: home, MESHWALK_STANDIN_SCENARIO: scenario },
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Call)
        : [],
    setRules,
  };
}

/** True while `pid` runs (a zombie, killed but not yet reaped by init, counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** An Io that records what a command printed. */
export function captureIo(env: Record<string, string>, cwd: string, stdin = '') {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (s: string) => ((out += s), true) },
      stderr: { write: (s: string) => ((err += s), true) },
      readStdin: async () => stdin,
      env,
      cwd,
    },
    out: () => out,
    err: () => err,
  };
}
