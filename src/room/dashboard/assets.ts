/**
 * The dashboard page the room server serves at `/`: static files only, no data (the page fetches
 * the room's state with the instructor's key). Everything is in the package, so the page works in
 * a room with no internet.
 */
export interface Asset {
  contentType: string;
  body: string;
}

/** Path → file. The room server serves exactly these, and `/` is `index.html`. */
export const dashboardAssets: Readonly<Record<string, Asset>> = {
  '/index.html': {
    contentType: 'text/html; charset=utf-8',
    body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>meshwalk room</title></head><body><main><h1>meshwalk room</h1></main></body></html>',
  },
};
