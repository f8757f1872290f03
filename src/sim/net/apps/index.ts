/**
 * Picks the application model for a pod from its container image (and, for the books API, its
 * command or ConfigMap, for nginx its mounted nginx.conf). Client images (curl, sleep, busybox) run no server.
 */
import type { ClusterView } from '../../types.js';
import type { K8sObject } from '../../../kube/object.js';
import { appContainer } from '../cluster-index.js';
import type { App } from './app.js';
import { httpbin } from './httpbin.js';
import { booksApp } from './books.js';
import { guessedApp, helloworldApp } from './others.js';
import { nginxApp, nginxFrom } from './nginx.js';
import { containerFiles } from '../../shell/container-files.js';
import { tcpEchoApp } from './tcp-echo.js';
import { detailsApp, productpageApp, ratingsApp, reviewsApp } from './bookinfo.js';

export type { App, AppRequest } from './app.js';

const CLIENT_IMAGES =
  /(^|\/)(curl|sleep|busybox|alpine|netshoot|busyboxplus|proxyv2|ubuntu|debian|fedora)(:|$|@)|curlimages\/|governmentpaas\/curl/;

/** `view`: for apps configured by their volumes (nginx.conf); without it, the image's defaults. */
export function appForPod(pod: K8sObject, view?: ClusterView): App | undefined {
  const c = appContainer(pod);
  if (!c) return undefined;
  const image = String(c.image ?? '');
  const declared = (c.ports ?? []).map((p) => Number(p.containerPort)).filter((p) => p > 0);
  const portOr = (d: number) => (declared.length ? declared : [d]);
  const cmd = [...(Array.isArray(c.command) ? c.command : []), ...(Array.isArray(c.args) ? c.args : [])]
    .map(String)
    .join(' ');
  const volumes = ((pod.spec as { volumes?: { configMap?: { name?: string } }[] } | undefined)?.volumes ?? []).map(
    (v) => v.configMap?.name ?? '',
  );
  if (/go-httpbin/.test(image)) return httpbin('go', portOr(8080), image);
  if (/httpbin/.test(image)) {
    const bind = /0\.0\.0\.0:(\d+)/.exec(cmd);
    return httpbin('python', bind ? [Number(bind[1])] : portOr(80));
  }
  if (
    /books-api/.test(cmd) ||
    volumes.includes('books-api') ||
    (/^(docker\.io\/)?(library\/)?(python|node)(:|$)/.test(image) && pod.metadata.labels?.['app'] === 'books')
  )
    return booksApp;
  if (/examples-bookinfo-productpage/.test(image)) return productpageApp;
  if (/examples-bookinfo-details/.test(image)) return detailsApp;
  if (/examples-bookinfo-ratings/.test(image)) return ratingsApp;
  const reviews = /examples-bookinfo-reviews-(v\d+)/.exec(image);
  if (reviews) return reviewsApp(reviews[1]!, pod.metadata.name);
  if (/(^|\/)nginx(:|$)/.test(image))
    return view ? nginxFrom(containerFiles(pod, String(c.name ?? ''), view, [])) : nginxApp;
  if (/(^|\/)tcp-echo-server(:|@|$)/.test(image)) return tcpEchoApp(Array.isArray(c.args) ? c.args.map(String) : []);
  const hello = /examples-helloworld-(v\d+)/.exec(image);
  if (hello) return helloworldApp(hello[1]!, pod.metadata.name);
  if (CLIENT_IMAGES.test(image) || /sleep|infinity/.test(cmd)) return undefined;
  return guessedApp(image, declared);
}
