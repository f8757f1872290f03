/**
 * How the rows of the terminal are shared on the step screen. Everything is pre-wrapped into
 * lines before layout, so the counts are exact and the frame never grows past the terminal
 * (ink clears and redraws the whole screen when it does, which flickers).
 */

export interface StepRows {
  /** Rows every part but the explanation and the output needs (header, commands, status, footer…). */
  fixed: number;
  /** Lines the explanation (or manifest) has. */
  body: number;
  /** Lines of command output (0: the pane is hidden). */
  output: number;
}

export interface StepSplit {
  bodyRows: number;
  outputRows: number;
}

/** Rows kept free under the frame so ink never treats it as full-screen. */
const SLACK = 1;
/** The explanation keeps at least this many rows while output is shown. */
const MIN_BODY = 3;
/** The output pane gets at least this many rows when there is output. */
const MIN_OUTPUT = 3;

/**
 * Output wins while it exists (it is what the learner is watching); the explanation keeps a few
 * rows and the "more" marks say where the rest went.
 */
export function splitRows(rows: number, need: StepRows): StepSplit {
  const free = Math.max(2, rows - SLACK - need.fixed);
  if (need.output === 0) return { bodyRows: Math.max(1, Math.min(need.body, free)), outputRows: 0 };
  const title = 1;
  const bodyWanted = Math.min(need.body, MIN_BODY);
  const outputRows = Math.max(Math.min(MIN_OUTPUT, need.output), Math.min(need.output, free - title - bodyWanted));
  const bodyRows = Math.max(need.body === 0 ? 0 : 1, Math.min(need.body, free - title - outputRows));
  return { bodyRows, outputRows };
}
