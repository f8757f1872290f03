/**
 * The loggers Envoy registers (ALL_LOGGER_IDS in envoyproxy/envoy source/common/common/logger.h,
 * from one recent Envoy release), in registry order, which is the order Envoy's /logging endpoint
 * lists them. Each Envoy release adds or drops a few names; this one list stands for the Envoy of
 * every Istio release modelled. Istio's sidecars and gateways start at `warning` with `misc: error`
 * (values.global.proxy.logLevel and componentLogLevel "misc:error", istio-discovery values.yaml).
 */
export const ENVOY_LOGGERS = [
  'admin',
  'alternate_protocols_cache',
  'aws',
  'assert',
  'backtrace',
  'basic_auth',
  'cache_filter',
  'client',
  'config',
  'connection',
  'conn_handler',
  'decompression',
  'dns',
  'dubbo',
  'envoy_bug',
  'ext_authz',
  'ext_proc',
  'rocketmq',
  'file',
  'filter',
  'forward_proxy',
  'geolocation',
  'grpc',
  'happy_eyeballs',
  'hc',
  'health_checker',
  'http',
  'http2',
  'hystrix',
  'init',
  'io',
  'jwt',
  'kafka',
  'key_value_store',
  'lua',
  'main',
  'matcher',
  'misc',
  'mongo',
  'multi_connection',
  'oauth2',
  'quic',
  'quic_stream',
  'pool',
  'rate_limit_quota',
  'rbac',
  'rds',
  'redis',
  'router',
  'runtime',
  'stats',
  'secret',
  'tap',
  'testing',
  'thrift',
  'tracing',
  'upstream',
  'udp',
  'wasm',
  'websocket',
  'golang',
] as const;

/** A proxy's levels at start. */
export function defaultLevels(): Record<string, string> {
  return Object.fromEntries(ENVOY_LOGGERS.map((l) => [l, l === 'misc' ? 'error' : 'warning']));
}

/** Envoy's /logging reply. */
export function activeLoggers(levels: Readonly<Record<string, string>>): string {
  return `active loggers:\n${ENVOY_LOGGERS.map((l) => `  ${l}: ${levels[l] ?? 'warning'}\n`).join('')}`;
}
