/**
 * kubectl in a lesson: the commands a workshop needs to make, read and probe objects, and none
 * that reach past the cluster meshwalk pinned (`config`, plugins), open it to the host
 * (`proxy`, `port-forward`), copy host files (`cp`) or start an editor (`edit`).
 */
import type { ReadFlag } from './flag-reader.js';
import { checkPflagTool, type PathFlag, type PflagTool } from './pflag-tool.js';
import { KUBECTL_GLOBAL_FLAGS } from './target-flags.js';
import { refuse, type CommandWords, type Verdict } from './types.js';

export const KUBECTL_COMMANDS = [
  'get',
  'describe',
  'apply',
  'create',
  'delete',
  'label',
  'annotate',
  'patch',
  'replace',
  'exec',
  'logs',
  'rollout',
  'wait',
  'scale',
  'api-resources',
  'api-versions',
  'explain',
  'version',
  'auth',
  'top',
  'events',
  'run',
  'expose',
  'set',
] as const;

const READ_IN_LESSON: PathFlag = { access: 'read', within: 'lesson' };
const PATH_FLAGS: Record<string, PathFlag> = {
  filename: { ...READ_IN_LESSON, stdin: true, list: true },
  'from-file': { ...READ_IN_LESSON, list: true },
  'from-env-file': { ...READ_IN_LESSON, list: true },
  cert: READ_IN_LESSON,
  key: READ_IN_LESSON,
  'patch-file': READ_IN_LESSON,
};

const VALUE_LONGS = [
  ...KUBECTL_GLOBAL_FLAGS.filter((f) => f.takesValue).map((f) => f.name),
  'selector',
  'output',
  'filename',
  'container',
  'from-file',
  'from-env-file',
  'from-literal',
  'cert',
  'key',
  'kustomize',
  'template',
  'field-selector',
  'type',
  'image',
  'timeout',
  'for',
  'replicas',
  'port',
  'label-columns',
  'patch-file',
];

function refused(f: ReadFlag): string | undefined {
  if (f.name === 'edit') return '`--edit` starts an editor on the host; write the object in a manifest instead';
  if (f.name === 'kustomize')
    return '`-k`/`--kustomize` reads a kustomization that may pull files from anywhere; apply the manifests with -f';
  if (f.name === 'output' && f.value !== undefined && /-file\b/.test(f.value))
    return `\`-o ${f.value}\` reads a template file; write the template inline`;
  return undefined;
}

export const KUBECTL: PflagTool = {
  tool: 'kubectl',
  syntax: {
    underscoreIsDash: true,
    valueLongs: new Set(VALUE_LONGS),
    valueShorts: 'nslofckLv',
    shortToLong: {
      n: 'namespace',
      s: 'server',
      l: 'selector',
      o: 'output',
      f: 'filename',
      c: 'container',
      k: 'kustomize',
      L: 'label-columns',
      v: 'v',
    },
  },
  globals: [KUBECTL_GLOBAL_FLAGS],
  commands: new Map(KUBECTL_COMMANDS.map((c) => [c, undefined])),
  pathFlag: (name) => PATH_FLAGS[name],
  refused,
};

export function checkKubectl(w: CommandWords): Verdict {
  const v = checkPflagTool(w, KUBECTL);
  const edit = w.argv.indexOf('edit-last-applied');
  if (v.ok && w.argv[edit - 1] === 'apply') {
    return refuse('command-not-allowed', edit, '`kubectl apply edit-last-applied` starts an editor on the host');
  }
  return v;
}
