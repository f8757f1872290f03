/** The Istio security policy engine: pure request + configuration -> outcome + trace. */
export type {
  Decision,
  Outcome,
  TraceEntry,
  MeshRequest,
  Workload,
  ObjectRef,
  Stage,
  Mismatch,
  HttpRequest,
  LocalReply,
  Delivered,
} from './model.js';
export { compileMesh, parseVersion, atLeast, type MeshConfig, type CompileOptions } from './config.js';
export { decide, decideTraced } from './decide.js';
export { decideOutbound } from './client-outbound.js';
export { RBAC_DENIED_BODY, UPSTREAM_RESET_BODY, UPSTREAM_TLS_BODY } from './outcomes.js';
export { renderTrace, renderDecision, describeOutcome } from './render-trace.js';
export { objectView, type ObjectViewOptions } from './object-view.js';
export { destinationRuleFor, destinationRuleObjectFor, resolveShortname } from './destination-rule.js';
