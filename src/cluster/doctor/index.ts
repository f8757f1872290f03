/** Doctor: small named checks of kubectl, the context, minikube and Istio (also the TUI's start checklist). */
export { doctorChecks } from './checks.js';
export { runDoctor, type DoctorReport, type RunDoctorOptions } from './run-doctor.js';
export { renderReport, renderResult, statusWord } from './render.js';
export type { Check, CheckId, CheckResult, CheckStatus, DoctorFacts, DoctorInput } from './types.js';
