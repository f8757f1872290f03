import { contextCheck, localCheck } from './context.js';
import { ingressCheck } from './ingress.js';
import { injectorCheck } from './injector.js';
import { istioctlCheck } from './istioctl.js';
import { istiodCheck } from './istiod.js';
import { kubectlCheck } from './kubectl.js';
import { minikubeCheck } from './minikube.js';
import { reachableCheck } from './reachable.js';
import type { Check } from './types.js';

/** Every doctor check, in the order they run and print. */
export const doctorChecks: readonly Check[] = [
  kubectlCheck,
  contextCheck,
  localCheck,
  minikubeCheck,
  reachableCheck,
  istiodCheck,
  ingressCheck,
  injectorCheck,
  istioctlCheck,
];
