/** The room's secrets: the join code people type, the instructor's key and the participants' tokens. */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Letters that cannot be read as digits (no I, O). */
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** `WXYZ-1234`: about 3.3e9 codes, tried at most a few a minute per address (see rate-limits.ts). */
export function newJoinCode(): string {
  const letters = Array.from({ length: 4 }, () => LETTERS[randomInt(LETTERS.length)]).join('');
  const digits = String(randomInt(10_000)).padStart(4, '0');
  return `${letters}-${digits}`;
}

/** A code as typed: case, spaces and the dash do not matter. */
export const normalCode = (code: string) => code.toUpperCase().replace(/[\s-]+/g, '');

/** 256 random bits, URL-safe: the instructor's key and each participant's token. */
export const newSecret = () => randomBytes(32).toString('base64url');

export const newParticipantId = () => `p${randomBytes(4).toString('hex')}`;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Compares in time that does not depend on where the two differ (both hashed to one length first). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
