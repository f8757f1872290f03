/**
 * istioctl in a lesson: reading proxy configuration and policy, waiting for distribution and
 * injecting sidecars into a manifest; never installing, or writing istioctl's own config.
 */
import { checkPflagTool, type PathFlag, type PflagTool } from './pflag-tool.js';
import { ISTIOCTL_ROOT_FLAGS, KUBECTL_GLOBAL_FLAGS } from './target-flags.js';
import type { CommandWords, Verdict } from './types.js';

const EXPERIMENTAL = new Set(['describe', 'wait', 'authz']);
export const ISTIOCTL_COMMANDS = new Map<string, ReadonlySet<string> | undefined>([
  ['version', undefined],
  ['proxy-config', undefined],
  ['pc', undefined],
  ['proxy-status', undefined],
  ['ps', undefined],
  ['kube-inject', undefined],
  ['experimental', EXPERIMENTAL],
  ['x', EXPERIMENTAL],
]);

const READ: PathFlag = { access: 'read', within: 'lesson' };
const PATH_FLAGS: Record<string, PathFlag> = {
  filename: { ...READ, stdin: true, list: true },
  meshConfigFile: READ,
  injectConfigFile: READ,
  valuesFile: READ,
  // `proxy-config … --file config_dump.json` reads a dump from the host.
  file: READ,
};

/** kubectl's target flags by long name too: istioctl rejects the unknown ones, but a newer one may not. */
const KUBECTL_TARGETS = KUBECTL_GLOBAL_FLAGS.filter((f) => f.use !== 'allowed').map(({ short: _short, ...f }) => f);

export const ISTIOCTL: PflagTool = {
  tool: 'istioctl',
  syntax: {
    underscoreIsDash: true,
    valueLongs: new Set([
      ...ISTIOCTL_ROOT_FLAGS.map((f) => f.name),
      ...KUBECTL_TARGETS.filter((f) => f.takesValue).map((f) => f.name),
      'filename',
      'output',
      'meshConfigFile',
      'injectConfigFile',
      'valuesFile',
      'file',
      'revision',
      'selector',
    ]),
    valueShorts: 'ncifolr',
    shortToLong: {
      n: 'namespace',
      c: 'kubeconfig',
      i: 'istioNamespace',
      f: 'filename',
      o: 'output',
      l: 'selector',
      r: 'revision',
    },
  },
  globals: [ISTIOCTL_ROOT_FLAGS, KUBECTL_TARGETS],
  commands: ISTIOCTL_COMMANDS,
  // `kube-inject -o FILE` writes the injected manifest; elsewhere `-o` is an output format.
  pathFlag: (name, command) =>
    name === 'output' && command === 'kube-inject' ? { access: 'write', within: 'work' } : PATH_FLAGS[name],
  refused: () => undefined,
};

export function checkIstioctl(w: CommandWords): Verdict {
  return checkPflagTool(w, ISTIOCTL);
}
