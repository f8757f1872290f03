/**
 * The page's `text/event-stream` parser (src/room/dashboard/page/sse.js, a browser module with no
 * DOM), fed the same stream cut into chunks at arbitrary places, as a network delivers it.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';

interface SseEvent {
  event: string;
  data: string;
}
type Parser = (onEvent: (e: SseEvent) => void) => (chunk: string) => void;

// A browser module: imported by a computed path, so TypeScript takes it as the type above.
const SSE_MODULE = '../../src/room/dashboard/page/sse.js';
const { createSseParser } = (await import(/* @vite-ignore */ SSE_MODULE)) as { createSseParser: Parser };

function parse(chunks: string[]): SseEvent[] {
  const out: SseEvent[] = [];
  const feed = createSseParser((e) => out.push(e));
  for (const chunk of chunks) feed(chunk);
  return out;
}

const STREAM =
  ': heartbeat\n\n' +
  'event: state\r\ndata: {"version":1}\r\n\r\n' +
  'event: state\rdata: {"version":2,\rdata:"two lines"}\r\r' +
  'data:no space\n\n' +
  'event: state\n\n' +
  'event: state\ndata: {"version":3}\n\n' +
  'event: state\ndata: {"cut":';

const EXPECTED: SseEvent[] = [
  { event: 'state', data: '{"version":1}' },
  { event: 'state', data: '{"version":2,\n"two lines"}' },
  { event: 'message', data: 'no space' },
  { event: 'state', data: '{"version":3}' },
];

test('LF, CR and CRLF lines, comments, multi-line data; an event without data or an end is not sent', () => {
  expect(parse([STREAM])).toEqual(EXPECTED);
});

test('the same events however the stream is cut into chunks (a CRLF split in two included)', () => {
  const cuts = fc.uniqueArray(fc.integer({ min: 1, max: STREAM.length - 1 }), { maxLength: 12 });
  fc.assert(
    fc.property(cuts, (at) => {
      const points = [0, ...[...at].sort((a, b) => a - b), STREAM.length];
      const chunks = points.slice(1).map((end, i) => STREAM.slice(points[i], end));
      expect(parse(chunks)).toEqual(EXPECTED);
    }),
  );
  expect(parse(STREAM.split(''))).toEqual(EXPECTED);
});
