/**
 * GET /api/stream: Server-Sent Events (the WHATWG HTML "server-sent events" format) read by the
 * dashboard with fetch and an Authorization header (EventSource cannot send one). The state at
 * connect, then the state again after each change, at most four a second, and a comment every
 * 15 s so proxies and the page know the line is alive. A client that reads slowly gets the
 * latest state when it catches up, not every one it missed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RoomState } from '../protocol.js';
import { safeJson } from './http-reply.js';

export const STREAM_MIN_INTERVAL_MS = 250;
export const HEARTBEAT_MS = 15_000;

export interface StreamSource {
  state(): RoomState;
  onChange(listener: () => void): () => void;
}

/** Starts a stream on `res`; returns the function that ends it (the server calls it on close). */
export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  source: StreamSource,
  heartbeatMs: number = HEARTBEAT_MS,
): () => void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  let lastSent = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitingForDrain = false;
  let pending = false;
  let ended = false;

  const send = () => {
    if (ended) return;
    if (waitingForDrain) {
      pending = true;
      return;
    }
    pending = false;
    if (!res.write(`event: state\ndata: ${safeJson(source.state())}\n\n`)) waitingForDrain = true;
    // Timed from the end of the send: building a large room's state takes a moment, and the next
    // state must be made 250 ms after this one was, not 250 ms after this one was started.
    lastSent = Date.now();
  };
  const changed = () => {
    if (timer !== undefined || ended) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        send();
      },
      Math.max(0, lastSent + STREAM_MIN_INTERVAL_MS - Date.now()),
    );
  };
  const onDrain = () => {
    waitingForDrain = false;
    if (pending) changed();
  };
  const heartbeat = setInterval(() => {
    if (!waitingForDrain) res.write(': heartbeat\n\n');
  }, heartbeatMs);
  const unsubscribe = source.onChange(changed);
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    if (timer !== undefined) clearTimeout(timer);
    unsubscribe();
    res.off('drain', onDrain);
    res.end();
  };
  res.on('drain', onDrain);
  req.on('close', end);
  res.on('close', end);
  send();
  return end;
}
