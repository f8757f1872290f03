import { currentKey } from './key.js';

/** Thrown when the room server answers 401 or 403: the key is missing or not this room's. */
export class KeyRefused extends Error {
  constructor(status) {
    super(`The room server refused the key (HTTP ${status}).`);
    this.status = status;
  }
}

/** Any other refusal, with the server's one-line reason as its message. */
export class ServerRefused extends Error {}

/** A same-origin request to the room server with the instructor key; no cookies, no cache. */
export function roomFetch(path, init = {}) {
  return fetch(path, {
    ...init,
    credentials: 'omit',
    cache: 'no-store',
    headers: { ...init.headers, Authorization: `Bearer ${currentKey()}` },
  });
}

/** `path` with `?lesson=ID` when a lesson is chosen. */
export function withLesson(path, lesson) {
  return lesson ? `${path}?lesson=${encodeURIComponent(lesson)}` : path;
}

/** POST /api/steer; resolves to the server's new Steering. */
export async function steer(request) {
  const res = await roomFetch('/api/steer', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (res.status === 401 || res.status === 403) throw new KeyRefused(res.status);
  if (!res.ok) throw new ServerRefused(`The room server did not take it: ${await errorText(res)}`);
  return res.json();
}

/** The `error` of a JSON error answer, else its text, else the HTTP status. */
export async function errorText(res) {
  const text = await res.text().catch(() => '');
  try {
    return String(JSON.parse(text).error ?? text);
  } catch {
    return text.trim() || `HTTP ${res.status}`;
  }
}
