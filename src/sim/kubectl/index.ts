/**
 * The simulated kubectl (1.32 client, `minikube` context): finds the subcommand past the global
 * flags, parses its flags, and runs it against the store. Subcommands kubectl has but the
 * simulator does not model are refused with exit 3; unknown ones fail as kubectl fails.
 */
import type { Program, SimContext } from '../context.js';
import type { FlagSpec } from './flags.js';
import { type Sub, isResult, parseSub, refuse } from './common.js';
import { ANNOTATE_FLAGS, annotate } from './annotate.js';
import { APPLY_FLAGS, apply } from './apply.js';
import { CREATE_FLAGS, create } from './create.js';
import { DELETE_FLAGS, del } from './delete.js';
import { EXEC_FLAGS, exec } from './exec.js';
import { GET_FLAGS, get } from './get.js';
import { LABEL_FLAGS, label } from './label.js';
import { LOGS_FLAGS, logs } from './logs.js';
import { PATCH_FLAGS, patch } from './patch.js';
import { API_RESOURCES_FLAGS, VERSION_FLAGS, apiResources, clusterInfo, config, version } from './misc.js';
import { ROLLOUT_FLAGS, WAIT_FLAGS, rollout, wait } from './wait.js';

const SUBCOMMANDS: Record<string, { flags: FlagSpec; run: Sub }> = {
  annotate: { flags: ANNOTATE_FLAGS, run: annotate },
  apply: { flags: APPLY_FLAGS, run: apply },
  create: { flags: CREATE_FLAGS, run: create },
  delete: { flags: DELETE_FLAGS, run: del },
  exec: { flags: EXEC_FLAGS, run: exec },
  get: { flags: GET_FLAGS, run: get },
  label: { flags: LABEL_FLAGS, run: label },
  logs: { flags: LOGS_FLAGS, run: logs },
  patch: { flags: PATCH_FLAGS, run: patch },
  wait: { flags: WAIT_FLAGS, run: wait },
  rollout: { flags: ROLLOUT_FLAGS, run: rollout },
  version: { flags: VERSION_FLAGS, run: version },
  config: { flags: {}, run: config },
  'cluster-info': { flags: {}, run: clusterInfo },
  'api-resources': { flags: API_RESOURCES_FLAGS, run: apiResources },
  // describe and its Go tabwriter port load only when used (start-up time is a product feature).
  describe: {
    flags: {
      selector: { value: true, short: 'l' },
      'all-namespaces': { value: false, short: 'A' },
      'show-events': { value: true },
      'chunk-size': { value: true },
    },
    run: async (k) => (await import('./describe.js')).describe(k),
  },
};

/** kubectl 1.32's other commands: real, but not modelled. */
const REAL_BUT_NOT_SIMULATED = new Set([
  'expose',
  'run',
  'set',
  'explain',
  'edit',
  'scale',
  'autoscale',
  'certificate',
  'top',
  'cordon',
  'uncordon',
  'drain',
  'taint',
  'attach',
  'port-forward',
  'proxy',
  'cp',
  'auth',
  'debug',
  'events',
  'diff',
  'replace',
  'kustomize',
  'completion',
  'alpha',
  'api-versions',
  'plugin',
  'options',
  'help',
]);

const GLOBAL_WITH_VALUE = new Set(['-n', '--namespace', '--context', '--request-timeout']);

/**
 * pflag lets a subcommand's flags come before its name (`kubectl -n foo -l app=x get pods`):
 * whether a leading flag takes the next word, from the subcommands' specs (undefined: no
 * subcommand has it).
 */
function takesValue(w: string): boolean | undefined {
  if (w.includes('=')) return false;
  const long = w.startsWith('--') ? w.slice(2) : undefined;
  const short = long === undefined && w.length === 2 ? w.slice(1) : undefined;
  for (const { flags } of Object.values(SUBCOMMANDS)) {
    for (const [name, d] of Object.entries(flags)) {
      if (name === long || (short !== undefined && d.short === short)) return d.value;
    }
  }
  return undefined;
}

export const kubectl: Program = async (argv, ctx: SimContext) => {
  const words = argv.slice(1);
  let i = 0;
  while (i < words.length) {
    const w = words[i] ?? '';
    if (GLOBAL_WITH_VALUE.has(w)) i += 2;
    else if (/^(--namespace|--context|--request-timeout)=|^-n.+/.test(w)) i++;
    else if (w.startsWith('-') && w !== '-' && takesValue(w) !== undefined) i += takesValue(w) ? 2 : 1;
    else if (w.startsWith('-')) return refuse(`kubectl flag ${w.split('=')[0] ?? w}`);
    else break;
  }
  const sub = words[i];
  if (sub === undefined) return refuse('kubectl without a command (its help text)');
  const rest = [...words.slice(0, i), ...words.slice(i + 1)];
  const entry = SUBCOMMANDS[sub];
  if (!entry) {
    if (REAL_BUT_NOT_SIMULATED.has(sub)) return refuse(`kubectl ${sub}`);
    return { stdout: '', stderr: `error: unknown command "${sub}" for "kubectl"\n`, exitCode: 1 };
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    const dd = rest.indexOf('--');
    const h = Math.max(rest.indexOf('--help'), rest.indexOf('-h'));
    if (dd === -1 || h < dd) return refuse(`kubectl ${sub} --help`, 'read it with the real kubectl');
  }
  const k = parseSub(ctx, sub, rest, entry.flags);
  if (isResult(k)) return k;
  return entry.run(k);
};
