/**
 * nginx (the docker.io `nginx` image). Without a mounted configuration it is the image's default
 * server on port 80; with a ConfigMap'd /etc/nginx/nginx.conf (istio.io's ingress-sni-passthrough
 * task) it listens where the `server` blocks say, with TLS on `listen N ssl` ports serving the
 * PEM file `ssl_certificate` names (read from the pod's Secret volume). nginx only speaks
 * HTTP/1.1 there unless `http2` is on. A configuration the model cannot follow is refused.
 */
import type { PodFiles } from '../../shell/pod-files.js';
import { text, type App } from './app.js';
import { NotSimulated } from '../not-simulated.js';

const VERSION = 'nginx/1.27.3';

const WELCOME =
  '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n';

const NOT_FOUND = `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>${VERSION}</center>\r\n</body>\r\n</html>\r\n`;

/** The image's own document root and index: the only files of it the model knows. */
const IMAGE_ROOT = '/usr/share/nginx/html';

/** Directives that change nothing a client of the model sees (logs, formats, workers). */
const QUIET = new Set([
  'log_format',
  'access_log',
  'error_log',
  'worker_processes',
  'pid',
  'sendfile',
  'keepalive_timeout',
  'server_name',
  'ssl_protocols',
  'ssl_ciphers',
  'default_type',
]);

export interface NginxServer {
  port: number;
  /** Path of `ssl_certificate` when the port is `listen … ssl`. */
  certPath?: string;
  keyPath?: string;
  root: string;
}

function handle(path: string, root: string) {
  const p = path.split('?')[0];
  const r =
    root === IMAGE_ROOT && (p === '/' || p === '/index.html')
      ? text(200, WELCOME, 'text/html')
      : text(404, NOT_FOUND, 'text/html');
  return { ...r, headers: [['server', VERSION], ...r.headers] as [string, string][] };
}

export const nginxApp: App = { name: 'nginx', ports: [80], handle: (req) => handle(req.path, IMAGE_ROOT) };

/** The `server` blocks of an nginx.conf, or why the model cannot follow it. */
export function parseNginxConf(conf: string): NginxServer[] | { unsupported: string } {
  const words = conf.replace(/#[^\n]*/g, '').match(/'[^']*'|"[^"]*"|[{};]|[^\s{};]+/g) ?? [];
  const servers: NginxServer[] = [];
  const stack: string[] = [];
  let stmt: string[] = [];
  let cur: (NginxServer & { ssl: boolean; listens: { port: number; ssl: boolean }[] }) | undefined;
  for (const w of words) {
    if (w === '{') {
      const block = stmt[0] ?? '';
      if (!['events', 'http', 'server'].includes(block)) return { unsupported: `the nginx block \`${block}\`` };
      if (block === 'server') cur = { port: 0, root: '/etc/nginx/html', ssl: false, listens: [] };
      stack.push(block);
      stmt = [];
    } else if (w === '}') {
      if (stack.pop() === 'server' && cur) {
        for (const l of cur.listens)
          servers.push({
            port: l.port,
            root: cur.root,
            ...(l.ssl ? { certPath: cur.certPath, keyPath: cur.keyPath } : {}),
          });
        cur = undefined;
      }
      stmt = [];
    } else if (w === ';') {
      const [name = '', ...args] = stmt.map((s) => s.replace(/^['"]|['"]$/g, ''));
      stmt = [];
      if (stack.at(-1) !== 'server' || !cur) {
        if (!QUIET.has(name)) return { unsupported: `the nginx directive \`${name}\`` };
        continue;
      }
      if (name === 'listen') {
        const port = Number(/(\d+)$/.exec(args[0] ?? '')?.[1]);
        if (!port || args.slice(1).some((a) => a !== 'ssl')) return { unsupported: `listen ${args.join(' ')}` };
        cur.listens.push({ port, ssl: args.includes('ssl') });
      } else if (name === 'root') cur.root = args[0] ?? '';
      else if (name === 'ssl_certificate') cur.certPath = args[0];
      else if (name === 'ssl_certificate_key') cur.keyPath = args[0];
      else if (name === 'index') {
        if (args.join(' ') !== 'index.html') return { unsupported: `index ${args.join(' ')}` };
      } else if (!QUIET.has(name)) return { unsupported: `the nginx directive \`${name}\`` };
    } else stmt.push(w);
  }
  return servers;
}

/**
 * nginx as configured by the files of its container: the default server when /etc/nginx is the
 * image's own, else the servers of the mounted nginx.conf with their certificates.
 */
export function nginxFrom(files: PodFiles): App {
  const conf = files.read('/etc/nginx/nginx.conf');
  if (!('text' in conf)) return nginxApp;
  const parsed = parseNginxConf(conf.text);
  if ('unsupported' in parsed) return refusing(`nginx with ${parsed.unsupported} in its nginx.conf`);
  const tls: Record<number, string> = {};
  for (const s of parsed) {
    if (s.certPath === undefined) continue;
    const cert = files.read(s.certPath);
    const key = files.read(s.keyPath ?? '');
    // nginx exits at start ("cannot load certificate"): the container would crash-loop.
    if (!('text' in cert) || !('text' in key))
      return refusing(`nginx whose ssl_certificate ${s.certPath} or key cannot be read (it would not start)`);
    tls[s.port] = cert.text;
  }
  // Only the image's own document root is known (its index.html).
  const other = parsed.find((s) => s.root !== IMAGE_ROOT);
  if (other) return refusing(`nginx serving files from ${other.root}`);
  return { name: 'nginx', ports: parsed.map((s) => s.port), tls, handle: (req) => handle(req.path, IMAGE_ROOT) };
}

function refusing(what: string): never {
  throw new NotSimulated(`${what} is not simulated`);
}
