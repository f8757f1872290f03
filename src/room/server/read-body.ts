import type { IncomingMessage } from 'node:http';
import { MAX_BODY_BYTES } from '../protocol.js';

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; error: string };

const TOO_LARGE = `the body is larger than ${MAX_BODY_BYTES} bytes`;

/**
 * A request's JSON body: refused with 413 as soon as it is known to be too large (from
 * Content-Length, or while reading), before any of it is parsed; 415 when it is not JSON; 400
 * when it does not parse.
 */
export function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    return Promise.resolve({ ok: false, status: 415, error: 'the body must be JSON (Content-Type: application/json)' });
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > MAX_BODY_BYTES) return Promise.resolve({ ok: false, status: 413, error: TOO_LARGE });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.pause();
        finish({ ok: false, status: 413, error: TOO_LARGE });
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        finish({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch {
        finish({ ok: false, status: 400, error: 'the body is not valid JSON' });
      }
    });
    req.on('error', () => finish({ ok: false, status: 400, error: 'the request was cut off' }));
    req.on('aborted', () => finish({ ok: false, status: 400, error: 'the request was cut off' }));
  });
}
