/**
 * What the TUI needs from the rest of meshwalk, as one object the command (`src/commands/tui.ts`)
 * builds and tests replace. Components never reach past it to files, processes or the clock.
 */
import type { Cluster } from '../cluster/port.js';
import type { EngineOptions, EngineState, ProgressSnapshot } from '../engine/index.js';
import type { Clock } from '../engine/run-effects.js';
import type { Lesson } from '../lesson/schema.js';
import type { StepToken } from '../engine/step-tokens.js';
import type { RoomPort } from '../room/client/room-status.js';

export interface LessonCatalog {
  lessons: readonly Lesson[];
  /** Lessons that could not be loaded, one line each (`file:line:col message`). */
  problems: readonly string[];
}

export interface SavedProgress {
  /** Saved progress by lesson id, for this cluster. */
  byLesson: Record<string, ProgressSnapshot>;
  /** The lesson whose progress was saved last (the list's cursor starts there). Default: none. */
  last?: string;
  /** One line when the progress file was unreadable and was set aside. */
  warning?: string;
}

/** The cluster the lessons run on, as the TUI needs it. */
export interface UiCluster {
  /** A few words for the header: `simulated cluster`, `minikube`. */
  label: string;
  /** One line for the lesson list: which cluster and why it was chosen. */
  line: string;
  /** The cluster for one lesson: its commands run in that lesson's work directory. */
  forLesson(lesson: Lesson): Cluster;
  /** Engine options that depend on the cluster (the simulator can be polled often). */
  engine?: Pick<EngineOptions, 'maxIntervalMs'>;
  /**
   * The flags a `meshwalk` command printed for the learner needs to reach this cluster, e.g.
   * `--cluster sim`: without them `meshwalk reset` would act on kubectl's current context. Default: none.
   */
  commandFlags?: string;
}

export interface UiPorts {
  /**
   * Chooses the cluster after the first frame (it may ask kubectl). A rejection with a
   * `UserFacingError` ends the TUI with its message and exit code.
   */
  selectCluster(): Promise<UiCluster>;
  /** Loaded after the first frame, so start-up never waits on the disk. */
  loadLessons(): Promise<LessonCatalog>;
  readProgress(): Promise<SavedProgress>;
  saveProgress(progress: ProgressSnapshot): void | Promise<void>;
  /** The YAML of a manifest path from a lesson (for `m`). Default: not offered for paths. */
  readManifest?(lesson: Lesson, path: string): Promise<string>;
  /** Why the current step's last request was allowed, denied or reset (for `w`); undefined when it cannot say. */
  explain?(state: EngineState): Promise<string | undefined>;
  /**
   * The step's tokens looked inside (`meshwalk token --decode` against the lesson's cluster),
   * one report per token, for `t`; undefined when there is nothing to show. Default: not offered.
   */
  decodeTokens?(tokens: readonly StepToken[]): Promise<string | undefined>;
  /** Engine options the command sets (poll interval cap, command timeout). */
  engine?: Pick<EngineOptions, 'maxIntervalMs' | 'commandTimeoutMs'>;
  /** Time and timers for the engine. Default: the system clock. */
  clock?: Clock;
  /** Open this lesson at once instead of the picker (`--lesson ID`). */
  startLesson?: string;
  /** The instructor's room (`--room URL --code CODE`): its status, and where results are reported. Default: none. */
  room?: RoomPort;
}
