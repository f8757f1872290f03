// The command allow-list on its own: written words in, verdict (code, word) out.
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/lesson/command-policy/index.js';
import { tokenize } from '../../src/lesson/tokenize.js';

function words(line: string): string[] {
  const t = tokenize(line);
  if (!t.ok) throw new Error(t.message);
  return t.argv;
}

/** The verdict for a line as written (lint), as `ok` or `code@word`. */
function written(line: string): string {
  const v = checkCommand({ argv: words(line), template: words(line) });
  return v.ok ? 'ok' : `${v.code}@${v.word}`;
}

/** The verdict for a line rendered with `vars` (run time). */
function rendered(line: string, vars: Record<string, string>): string {
  const template = words(line);
  const argv = template.map((w) => w.replace(/\{\{([A-Z_]+)\}\}/g, (_m, n: string) => vars[n] ?? ''));
  const v = checkCommand({ argv, template });
  return v.ok ? 'ok' : `${v.code}@${v.word}`;
}

describe('checkCommand', () => {
  it.each([
    'kubectl apply -f manifests/apps/books-api.yaml -n intro',
    'kubectl -n istio-system get service istio-ingressgateway -o jsonpath={.spec.ports}',
    'kubectl exec deploy/sleep -n intro -c sleep -- curl -s --server http://books.intro:4000/books/1',
    'kubectl exec -it deploy/sleep -- sh',
    'kubectl create -n istio-system secret tls books-credential --key tls.key --cert tls.crt',
    'kubectl apply -f -',
    'kubectl get pods --request-timeout=5s -v=6',
    'istioctl x wait --for=distribution VirtualService books.ingress',
    'istioctl kube-inject -f manifests/apps/sleep.yaml -o injected.yaml',
    'curl -sS -o /dev/null -w "%{http_code}" -k --resolve a:443:1.2.3.4 https://a/books/1',
    'openssl req -x509 -sha256 -nodes -days 365 -newkey rsa:2048 -keyout tls.key -out tls.crt -subj /CN=x',
    'openssl x509 --enddate -noout -in=tls.crt',
    'meshwalk token --sub bob --claim groups=admins --expires-in 24h',
    'meshwalk explain --from intro/sleep --to http://books.intro:4000/ -H "x: y"',
    'minikube ip',
  ])('allows %s', (line) => {
    expect(written(line)).toBe('ok');
  });

  it.each([
    ['rm -rf /', 'command-not-allowed@0'],
    ['./kubectl get pods', 'command-not-allowed@0'],
    ['bash -c "kubectl get pods"', 'command-not-allowed@0'],
    ['kubectl config use-context prod', 'command-not-allowed@1'],
    ['kubectl cp pod:/x ../x', 'command-not-allowed@1'],
    ['kubectl proxy', 'command-not-allowed@1'],
    ['kubectl --context=prod get pods', 'flag-not-allowed@1'],
    ['kubectl get pods --server https://x', 'flag-not-allowed@3'],
    ['kubectl get pods -ns x', 'ok'], // -n swallows "s": namespace "s", as pflag reads it
    ['kubectl get pods -sx', 'flag-not-allowed@3'],
    ['kubectl get pods --insecure-skip-tls-verify', 'flag-not-allowed@3'],
    ['kubectl get pods --as-group=system:masters', 'flag-not-allowed@3'],
    ['kubectl get pods --as_group=system:masters', 'flag-not-allowed@3'],
    ['kubectl get pods --insecure_skip_tls_verify', 'flag-not-allowed@3'],
    ['kubectl create configmap c --from_file /etc/passwd', 'path-outside-lesson@5'],
    ['kubectl get pods --client-key=k.pem', 'flag-not-allowed@3'],
    ['kubectl get pods --cache-dir=/tmp/x', 'flag-not-allowed@3'],
    ['kubectl get pods --profile=cpu --profile-output=/tmp/p', 'flag-not-allowed@3'],
    ['kubectl get pods -n --server=https://x', 'flag-not-allowed@4'],
    ['kubectl apply -k manifests/', 'flag-not-allowed@2'],
    ['kubectl create -f manifests/x.yaml --edit', 'flag-not-allowed@4'],
    ['kubectl apply edit-last-applied deploy/x', 'command-not-allowed@2'],
    ['kubectl patch deploy x --patch-file=/etc/passwd', 'path-outside-lesson@4'],
    ['istioctl proxy-config secret --file /etc/passwd', 'path-outside-lesson@4'],
    ['kubectl get pods -o go-template-file=/etc/passwd', 'flag-not-allowed@3'],
    ['kubectl apply -f https://example.com/x.yaml', 'path-outside-lesson@3'],
    ['kubectl apply -fmanifests/../../x.yaml', 'path-outside-lesson@2'],
    ['kubectl apply -f manifests/ok.yaml,/etc/passwd', 'path-outside-lesson@3'],
    ['kubectl create configmap c --from-file=a=manifests/a,b=../b', 'path-outside-lesson@4'],
    ['kubectl apply -f \'"manifests/a,b"\'', 'path-outside-lesson@3'],
    ['kubectl create secret generic s --from-env-file=~/.env', 'path-outside-lesson@5'],
    ['istioctl -c /tmp/k version', 'flag-not-allowed@1'],
    ['istioctl --context prod proxy-status', 'flag-not-allowed@1'],
    ['istioctl install -y', 'command-not-allowed@1'],
    ['istioctl x precheck', 'command-not-allowed@2'],
    ['istioctl kube-inject -f x.yaml -o ../x.yaml', 'path-outside-lesson@5'],
    ['curl -K /etc/curlrc http://x', 'flag-not-allowed@1'],
    ['curl -T tls.key http://x', 'flag-not-allowed@1'],
    ['curl -d @tls.key http://x', 'flag-not-allowed@2'],
    ['curl -sko /tmp/x http://x', 'path-outside-lesson@2'],
    ['curl file:///etc/passwd', 'flag-not-allowed@1'],
    ['openssl req -provider legacy', 'flag-not-allowed@2'],
    ['openssl req -provider-path ./manifests', 'flag-not-allowed@2'],
    ['openssl req -rand /etc/passwd', 'flag-not-allowed@2'],
    ['openssl req -config manifests/openssl.cnf', 'flag-not-allowed@2'],
    ['openssl req -newkey dsa:/etc/params', 'flag-not-allowed@3'],
    ['openssl x509 -in file:/etc/passwd', 'path-outside-lesson@3'],
    ['openssl x509 -out manifests/../../x', 'path-outside-lesson@3'],
    ['openssl genrsa -out k.pem', 'command-not-allowed@1'],
    ['meshwalk reset ingress-https', 'command-not-allowed@1'],
    ['meshwalk setup', 'command-not-allowed@1'],
    ['meshwalk --cluster current', 'command-not-allowed@1'],
    ['meshwalk explain --from outside --to http://x --state /tmp/other', 'flag-not-allowed@6'],
    ['meshwalk explain --from outside --to http://x --cluster current', 'flag-not-allowed@6'],
    ['meshwalk token --lessons x', 'flag-not-allowed@2'],
    ['minikube delete', 'command-not-allowed@1'],
    ['minikube ssh -- rm -rf /', 'command-not-allowed@1'],
    ['minikube ip -p prod', 'flag-not-allowed@2'],
  ])('%s → %s', (line, verdict) => {
    expect(written(line)).toBe(verdict);
  });

  it('reads a substituted value as data: a flag only where the lesson wrote one', () => {
    expect(rendered('kubectl delete pod {{V}}', { V: '--all' })).toBe('value-as-flag@3');
    expect(rendered('kubectl get pods -n {{V}}', { V: '-s' })).toBe('value-as-flag@4');
    expect(rendered('kubectl get pods {{V}}x', { V: '--server=https://x/' })).toBe('value-as-flag@3');
    expect(rendered('{{P}} get pods', { P: 'kubectl' })).toBe('command-not-allowed@0');
    expect(rendered('kubectl {{VERB}} pods', { VERB: 'get' })).toBe('command-not-allowed@1');
    expect(rendered('kubectl get pods -l app={{V}}', { V: '-x' })).toBe('ok');
    expect(rendered('kubectl get pods --selector={{V}}', { V: '--server=x' })).toBe('ok');
    expect(rendered('kubectl exec deploy/sleep -- echo {{V}}', { V: '--server=x' })).toBe('ok');
    expect(rendered('kubectl apply -f {{P}}', { P: '../../etc/passwd' })).toBe('path-outside-lesson@3');
    expect(rendered('openssl req -x509 -keyout {{OUT}}', { OUT: '/tmp/x' })).toBe('path-outside-lesson@4');
  });

  it('at lint time judges what is written around a {{VAR}} in a path', () => {
    expect(written('kubectl apply -f {{P}}')).toBe('ok');
    expect(written('kubectl apply -f /{{P}}')).toBe('path-outside-lesson@3');
    expect(written('kubectl apply -f {{P}}/../x')).toBe('path-outside-lesson@3');
  });
});
