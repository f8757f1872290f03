/**
 * One JSON request to the room: a status and a parsed body, or why there was no answer. Never
 * throws; a request that takes longer than `timeoutMs` (default 5 s) is abandoned.
 */
export type RoomReply =
  | { ok: true; status: number; body: unknown; retryAfterMs?: number }
  | { ok: false; problem: string };

export interface RequestOptions {
  method: 'GET' | 'POST';
  token?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Default 5000. */
  timeoutMs?: number;
}

export async function roomRequest(base: string, path: string, o: RequestOptions): Promise<RoomReply> {
  const timeout = AbortSignal.timeout(o.timeoutMs ?? 5000);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  try {
    const res = await fetch(new URL(path, base), {
      method: o.method,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      signal,
      redirect: 'error',
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const retryAfterMs = retryAfter(res.headers.get('retry-after'));
    return { ok: true, status: res.status, body, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  } catch (err) {
    return { ok: false, problem: problemOf(err, timeout) };
  }
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function problemOf(err: unknown, timeout: AbortSignal): string {
  if (timeout.aborted) return 'the room did not answer in time';
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  if (cause === 'ECONNREFUSED') return 'the room is not reachable (connection refused)';
  if (cause === 'UND_ERR_SOCKET' || cause === 'ECONNRESET') return 'the connection to the room was cut';
  if (cause === 'ENOTFOUND' || cause === 'EAI_AGAIN') return 'the room address cannot be resolved';
  if (cause) return `the room is not reachable (${cause})`;
  return err instanceof Error && err.name === 'AbortError' ? 'stopped' : 'the room is not reachable';
}
