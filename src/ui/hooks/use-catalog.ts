import { useCallback, useEffect, useState } from 'react';
import type { ProgressSnapshot } from '../../engine/index.js';
import type { LessonCatalog, UiCluster, UiPorts } from '../ports.js';

export interface Catalog {
  /** Undefined until loaded: the first frame never waits for the disk. */
  catalog?: LessonCatalog;
  /** Undefined until chosen. */
  cluster?: UiCluster;
  /** Set when no cluster could be chosen: the TUI ends with it. */
  clusterError?: unknown;
  saved: Record<string, ProgressSnapshot>;
  /** The lesson worked on last: read from saved progress, then the one whose progress was saved. */
  last?: string;
  /** One line: a load failure or a set-aside progress file. */
  warning?: string;
  /** Records a save the engine just made, so the picker is current without re-reading. */
  remember(p: ProgressSnapshot): void;
}

/** Chooses the cluster and loads lessons and saved progress, all after the first render. */
export default function useCatalog(ports: UiPorts): Catalog {
  const [catalog, setCatalog] = useState<LessonCatalog>();
  const [saved, setSaved] = useState<Record<string, ProgressSnapshot>>({});
  const [last, setLast] = useState<string>();
  const [warning, setWarning] = useState<string>();
  const [cluster, setCluster] = useState<UiCluster>();
  const [clusterError, setClusterError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    const fail = (what: string) => (err: unknown) => {
      if (live) setWarning(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    };
    ports.selectCluster().then(
      (c) => live && setCluster(c),
      (err: unknown) => live && setClusterError(err ?? new Error('no cluster')),
    );
    ports.readProgress().then((p) => {
      if (!live) return;
      setSaved((old) => ({ ...p.byLesson, ...old }));
      if (p.last !== undefined) setLast((old) => old ?? p.last);
      if (p.warning) setWarning(p.warning);
    }, fail('progress not read'));
    ports.loadLessons().then(
      (c) => {
        if (live) setCatalog(c);
      },
      (err: unknown) => {
        fail('lessons not loaded')(err);
        if (live) setCatalog({ lessons: [], problems: [] });
      },
    );
    return () => {
      live = false;
    };
  }, [ports]);
  // A finished lesson stays finished while the learner looks through it again, as the progress
  // file keeps its finishedAt: reopening it must not lock the lessons that build on it.
  const remember = useCallback((p: ProgressSnapshot) => {
    setLast(p.lesson);
    setSaved((old) => ({
      ...old,
      [p.lesson]: old[p.lesson]?.finished && !p.finished ? { ...p, finished: true } : p,
    }));
  }, []);
  return {
    ...(catalog ? { catalog } : {}),
    ...(cluster ? { cluster } : {}),
    ...(clusterError !== undefined ? { clusterError } : {}),
    saved,
    ...(last !== undefined ? { last } : {}),
    ...(warning ? { warning } : {}),
    remember,
  };
}
