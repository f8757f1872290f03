/** The outcome of checking one request body: the value, or the one line that says what is wrong. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export const valid = <T>(value: T): Checked<T> => ({ ok: true, value });
export const invalid = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A whole number from `min` to Number.MAX_SAFE_INTEGER. */
export function isCount(value: unknown, min = 0): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}
