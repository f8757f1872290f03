/**
 * The room server's endpoints (protocol.ts), each checked in the same order: the Host, the
 * caller (join code, participant token or instructor key) and its rate, the body's size, then its
 * JSON and types. Refusals are one-line JSON errors; nothing a client sends reaches a stack trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dashboardAssets } from '../dashboard/assets.js';
import { isId } from '../model/clean-text.js';
import { checkEvents } from '../model/events-request.js';
import { checkJoin } from '../model/join-request.js';
import { checkSteer } from '../model/steer-request.js';
import type { Checked } from '../model/validation.js';
import { exportRoom } from '../store/export-room.js';
import { openEventStream } from './event-stream.js';
import type { HostCheck } from './host-check.js';
import { bearer, securityHeaders, sendError, sendJson } from './http-reply.js';
import type { RateKind, RateLimits } from './rate-limits.js';
import { readJsonBody } from './read-body.js';
import type { Answer, Room } from './room.js';

/** Dashboards open at once: the instructor's, perhaps a projector's, a few more. */
export const MAX_STREAMS = 16;

export interface RouteContext {
  room: Room;
  dir: string;
  limits: RateLimits;
  host: HostCheck;
  /** The open streams' end functions (the server ends them on close). */
  streams: Set<() => void>;
  warn: (line: string) => void;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, ctx: RouteContext) => Promise<void>;

const routes: Record<string, Partial<Record<'GET' | 'POST', Handler>>> = {
  '/api/join': { POST: join },
  '/api/events': { POST: events },
  '/api/steering': { GET: steering },
  '/api/state': { GET: state },
  '/api/stream': { GET: stream },
  '/api/steer': { POST: steerRoom },
  '/api/export': { GET: exportEvents },
};

export function handleRequest(ctx: RouteContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res, ctx).catch((err: unknown) => {
      ctx.warn(
        `meshwalk room: could not answer ${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}`,
      );
      if (!res.headersSent) sendError(res, 500, 'the room server could not do this; see its terminal');
      else res.end();
    });
  };
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://room.invalid');
  } catch {
    securityHeaders(res, true);
    return sendError(res, 400, 'bad request path');
  }
  const api = url.pathname.startsWith('/api/');
  securityHeaders(res, api);
  if (!ctx.host.allows(req.headers.host))
    return sendError(res, 421, 'this server answers only at its own address; open the URL meshwalk room printed');
  if (!api) return asset(req, res, url);
  const methods = routes[url.pathname];
  if (!methods) return sendError(res, 404, `no such endpoint: ${url.pathname}`);
  const handler = methods[req.method as 'GET' | 'POST'];
  if (!handler)
    return sendError(res, 405, `${url.pathname} takes ${Object.keys(methods).join(', ')}`, {
      headers: { Allow: Object.keys(methods).join(', ') },
    });
  await handler(req, res, url, ctx);
}

function asset(req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('method not allowed\n');
    return;
  }
  const path = url.pathname === '/' ? '/index.html' : url.pathname;
  const file = Object.hasOwn(dashboardAssets, path) ? dashboardAssets[path] : undefined;
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
    return;
  }
  res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': String(Buffer.byteLength(file.body)) });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

const address = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

/** 429 with Retry-After when `key` has no token of `kind` left; true when the request may go on. */
function within(res: ServerResponse, ctx: RouteContext, kind: RateKind, key: string): boolean {
  const wait = ctx.limits.take(kind, key);
  if (wait === 0) return true;
  sendError(res, 429, 'too many requests; slow down', {
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))) },
  });
  return false;
}

/** An address that keeps getting its secrets wrong is told to wait before any are checked. */
function notGuessing(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): boolean {
  if (ctx.limits.has('refused', address(req))) return true;
  sendError(res, 429, 'too many wrong codes, keys or tokens from this address; wait a minute', {
    headers: { 'Retry-After': '5' },
  });
  return false;
}

function refusedSecret(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RouteContext,
  status: number,
  error: string,
): void {
  ctx.limits.take('refused', address(req));
  sendError(res, status, error);
}

/** The participant whose token the request carries, after its rate; undefined when answered already. */
function participant(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): string | undefined {
  if (!notGuessing(req, res, ctx)) return undefined;
  const token = bearer(req);
  const id = token === undefined ? undefined : ctx.room.participantOf(token);
  if (id === undefined) {
    refusedSecret(req, res, ctx, 401, 'unknown participant token; join the room again');
    return undefined;
  }
  return within(res, ctx, 'participant', id) ? id : undefined;
}

