/**
 * Earlier meshwalk kept all progress in one `progress.json` beside the `progress` folder. It is
 * imported once, entry by entry: an entry already saved in the folder is newer and wins, a
 * malformed entry is skipped alone and reported, and the old file is then renamed to
 * `progress.json.imported-<time>` (never deleted), so nothing saved is lost. Importing twice
 * at once (two meshwalk windows) is harmless: each entry is created only if absent.
 */
import { lstatSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createEntry, setAside } from './entry-file.js';
import { entryName } from './entry-name.js';
import { isRecord, parseLessonProgress, PROGRESS_VERSION } from './model.js';

export function importLegacy(folder: string, legacy: string, now: Date, notify: (line: string) => void): void {
  if (legacy === folder) return;
  let isFile: boolean;
  try {
    isFile = lstatSync(legacy).isFile();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (!isFile) {
    notify(
      `meshwalk: ${legacy} is not a file, so no progress was imported from it; ` +
        `it was left alone (progress is kept in ${folder})`,
    );
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(legacy, 'utf8'));
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    setAsideWithNotice(legacy, 'is not valid JSON', now, notify);
    return;
  }
  const version = isRecord(json) ? json.version : undefined;
  if (!isRecord(json) || version !== PROGRESS_VERSION || !isRecord(json.clusters)) {
    const newer = typeof version === 'number' && version > PROGRESS_VERSION;
    const why = newer ? `was written by a newer meshwalk (format version ${version})` : 'has an unexpected shape';
    setAsideWithNotice(legacy, why, now, notify);
    return;
  }
  const skipped: string[] = [];
  for (const [cluster, c] of Object.entries(json.clusters)) {
    const lessons = isRecord(c) && isRecord(c.lessons) ? c.lessons : undefined;
    if (!lessons) {
      skipped.push(`cluster "${cluster}" (it has no lessons object)`);
      continue;
    }
    for (const [lesson, l] of Object.entries(lessons)) {
      const progress = parseLessonProgress(l);
      if (typeof progress === 'string') {
        skipped.push(`lesson "${lesson}" on "${cluster}" (${progress})`);
        continue;
      }
      const dir = join(folder, entryName(cluster));
      mkdirSync(dir, { recursive: true });
      createEntry(join(dir, `${entryName(lesson)}.json`), { version: PROGRESS_VERSION, cluster, lesson, ...progress });
    }
  }
  const kept = keepAs(legacy, now);
  for (const s of skipped) {
    const where = kept ?? legacy;
    notify(`meshwalk: progress of ${s} in ${legacy} is malformed; it was not imported and is kept in ${where}`);
  }
}

function setAsideWithNotice(legacy: string, why: string, now: Date, notify: (line: string) => void): void {
  const aside = setAside(legacy, now);
  if (!aside) return;
  notify(
    `meshwalk: your old progress file ${legacy} ${why}; it was moved to ${aside} and nothing was imported from it`,
  );
}

function keepAs(legacy: string, now: Date): string | undefined {
  const target = `${legacy}.imported-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}`;
  try {
    renameSync(legacy, target);
    return target;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // another meshwalk imported it
    throw err;
  }
}
