/**
 * The dashboard page the room server serves at `/`: static files only, no data (the page fetches
 * the room's state with the instructor's key). Everything is in the package, so the page works in
 * a room with no internet. The files are plain HTML, CSS and browser ES modules in `page/`,
 * embedded as text when bundled.
 */
import cells from './page/cells.js?raw';
import dashboard from './page/dashboard.js?raw';
import css from './page/dashboard.css?raw';
import dom from './page/dom.js?raw';
import favicon from './page/favicon.svg?raw';
import format from './page/format.js?raw';
import funnel from './page/funnel.js?raw';
import html from './page/index.html?raw';
import key from './page/key.js?raw';
import largeText from './page/large-text.js?raw';
import lessonFilter from './page/lesson-filter.js?raw';
import participantsTable from './page/participants-table.js?raw';
import roomFetch from './page/room-fetch.js?raw';
import sse from './page/sse.js?raw';
import steeringView from './page/steering-view.js?raw';
import stream from './page/stream.js?raw';
import stuckAnnouncer from './page/stuck-announcer.js?raw';

export interface Asset {
  contentType: string;
  body: string;
}

const script = (body: string): Asset => ({ contentType: 'text/javascript; charset=utf-8', body });

/** Path → file. The room server serves exactly these, and `/` is `index.html`. */
export const dashboardAssets: Readonly<Record<string, Asset>> = {
  '/index.html': { contentType: 'text/html; charset=utf-8', body: html },
  '/dashboard.css': { contentType: 'text/css; charset=utf-8', body: css },
  '/favicon.svg': { contentType: 'image/svg+xml', body: favicon },
  '/dashboard.js': script(dashboard),
  '/cells.js': script(cells),
  '/dom.js': script(dom),
  '/format.js': script(format),
  '/funnel.js': script(funnel),
  '/key.js': script(key),
  '/large-text.js': script(largeText),
  '/lesson-filter.js': script(lessonFilter),
  '/participants-table.js': script(participantsTable),
  '/room-fetch.js': script(roomFetch),
  '/sse.js': script(sse),
  '/steering-view.js': script(steeringView),
  '/stream.js': script(stream),
  '/stuck-announcer.js': script(stuckAnnouncer),
};
