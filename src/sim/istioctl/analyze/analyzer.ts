/** One analyzer of `istioctl analyze`: reads the snapshot, reports messages (pkg/config/analysis/analyzer.go). */
import type { Message } from './messages.js';
import type { Snapshot } from './resource.js';

export interface AnalysisContext {
  snapshot: Snapshot;
  /** The Istio minor release analysing, for the few analyzers whose rules changed between releases. */
  minor: number;
  report(m: Message): void;
}

export interface Analyzer {
  /** Istio's name for it, as `istioctl analyze -L` lists it (e.g. "injection.Analyzer"). */
  name: string;
  /** Istio's one-line description. */
  description: string;
  analyze(ctx: AnalysisContext): void;
}
