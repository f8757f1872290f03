/**
 * The books API of the lessons (manifests/apps/books-api.yaml): python:3.12-alpine running
 * books-api.py from a ConfigMap on port 4000. Python's http.server answers HTTP/1.0 and
 * json.dumps bodies (", " and ": " separators, no trailing newline).
 */
import type { HttpResponse } from '../http.js';
import type { App } from './app.js';

const BOOKS = [
  { id: 1, title: 'Microservices Security in Action', author: 'Prabath Siriwardena, Nuwan Dias' },
  { id: 2, title: 'Istio in Action', author: 'Christian Posta, Rinor Maloku' },
  { id: 3, title: 'Kubernetes Patterns', author: 'Bilgin Ibryam, Roland Huss' },
];

/** Python's json.dumps with default separators. */
export function pyDumps(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyDumps).join(', ')}]`;
  if (v && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${pyDumps(x)}`)
      .join(', ')}}`;
  if (v === true) return 'true';
  if (v === false) return 'false';
  return JSON.stringify(v);
}

function reply(status: number, body: unknown): HttpResponse {
  const data = pyDumps(body);
  return {
    status,
    http10: true,
    headers: [
      ['server', 'BaseHTTP/0.6 Python/3.12.12'],
      ['date', 'Thu, 01 Jan 2026 00:00:00 GMT'],
      ['content-type', 'application/json'],
      ['content-length', String(Buffer.byteLength(data))],
    ],
    body: data,
  };
}

export const booksApp: App = {
  name: 'books API',
  ports: [4000],
  handle(req) {
    const path = req.path.split('?')[0] ?? '/';
    const m = req.method.toUpperCase();
    if (m === 'GET' || m === 'HEAD') {
      if (path === '/books') return reply(200, BOOKS);
      if (path === '/health_check') return reply(200, { status: 'UP' });
      const n = path.startsWith('/books/') ? path.slice('/books/'.length) : '';
      if (/^\d+$/.test(n) && Number(n) >= 1 && Number(n) <= BOOKS.length) return reply(200, BOOKS[Number(n) - 1]);
      return reply(404, { error: 'not found' });
    }
    if (m === 'POST')
      return path === '/books'
        ? reply(201, { id: BOOKS.length + 1, created: true })
        : reply(404, { error: 'not found' });
    // BaseHTTPRequestHandler answers methods without a do_X handler with 501.
    const body = `<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: 501</p>\n        <p>Message: Unsupported method ('${m}').</p>\n        <p>Error code explanation: 501 - Server does not support this operation.</p>\n    </body>\n</html>\n`;
    return {
      status: 501,
      http10: true,
      headers: [
        ['server', 'BaseHTTP/0.6 Python/3.12.12'],
        ['content-type', 'text/html;charset=utf-8'],
        ['content-length', String(body.length)],
      ],
      body,
    };
  },
};
