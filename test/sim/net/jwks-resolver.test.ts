// The demo JWKS is served by the simulated network: the pure mesh core knows no JWKS by URL and
// gets each one through `jwksForUri`.
import { describe, expect, it } from 'vitest';
import { compileMesh, objectView } from '../../../src/sim/mesh/index.js';
import { jwksResolver } from '../../../src/sim/net/jwks-resolver.js';
import { DEMO_JWKS, ISTIO_SAMPLE_JWKS } from '../../../src/sim/net/known-jwks.js';

const DEMO_URI = 'https://raw.githubusercontent.com/meshwalk/meshwalk/main/lessons/keys/demo-jwks.json';
const SAMPLE_URI = 'https://raw.githubusercontent.com/istio/istio/release-1.24/security/tools/jwt/samples/jwks.json';

describe('the JWKS the simulated network serves', () => {
  const view = objectView([]);

  it("serves meshwalk's demo key and Istio's sample key by URL, and nothing else", () => {
    const resolve = jwksResolver(view);
    expect(JSON.parse(resolve(DEMO_URI) ?? '{}')).toEqual(JSON.parse(DEMO_JWKS));
    expect(resolve(SAMPLE_URI)).toBe(ISTIO_SAMPLE_JWKS);
    expect(resolve('https://example.test/other.json')).toBeUndefined();
  });

  it('reaches the mesh core only through jwksForUri', () => {
    expect(compileMesh(view).jwksForUri(DEMO_URI)).toBeUndefined();
    expect(compileMesh(view, { jwksForUri: jwksResolver(view) }).jwksForUri(DEMO_URI)).toBe(DEMO_JWKS);
  });
});
