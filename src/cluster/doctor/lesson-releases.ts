/**
 * The Istio releases the bundled lessons are written and checked for: every lesson's `istio:`
 * lists exactly these (test/lessons/lessons.test.ts holds them to it), and `meshwalk doctor`
 * says whether the cluster's istiod is one of them.
 */
export const LESSON_ISTIO_RELEASES = ['1.24', '1.25', '1.26', '1.27', '1.28', '1.29', '1.30', '1.31'] as const;

/** The oldest and the newest of them. */
export const OLDEST_LESSON_ISTIO = LESSON_ISTIO_RELEASES[0];
export const NEWEST_LESSON_ISTIO = LESSON_ISTIO_RELEASES[LESSON_ISTIO_RELEASES.length - 1] ?? OLDEST_LESSON_ISTIO;

/** "1.24 to 1.31": the range, for messages. */
export function lessonReleaseRange(): string {
  return `${OLDEST_LESSON_ISTIO} to ${NEWEST_LESSON_ISTIO}`;
}

/** Where a "1.Y[.Z]" version stands against the lessons' releases. */
export function lessonFit(version: string): 'written-for' | 'older' | 'newer' {
  const minor = (v: string) => Number(v.split('.')[1] ?? 0);
  const m = minor(version);
  if (m < minor(OLDEST_LESSON_ISTIO)) return 'older';
  if (m > minor(NEWEST_LESSON_ISTIO)) return 'newer';
  return 'written-for';
}
