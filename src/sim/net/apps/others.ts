/** Smaller models: helloworld and the guessed plain server. */
import { text, type App } from './app.js';

/**
 * Istio's samples/helloworld (istio/examples-helloworld-vN, Flask on port 5000): `/hello` names
 * the version (from the image) and the pod answering.
 */
export function helloworldApp(version: string, podName: string): App {
  return {
    name: `helloworld ${version}`,
    ports: [5000],
    handle(req) {
      const path = req.path.split('?')[0];
      if (path === '/hello')
        return text(200, `Hello version: ${version}, instance: ${podName}\n`, 'text/html; charset=utf-8');
      if (path === '/health') return text(200, 'Helloworld is healthy', 'text/html; charset=utf-8');
      return text(
        404,
        '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n',
        'text/html; charset=utf-8',
      );
    },
  };
}

/** An image the simulator does not know: a plain HTTP server answering 200, flagged as a guess. */
export function guessedApp(image: string, ports: readonly number[]): App {
  return {
    name: `unknown image ${image}`,
    ports,
    guessed: `meshwalk sim: image ${image} is not modeled; answering as a plain HTTP server (200, empty body)`,
    handle: () => ({ status: 200, headers: [['content-length', '0']], body: '' }),
  };
}
