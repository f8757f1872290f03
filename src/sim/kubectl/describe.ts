/** `kubectl describe`: not modelled yet; refused rather than printed approximately. */
import { type Kctl, refuse } from './common.js';

export const DESCRIBE_FLAGS = { selector: { value: true, short: 'l' } } as const;

export async function describe(k: Kctl) {
  return refuse(`kubectl describe ${k.args.positionals.join(' ')}`.trim(), 'use kubectl get -o yaml to see an object');
}
