// why? reads a probe's request with curl's own parser, and explain decides on that very request:
// for each probe, explain's verdict is what the simulated curl gets for the same command.
import { describe, expect, it } from 'vitest';
import { probeArgv, probeLine, probeRequest } from '../../src/ui/probe-request.js';
import { initialState } from '../../src/engine/advance.js';
import { tokenize } from '../../src/lesson/tokenize.js';
import { parseCurlArgs } from '../../src/http/curl-args.js';
import { curlMethod, flagsRequest, type CurlRequest } from '../../src/http/curl-request.js';
import { explainCurl, explainRequest, findPod } from '../../src/sim/net/explain-request.js';
import { fileView } from '../../src/sim/net/file-view.js';
import { runCurl } from '../../src/sim/net/curl.js';
import type { ProcessOrigin } from '../../src/sim/types.js';
import { deployment, object } from '../sim/net/objects.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const NOW = Date.parse('2026-11-24T08:00:00Z');

const argvOf = (line: string): string[] => {
  const t = tokenize(line);
  if (!t.ok) throw new Error(`cannot tokenize ${line}`);
  return t.argv;
};
/** The curl words of a probe line: after `--` for kubectl exec, else all but `curl`. */
const curlWords = (argv: readonly string[]) => argv.slice(argv.indexOf('curl') + 1);

const cluster = [
  object('v1', 'Service', 'foo', 'httpbin', {
    selector: { app: 'httpbin' },
    ports: [{ name: 'http', port: 8000, targetPort: 8080 }],
  }),
  deployment('foo', 'httpbin', 'docker.io/mccutchen/go-httpbin:v2.15.0'),
  deployment('foo', 'sleep', 'curlimages/curl:8.16.0'),
  deployment('legacy', 'sleep', 'curlimages/curl:8.16.0', false),
  // A token, when sent, must be valid; GET is open, any other method needs x-team: blue.
  object('security.istio.io/v1', 'RequestAuthentication', 'foo', 'jwt', {
    selector: { matchLabels: { app: 'httpbin' } },
    jwtRules: [
      {
        issuer: 'testing@secure.istio.io',
        jwksUri: 'https://raw.githubusercontent.com/istio/istio/release-1.24/security/tools/jwt/samples/jwks.json',
      },
    ],
  }),
  object('security.istio.io/v1', 'AuthorizationPolicy', 'foo', 'writers', {
    selector: { matchLabels: { app: 'httpbin' } },
    rules: [
      { to: [{ operation: { methods: ['GET'] } }] },
      { when: [{ key: 'request.headers[x-team]', values: ['blue'] }] },
    ],
  }),
  // An HTTPS server on the ingress gateway whose Secret is missing: the handshake fails.
  object('networking.istio.io/v1', 'Gateway', 'ingress', 'books-gateway', {
    selector: { istio: 'ingressgateway' },
    servers: [
      {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        tls: { mode: 'SIMPLE', credentialName: 'books-credential' },
        hosts: ['minikube.me'],
      },
    ],
  }),
];
const view = fileView(cluster, [], { now: NOW }).view;

function originOf(r: CurlRequest): ProcessOrigin {
  if (r.from.kind === 'outside') return { kind: 'host' };
  const pod = findPod(view, r.from.namespace, r.from.name);
  if (!pod) throw new Error(`no pod ${r.from.namespace}/${r.from.name}`);
  return { kind: 'pod', pod, container: r.from.name };
}
/** What the simulated curl gets for the probe's curl words: `HTTP CODE` or `exit N`. */
function simulated(r: CurlRequest, words: readonly string[]): string {
  const res = runCurl(originOf(r), ['curl', ...words, '-o', '/dev/null', '-w', '%{http_code}'], view);
  return res.exitCode === 0 ? `HTTP ${res.stdout}` : `exit ${res.exitCode}`;
}
/** What explain says curl sees, in the same words. */
function explained(r: CurlRequest): string {
  const e = explainCurl(view, r);
  if (!e.ok) throw new Error(e.error);
  const m = /curl sees: (?:HTTP\/[\d.]+ (\d+)|exit (\d+))/.exec(e.text);
  return m?.[1] ? `HTTP ${m[1]}` : `exit ${m?.[2]}`;
}

