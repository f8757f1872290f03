/**
 * Istio's Bookinfo (samples/bookinfo): productpage calls details and reviews from its own pod,
 * reviews v2/v3 call ratings, each through its sidecar, so authorization between them shows on
 * the page exactly as the authz-http task checks it: "Error fetching product details!",
 * "Error fetching product reviews!", "Ratings service is currently unavailable", stars
 * (`glyphicon glyphicon-star`) when all calls succeed. Texts from the sample's sources
 * (productpage.py, templates/productpage.html, reviews' LibertyRestEndpoint.java).
 */
import type { HttpResponse } from '../http.js';
import { json, text, type App, type AppRequest } from './app.js';
import { pyDumps } from './books.js';

const SUMMARY =
  '<a href="https://en.wikipedia.org/wiki/The_Comedy_of_Errors">Wikipedia Summary</a>: The Comedy of Errors is one of <b>William Shakespeare\'s</b> early plays. It is his shortest and one of his most farcical comedies, with a major part of the humour coming from slapstick and mistaken identity, in addition to puns and word play.';

const DETAILS = {
  id: 0,
  author: 'William Shakespeare',
  year: 1595,
  type: 'paperback',
  pages: 200,
  publisher: 'PublisherA',
  language: 'English',
  'ISBN-10': '1234567890',
  'ISBN-13': '123-1234567890',
};