function instructor(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): boolean {
  if (!notGuessing(req, res, ctx)) return false;
  const key = bearer(req);
  if (key === undefined || !ctx.room.isKey(key)) {
    refusedSecret(
      req,
      res,
      ctx,
      401,
      "wrong instructor key; open the dashboard URL meshwalk room printed, or run 'meshwalk room key'",
    );
    return false;
  }
  return within(res, ctx, 'instructor', 'key');
}

/** The body, checked by `check`; undefined when a refusal was sent. */
async function body<T>(
  req: IncomingMessage,
  res: ServerResponse,
  check: (raw: unknown) => Checked<T>,
): Promise<T | undefined> {
  const raw = await readJsonBody(req);
  if (!raw.ok) {
    // Stop reading an oversized body: close the connection once the answer is out.
    sendError(res, raw.status, raw.error, raw.status === 413 ? { headers: { Connection: 'close' } } : {});
    return undefined;
  }
  const checked = check(raw.value);
  if (!checked.ok) {
    sendError(res, 400, checked.error);
    return undefined;
  }
  return checked.value;
}

function answer<T>(res: ServerResponse, a: Answer<T>): void {
  if (a.ok) sendJson(res, 200, a.value);
  else sendError(res, a.status, a.error, a.expected === undefined ? {} : { extra: { expected: a.expected } });
}

async function join(req: IncomingMessage, res: ServerResponse, _url: URL, ctx: RouteContext): Promise<void> {
  if (!notGuessing(req, res, ctx) || !within(res, ctx, 'join', address(req))) return;
  const request = await body(req, res, checkJoin);
  if (!request) return;
  const joined = await ctx.room.join(request.code, request.name);
  if (!joined.ok && joined.status === 403 && joined.error === 'wrong room code')
    return refusedSecret(req, res, ctx, 403, joined.error);
  answer(res, joined);
}

async function events(req: IncomingMessage, res: ServerResponse, _url: URL, ctx: RouteContext): Promise<void> {
  const id = participant(req, res, ctx);
  if (id === undefined) return;
  const batch = await body(req, res, checkEvents);
  if (batch) answer(res, await ctx.room.append(id, batch));
}

async function steering(req: IncomingMessage, res: ServerResponse, _url: URL, ctx: RouteContext): Promise<void> {
  const id = participant(req, res, ctx);
  if (id !== undefined) sendJson(res, 200, ctx.room.steeringOf(id));
}

/** `?lesson=ID`, checked; false when a refusal was sent. */
function lessonParam(res: ServerResponse, url: URL): { lesson?: string } | undefined {
  const lesson = url.searchParams.get('lesson');
  if (lesson === null || lesson === '') return {};
  if (isId(lesson)) return { lesson };
  sendError(res, 400, 'lesson must be a lesson id like peer-authentication');
  return undefined;
}

async function state(req: IncomingMessage, res: ServerResponse, url: URL, ctx: RouteContext): Promise<void> {
  if (!instructor(req, res, ctx)) return;
  const q = lessonParam(res, url);
  if (q) sendJson(res, 200, ctx.room.state(q.lesson));
}

async function stream(req: IncomingMessage, res: ServerResponse, url: URL, ctx: RouteContext): Promise<void> {
  if (!instructor(req, res, ctx)) return;
  const q = lessonParam(res, url);
  if (!q) return;
  if (ctx.streams.size >= MAX_STREAMS)
    return sendError(res, 503, `at most ${MAX_STREAMS} dashboards at once; close one`, {
      headers: { 'Retry-After': '10' },
    });
  const end = openEventStream(req, res, {
    state: () => ctx.room.state(q.lesson),
    onChange: (l) => ctx.room.onChange(l),
  });
  ctx.streams.add(end);
  res.on('close', () => ctx.streams.delete(end));
}

async function steerRoom(req: IncomingMessage, res: ServerResponse, _url: URL, ctx: RouteContext): Promise<void> {
  if (!instructor(req, res, ctx)) return;
  const request = await body(req, res, checkSteer);
  if (request) answer(res, await ctx.room.steer(request));
}

async function exportEvents(req: IncomingMessage, res: ServerResponse, url: URL, ctx: RouteContext): Promise<void> {
  if (!instructor(req, res, ctx)) return;
  const format = url.searchParams.get('format') ?? 'json';
  if (format !== 'csv' && format !== 'json') return sendError(res, 400, 'format must be csv or json');
  res.writeHead(200, {
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="room-events.${format}"`,
  });
  await exportRoom(ctx.dir, ctx.room.names(), format, (text) => res.write(text));
  res.end();
}
