/**
 * The mesh configuration the network decides against, with what only the cluster can resolve:
 * JWKS fetched from workloads, the mesh config's extension providers and their authorizers.
 */
import type { ClusterView } from '../types.js';
import { compileMesh, type MeshConfig } from '../mesh/index.js';
import { meshSettings, meshText } from '../proxy/mesh-settings.js';
import { jwksResolver } from './jwks-resolver.js';
import { extAuthzServer } from './ext-authz-server.js';

export function meshOf(view: ClusterView): MeshConfig {
  return compileMesh(view, {
    jwksForUri: jwksResolver(view),
    extensionProviders: meshSettings(meshText(view)).extensionProviders,
    extAuthzServer: extAuthzServer(view),
  });
}