const REVIEWS = [
  { reviewer: 'Reviewer1', text: 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!' },
  {
    reviewer: 'Reviewer2',
    text: 'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.',
  },
];

const RATINGS_UNAVAILABLE = 'Ratings service is currently unavailable';

function parse(res: HttpResponse | undefined): Record<string, unknown> | undefined {
  if (!res || res.status !== 200) return undefined;
  try {
    return JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function detailsBlock(d: Record<string, unknown> | undefined): string {
  if (!d)
    return '<h4 class="text-center text-primary">Error fetching product details!</h4>\n<p>Sorry, product details are currently unavailable for this book.</p>';
  const row = (k: string, v: unknown) => `  <dt>${k}:</dt>${String(v)}`;
  return [
    '<h4 class="text-center text-primary">Book Details</h4>',
    '<dl>',
    row('Type', d['type']),
    row('Pages', d['pages']),
    row('Publisher', d['publisher']),
    row('Language', d['language']),
    row('ISBN-10', d['ISBN-10']),
    row('ISBN-13', d['ISBN-13']),
    '</dl>',
  ].join('\n');
}

function reviewsBlock(r: Record<string, unknown> | undefined): string {
  if (!r)
    return '<h4 class="text-center text-primary">Error fetching product reviews!</h4>\n<p>Sorry, product reviews are currently unavailable for this book.</p>';
  const items = (Array.isArray(r['reviews']) ? r['reviews'] : []) as {
    reviewer?: string;
    text?: string;
    rating?: { stars?: number; color?: string; error?: string };
  }[];
  const out = ['<h4 class="text-center text-primary">Book Reviews</h4>'];
  for (const it of items) {
    out.push('<blockquote>', `<p>${it.text ?? ''}</p>`, `<small>${it.reviewer ?? ''}</small>`);
    if (it.rating?.stars !== undefined) {
      const stars = Number(it.rating.stars);
      out.push(
        `<font color="${it.rating.color ?? 'black'}">`,
        ...Array.from({ length: 5 }, (_, i) =>
          i < stars
            ? '<span class="glyphicon glyphicon-star"></span>'
            : '<span class="glyphicon glyphicon-star-empty"></span>',
        ),
        '</font>',
      );
    } else if (it.rating?.error) {
      out.push(`<p><i>${it.rating.error}</i></p>`);
    }
    out.push('</blockquote>');
  }
  return out.join('\n');
}

/**
 * Headers productpage (getForwardHeaders) and reviews pass on: tracing context and a few
 * application headers. `end-user` is NOT taken from the request: productpage sets it only from a
 * logged-in session, so `curl -H "end-user: jason"` does not reach reviews' routing.
 */
function forwarded(req: AppRequest): [string, string][] {
  const keep = [
    'x-request-id',
    'x-b3-traceid',
    'x-b3-spanid',
    'x-b3-parentspanid',
    'x-b3-sampled',
    'x-b3-flags',
    'x-ot-span-context',
    'traceparent',
    'tracestate',
    'user-agent',
    'cookie',
    'authorization',
    'jwt',
  ];
  return req.headers.filter(([k]) => keep.includes(k.toLowerCase()));
}

export const productpageApp: App = {
  name: 'bookinfo productpage',
  ports: [9080],
  handle(req) {
    const path = req.path.split('?')[0];
    if (path === '/health') return json(200, { status: 'Productpage is healthy' });
    if (path === '/api/v1/products')
      return json(200, [{ id: 0, title: 'The Comedy of Errors', descriptionHtml: SUMMARY }]);
    if ((path === '/productpage' || path === '/') && req.method !== 'GET' && req.method !== 'HEAD') {
      // Flask routes are GET-only unless declared otherwise.
      return text(
        405,
        '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n',
        'text/html; charset=utf-8',
      );
    }
    if (path === '/productpage' || path === '/') {
      const h = forwarded(req);
      const details = parse(req.call?.('http://details:9080/details/0', h));
      const reviews = parse(req.call?.('http://reviews:9080/reviews/0', h));
      const body = [
        '<!DOCTYPE html>',
        '<html>',
        '  <head>',
        '    <title>Simple Bookstore App</title>',
        '  </head>',
        '  <body>',
        '<h1 class="text-center text-primary">The Comedy of Errors</h1>',
        `<p>Summary: ${SUMMARY}</p>`,
        '<div class="row">',
        '<div class="col-md-6">',
        detailsBlock(details),
        '</div>',
        '<div class="col-md-6">',
        reviewsBlock(reviews),
        '</div>',
        '</div>',
        '  </body>',
        '</html>',
        '',
      ].join('\n');
      return text(200, body, 'text/html; charset=utf-8');
    }
    return text(
      404,
      '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n',
      'text/html; charset=utf-8',
    );
  },
};

export const detailsApp: App = {
  name: 'bookinfo details',
  ports: [9080],
  handle(req) {
    const m = /^\/details\/(\d+)$/.exec(req.path.split('?')[0] ?? '');
    if (req.path === '/health') return text(200, pyDumps({ status: 'Details is healthy' }), 'application/json');
    if (!m) return text(404, pyDumps({ error: 'unsupported path' }), 'application/json');
    return text(200, JSON.stringify({ ...DETAILS, id: Number(m[1]) }), 'application/json');
  },
};

export const ratingsApp: App = {
  name: 'bookinfo ratings',
  ports: [9080],
  handle(req) {
    const m = /^\/ratings\/(\d+)$/.exec(req.path.split('?')[0] ?? '');
    if (req.path === '/health') return text(200, JSON.stringify({ status: 'Ratings is healthy' }), 'application/json');
    if (!m) return text(404, JSON.stringify({ error: 'unsupported path' }), 'application/json');
    return text(200, JSON.stringify({ id: Number(m[1]), ratings: { Reviewer1: 5, Reviewer2: 4 } }), 'application/json');
  },
};

/** reviews v1 (no ratings), v2 (black stars), v3 (red stars); v2/v3 ask ratings for each page. */
export function reviewsApp(version: string, podName: string): App {
  const color = version === 'v3' ? 'red' : 'black';
  return {
    name: `bookinfo reviews ${version}`,
    ports: [9080],
    handle(req) {
      const path = req.path.split('?')[0] ?? '';
      if (path === '/health') return text(200, '{"status": "Reviews is healthy"}', 'application/json');
      const m = /^\/reviews\/(\d+)$/.exec(path);
      if (!m) return text(404, '', 'text/plain');
      let ratings: Record<string, number> | undefined;
      if (version !== 'v1')
        ratings = parse(req.call?.(`http://ratings:9080/ratings/${m[1]}`, forwarded(req)))?.['ratings'] as
          | Record<string, number>
          | undefined;
      const reviews = REVIEWS.map((r) => ({
        ...r,
        ...(version === 'v1'
          ? {}
          : {
              rating:
                ratings?.[r.reviewer] !== undefined
                  ? { stars: ratings[r.reviewer], color }
                  : { error: RATINGS_UNAVAILABLE },
            }),
      }));
      return text(
        200,
        JSON.stringify({ id: m[1], podname: podName, clustername: 'null', reviews }),
        'application/json',
      );
    },
  };
}