describe('probeRequest (for why?): the probe read by curl’s own parser', () => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    [
      'client, method and headers from a kubectl exec curl probe',
      `kubectl exec deploy/sleep -n foo -c sleep -- curl -s -o /dev/null -w '%{http_code}' -X POST -H 'x-team: red' http://httpbin.foo:8000/post`,
      { method: 'POST', headers: ['x-team: red'], output: '/dev/null', writeOut: '%{http_code}' },
      'HTTP 403',
    ],
    [
      'combined short flags with a value: -sSo /dev/null',
      `kubectl exec deploy/sleep -n foo -- curl -sSo /dev/null http://httpbin.foo:8000/get`,
      { silent: true, showError: true, output: '/dev/null' },
      'HTTP 200',
    ],
    [
      '--header=NAME:VALUE and --data-raw (a POST)',
      `kubectl exec deploy/sleep -n foo -- curl -s --header=x-team:blue --data-raw 'a=1' http://httpbin.foo:8000/post`,
      { headers: ['x-team:blue'], data: 'a=1' },
      'HTTP 200',
    ],
    [
      '--data-raw alone is a POST too, which the policy refuses',
      `kubectl exec --namespace=foo pod/sleep -- curl -s --data-raw 'a=1' http://httpbin.foo:8000/post`,
      { data: 'a=1' },
      'HTTP 403',
    ],
    [
      '-H with a JWT',
      `kubectl exec deploy/sleep -n foo -- curl -s -H "Authorization: Bearer ${JWT}" http://httpbin.foo:8000/headers`,
      { headers: [`Authorization: Bearer ${JWT}`] },
      'HTTP 401',
    ],
    [
      'a client without a sidecar',
      `kubectl exec deploy/sleep -n legacy -- curl -s http://httpbin.foo:8000/ip`,
      {},
      'HTTP 200',
    ],
    [
      'a bare curl from outside, with --resolve',
      `curl -sk --resolve minikube.me:30443:192.168.49.2 https://minikube.me:30443/books/1`,
      { insecure: true, resolve: ['minikube.me:30443:192.168.49.2'] },
      'exit 35',
    ],
  ];

  it.each(cases)('%s', (_, line, fields, outcome) => {
    const argv = argvOf(line);
    const r = probeRequest(argv);
    expect(r).toBeDefined();
    // One parser: exactly the options the simulated curl reads from these words.
    const sim = parseCurlArgs(curlWords(argv));
    expect(sim.ok && r?.curl).toEqual(sim.ok ? sim.options : 'parsed');
    expect(r?.curl).toMatchObject(fields);
    // One request: explain's verdict on it is what the simulated curl gets for the same words.
    expect(explained(r!)).toBe(outcome);
    expect(simulated(r!, curlWords(argv))).toBe(outcome);
  });

  it('names the client: NS/NAME of kubectl exec, else outside', () => {
    expect(
      probeRequest(argvOf('kubectl exec deploy/sleep -n mtls -c sleep -- curl -s http://books.mtls:4000/'))?.from,
    ).toEqual({ kind: 'workload', namespace: 'mtls', name: 'sleep' });
    expect(probeRequest(argvOf('kubectl --context mk exec sleep-0 -- curl http://books:4000/'))?.from).toEqual({
      kind: 'workload',
      namespace: 'default',
      name: 'sleep-0',
    });
    expect(probeRequest(argvOf('curl -sk https://minikube.me:31443/books'))).toMatchObject({
      from: { kind: 'outside' },
      curl: { urls: ['https://minikube.me:31443/books'], headers: [] },
    });
  });

  it('other probes, and curl lines that are not one request, have nothing to explain', () => {
    expect(probeRequest(argvOf('kubectl get pods -n mtls'))).toBeUndefined();
    expect(probeRequest(argvOf('kubectl exec deploy/sleep -n mtls curl http://x'))).toBeUndefined();
    expect(probeRequest(argvOf('kubectl exec deploy/sleep -- wget -qO- http://x'))).toBeUndefined();
    expect(probeRequest(argvOf('curl -s'))).toBeUndefined();
    expect(probeRequest(argvOf('curl http://a http://b'))).toBeUndefined();
    expect(probeRequest(argvOf('curl --no-such-flag http://a'))).toBeUndefined();
  });

  it("meshwalk explain's flags make the same request as the probe's curl words", () => {
    const from = { kind: 'workload' as const, namespace: 'foo', name: 'sleep' };
    const probe = probeRequest(
      argvOf(`kubectl exec deploy/sleep -n foo -- curl -X post -H 'x-team: blue' http://httpbin.foo:8000/post`),
    )!;
    const flags = flagsRequest(from, {
      url: 'http://httpbin.foo:8000/post',
      method: 'post',
      headers: ['x-team: blue'],
    });
    expect(flags.from).toEqual(probe.from);
    expect(flags.curl.urls).toEqual(probe.curl.urls);
    expect(flags.curl.headers).toEqual(probe.curl.headers);
    expect(curlMethod(flags.curl)).toBe('POST');
    expect(explained(flags)).toBe('HTTP 200');
    // --token is the Authorization header curl would send.
    const token = explainRequest(view, { from, url: 'http://httpbin.foo:8000/headers', token: JWT });
    expect(token.ok && token.text).toContain('rejected: Jwt issuer is not configured (401)');
  });
});

describe('the probe of the current step', () => {
  it('explains the request with the real token, not the one shown', () => {
    const state = initialState(
      {
        id: 'jwt',
        title: 'JWT',
        summary: 's',
        istio: ['1.24'],
        vars: { TOKEN: JWT },
        steps: [
          {
            id: 'a',
            title: 'A',
            verify: {
              run: `kubectl exec deploy/sleep -n jwt -- curl -s -H "Authorization: Bearer {{TOKEN}}" http://books.jwt:4000/`,
              expect: { status: 200 },
            },
          },
        ],
      },
      { mode: 'learn', displayArgv: (argv) => ['kubectl', '--context', 'mk', ...argv.slice(1)] },
    );
    const r = probeRequest(probeArgv(state) ?? []);
    expect(r?.from).toEqual({ kind: 'workload', namespace: 'jwt', name: 'sleep' });
    expect(r?.curl).toMatchObject({ urls: ['http://books.jwt:4000/'], headers: [`Authorization: Bearer ${JWT}`] });
    expect(probeLine(state)).toBe(
      `kubectl exec deploy/sleep -n jwt -- curl -s -H 'Authorization: Bearer ${JWT}' http://books.jwt:4000/`,
    );
  });
});
