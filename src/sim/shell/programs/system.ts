/**
 * Programs that report on the container: env/printenv, hostname (the pod name: Kubernetes sets
 * the UTS hostname to it), date (the simulated cluster's clock, BusyBox's default format), ls on
 * the directories the simulator knows, and sleep, which returns at once: the simulated cluster
 * has no background work to wait for within one command.
 */
import type { ProcessResult } from '../../types.js';
import { notSimulated } from '../../context.js';
import type { ProgramIo, ShellProgram } from '../program.js';
import { absolute } from '../redirect.js';
import { longListing } from './ls-long.js';

export function env(io: ProgramIo): ProcessResult {
  const args = io.argv.slice(1);
  const all = { stdout: [...io.env].map(([k, v]) => `${k}=${v}\n`).join(''), stderr: '', exitCode: 0 };
  if (io.argv[0]?.split('/').pop() === 'printenv') {
    if (args.length === 0) return all;
    const values = args.map((a) => io.env.get(a));
    const stdout = values
      .filter((v) => v !== undefined)
      .map((v) => `${v}\n`)
      .join('');
    return { stdout, stderr: '', exitCode: values.includes(undefined) ? 1 : 0 };
  }
  if (args.length > 0) return notSimulated(`env ${args.join(' ')}`, 'run the program without env');
  return all;
}

export function hostname(podName: string): ShellProgram {
  return (io) => {
    if (io.argv.length > 1) return notSimulated(`hostname ${io.argv.slice(1).join(' ')}`);
    return { stdout: `${podName}\n`, stderr: '', exitCode: 0 };
  };
}

export function sleep(io: ProgramIo): ProcessResult {
  const args = io.argv.slice(1);
  if (args.length === 0) return { stdout: '', stderr: 'Usage: sleep [N]...\n', exitCode: 1 };
  const bad = args.find((a) => !/^(\d+(\.\d*)?|\.\d+)[smhd]?$/.test(a) && a !== 'infinity');
  if (bad !== undefined) return { stdout: '', stderr: `sleep: invalid number '${bad}'\n`, exitCode: 1 };
  if (args.includes('infinity')) return notSimulated('sleep infinity', 'it never returns');
  return { stdout: '', stderr: '', exitCode: 0 };
}

export function ls(io: ProgramIo): ProcessResult {
  return listing(io, false);
}

/** BusyBox's ls, which also lists Secret and ConfigMap volumes with -l and -lL (ls-long.ts). */
export function busyboxLs(io: ProgramIo): ProcessResult {
  return listing(io, true);
}

function listing(io: ProgramIo, long: boolean): ProcessResult {
  const args = io.argv.slice(1);
  const flags = args.filter((a) => a.startsWith('-'));
  const dirs = args.filter((a) => !a.startsWith('-'));
  const letters = flags.join('').replace(/-/g, '');
  if (long && letters.includes('l') && /^[lL1]+$/.test(letters)) return longLs(io, dirs, letters.includes('L'));
  if (flags.some((f) => !/^-[1a]+$/.test(f))) return notSimulated(`ls ${flags.join(' ')}`);
  let stdout = '';
  let stderr = '';
  for (const d of dirs.length ? dirs : [io.cwd]) {
    const path = absolute(d, io.cwd);
    const entries = io.files.list(path);
    if (entries === undefined) {
      const r = io.files.read(path);
      if ('refuse' in r) return notSimulated(`ls ${d} (the image's own files)`);
      if ('missing' in r) stderr += `ls: ${d}: No such file or directory\n`;
      else stdout += `${d}\n`;
      continue;
    }
    if (dirs.length > 1) stdout += `${d}:\n`;
    stdout += entries.map((e) => `${e}\n`).join('');
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}

function longLs(io: ProgramIo, dirs: string[], dereference: boolean): ProcessResult {
  let stdout = '';
  for (const d of dirs.length ? dirs : [io.cwd]) {
    const m = io.files.mountAt(absolute(d, io.cwd));
    const text = m ? longListing(m, dereference, m.at ?? 0) : undefined;
    if (text === undefined) return notSimulated(`ls -l ${d} (only Secret and ConfigMap volumes are listed long)`);
    stdout += `${dirs.length > 1 ? `${d}:\n` : ''}${text}`;
  }
  return { stdout, stderr: '', exitCode: 0 };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `date` and `date +FORMAT` with %Y %m %d %H %M %S %s %T %F %a %b %e %Z; pods run in UTC. */
export function date(now: number): ShellProgram {
  return (io) => {
    const args = io.argv.slice(1).filter((a) => a !== '-u');
    if (args.length > 1 || (args[0] !== undefined && !args[0].startsWith('+'))) {
      return notSimulated(`date ${args.join(' ')}`);
    }
    const d = new Date(now);
    const two = (n: number) => String(n).padStart(2, '0');
    const conv: Record<string, string> = {
      Y: String(d.getUTCFullYear()),
      m: two(d.getUTCMonth() + 1),
      d: two(d.getUTCDate()),
      H: two(d.getUTCHours()),
      M: two(d.getUTCMinutes()),
      S: two(d.getUTCSeconds()),
      s: String(Math.floor(now / 1000)),
      a: DAYS[d.getUTCDay()]!,
      b: MONTHS[d.getUTCMonth()]!,
      e: String(d.getUTCDate()).padStart(2),
      Z: 'UTC',
      '%': '%',
      n: '\n',
    };
    conv['T'] = `${conv['H']}:${conv['M']}:${conv['S']}`;
    conv['F'] = `${conv['Y']}-${conv['m']}-${conv['d']}`;
    const format = args[0]?.slice(1) ?? '%a %b %e %T %Z %Y';
    const unknown = /%([^YmdHMSsabeZTFn%])/.exec(format);
    if (unknown) return notSimulated(`the date format %${unknown[1]}`);
    return { stdout: `${format.replace(/%(.)/g, (_m, c: string) => conv[c]!)}\n`, stderr: '', exitCode: 0 };
  };
}
