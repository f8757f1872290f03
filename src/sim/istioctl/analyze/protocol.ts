/**
 * The protocol Istio infers for a Service port (pkg/config/kube/conversion.go ConvertProtocol with
 * pkg/config/protocol/instance.go Parse): UDP, else appProtocol or the name's prefix before "-", TCP for a
 * few well-known ports; undefined where Istio answers UnsupportedProtocol.
 */
const KNOWN: Record<string, string> = {
  tcp: 'TCP',
  udp: 'UDP',
  grpc: 'GRPC',
  'grpc-web': 'GRPC-Web',
  http: 'HTTP',
  http_proxy: 'HTTP_PROXY',
  http2: 'HTTP2',
  https: 'HTTPS',
  tls: 'TLS',
  mongo: 'Mongo',
  redis: 'Redis',
  mysql: 'MySQL',
};
const APP_PROTOCOLS: Record<string, string> = {
  'kubernetes.io/h2c': 'HTTP2',
  'kubernetes.io/ws': 'HTTP',
  'kubernetes.io/wss': 'HTTPS',
};
/** SMTP, DNS, MySQL, MongoDB. */
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);

export function portProtocol(port: number, name: string, protocol?: string, appProtocol?: string): string | undefined {
  if (protocol === 'UDP') return 'UDP';
  const label = appProtocol ?? name;
  const standard = appProtocol === undefined ? undefined : APP_PROTOCOLS[appProtocol];
  if (standard) return standard;
  if (label.slice(0, 8).toLowerCase() === 'grpc-web') return 'GRPC-Web';
  const dash = label.indexOf('-');
  const p = KNOWN[(dash >= 0 ? label.slice(0, dash) : label).toLowerCase()];
  if (p === undefined && WELL_KNOWN_PORTS.has(port)) return 'TCP';
  return p;
}
