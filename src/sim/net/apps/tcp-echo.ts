/**
 * Istio's samples/tcp-echo (istio/tcp-echo-server, samples/tcp-echo/src/main.go): listens on the
 * comma-separated ports of its first argument and answers each newline-terminated line with
 * `PREFIX LINE` (fmt.Sprintf("%s %s", prefix, line)); a last line without a newline gets no answer
 * (bufio ReadBytes returns it with io.EOF and the handler closes the connection).
 */
import { NotSimulated } from '../not-simulated.js';
import type { App } from './app.js';

export function tcpEchoApp(args: readonly string[]): App {
  const ports = (args[0] ?? '9000')
    .split(',')
    .map(Number)
    .filter((p) => p > 0);
  const prefix = args[1] ?? '';
  return {
    name: 'tcp-echo',
    ports,
    handle() {
      // An HTTP request line would come back prefixed, which curl rejects as HTTP/0.9: not modelled.
      throw new NotSimulated('an HTTP request to tcp-echo is not simulated (it echoes raw TCP lines; use nc)');
    },
    tcp(input) {
      const lines = input.split('\n');
      lines.pop();
      return lines.map((line) => `${prefix} ${line}\n`).join('');
    },
  };
}
