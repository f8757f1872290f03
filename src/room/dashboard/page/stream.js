import { KeyRefused, ServerRefused, errorText, roomFetch, withLesson } from './room-fetch.js';
import { createSseParser } from './sse.js';

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 15000;
/** The server writes at least a heartbeat every 15 s; three missed means the line is dead. */
const SILENCE_MS = 45000;

/**
 * Follows GET /api/stream (fetch + a stream reader: EventSource cannot send the key) and calls
 * `onState(RoomState)` for every `state` event. When the stream ends or fails it reconnects after
 * 1 s, then 2, 4 … up to 15 s, back to 1 s once a state arrives; a stream silent for 45 s (a
 * laptop that slept, a network that changed under it) counts as ended. `onStatus(status, why)` gets
 * 'connecting', 'live' or 'reconnecting' (with the server's reason, when it gave one); a refused key
 * (401/403) stops it and calls `onRefused(error)`.
 * Returns `stop()`.
 */
export function followStream({ lesson, onState, onStatus, onRefused }) {
  let stopped = false;
  let delay = FIRST_DELAY_MS;
  let timer;
  const controller = new AbortController();

  const connect = async () => {
    let why = '';
    try {
      await readStream(withLesson('/api/stream', lesson), controller.signal, (state) => {
        delay = FIRST_DELAY_MS;
        onStatus('live');
        onState(state);
      });
    } catch (error) {
      if (error instanceof KeyRefused) {
        stopped = true;
        onRefused(error);
      } else if (error instanceof ServerRefused) why = error.message;
    }
    if (stopped) return;
    onStatus('reconnecting', why);
    timer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  };

  onStatus('connecting');
  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    controller.abort();
  };
}

async function readStream(path, signal, onState) {
  const silence = new AbortController();
  const abort = () => silence.abort();
  signal.addEventListener('abort', abort);
  let watchdog = setTimeout(abort, SILENCE_MS);
  try {
    await readUntilSilent(path, silence.signal, onState, () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(abort, SILENCE_MS);
    });
  } finally {
    clearTimeout(watchdog);
    signal.removeEventListener('abort', abort);
  }
}

async function readUntilSilent(path, signal, onState, heard) {
  const res = await roomFetch(path, { headers: { Accept: 'text/event-stream' }, signal });
  if (res.status === 401 || res.status === 403) throw new KeyRefused(res.status);
  if (!res.ok || !res.body) throw new ServerRefused(await errorText(res));
  const feed = createSseParser((message) => {
    if (message.event !== 'state') return;
    const state = JSON.parse(message.data);
    // A drawing bug is the page's, not the stream's: report it rather than reconnect over it.
    try {
      onState(state);
    } catch (error) {
      reportError(error);
    }
  });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    heard();
    feed(value);
  }
}
