/**
 * Flag mistakes kubectl itself rejects before talking to a server: a flag it does not have, a
 * `--dry-run` or `-o` value it does not know. The simulator answers them as kubectl v1.32 does
 * (exit 1), so a typo reads as a typo; "not simulated" (exit 3) stays for what kubectl has and
 * the simulator lacks.
 */
import type { ProcessResult } from '../types.js';
import { type ParsedArgs, flag } from './flags.js';
import { KUBECTL_FLAGS } from './real-flags.gen.js';

const usageError = (sub: string, message: string): ProcessResult => ({
  stdout: '',
  stderr: `Error: ${message}\nSee 'kubectl ${sub} --help' for usage.\n`,
  exitCode: 1,
});

/** kubectl's answer to a flag the simulator did not recognise, or undefined when kubectl has it. */
export function unknownFlag(sub: string, written: string): ProcessResult | undefined {
  const own = KUBECTL_FLAGS[sub];
  const global = KUBECTL_FLAGS['global'];
  if (!own || !global) return undefined; // a command with subcommands of its own: no list to judge by
  if (written.startsWith('--')) {
    const name = written.slice(2);
    if (name === 'help' || own.long.includes(name) || global.long.includes(name)) return undefined;
    return usageError(sub, `unknown flag: ${written}`);
  }
  const letter = written.slice(1);
  if (letter === 'h' || own.short.includes(letter) || global.short.includes(letter)) return undefined;
  return usageError(sub, `unknown shorthand flag: '${letter}' in ${written}`);
}

// What each command's printer flags accept (kubectl's "allowed formats" lists).
const TEMPLATE_FORMATS = [
  'go-template',
  'go-template-file',
  'json',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
  'name',
  'template',
  'templatefile',
  'yaml',
];
const GET_FORMATS = ['custom-columns', 'custom-columns-file', ...TEMPLATE_FORMATS.slice(0, 9), 'wide', 'yaml'];

/** kubectl's answer to a `--dry-run` or `-o` value it does not know, or undefined. */
export function badFlagValue(sub: string, args: ParsedArgs): ProcessResult | undefined {
  const dry = flag(args, 'dry-run');
  if (dry !== undefined && !['none', 'server', 'client', 'true', 'false', 'unchanged'].includes(dry)) {
    return {
      stdout: '',
      stderr: `error: Invalid dry-run value (${dry}). Must be "none", "server", or "client".\n`,
      exitCode: 1,
    };
  }
  const output = flag(args, 'output');
  if (output === undefined || output === '' || sub === 'version' || sub === 'api-resources') return undefined;
  const allowed = sub === 'get' ? GET_FORMATS : TEMPLATE_FORMATS;
  const name = output.replace(/=.*$/s, '');
  if (allowed.includes(name)) return undefined;
  const formats = allowed.join(',');
  return {
    stdout: '',
    stderr: `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${formats}\n`,
    exitCode: 1,
  };
}
