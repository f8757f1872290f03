/**
 * JWKS documents the simulated network serves by URL, as Istio's sample tasks point `jwksUri` at
 * them; the pure mesh core gets them only through `jwksForUri` (jwks-resolver.ts).
 * Istio's security/tools/jwt/samples/jwks.json (the key behind demo.jwt and groups-scope.jwt)
 * is public test material; meshwalk's own demo key is lessons/keys/demo-jwks.json.
 */
import demoJwks from '../../../lessons/keys/demo-jwks.json' with { type: 'json' };

export const ISTIO_SAMPLE_JWKS = JSON.stringify({
  keys: [
    {
      e: 'AQAB',
      kid: 'DHFbpoIUqrY8t2zpA2qXfCmr5VO5ZEr4RzHU_-envvQ',
      kty: 'RSA',
      n: 'xAE7eB6qugXyCAG3yhh7pkDkT65pHymX-P7KfIupjf59vsdo91bSP9C8H07pSAGQO1MV_xFj9VswgsCg4R6otmg5PV2He95lZdHtOcU5DXIg_pbhLdKXbi66GlVeK6ABZOUW3WYtnNHD-91gVuoeJT_DwtGGcp4ignkgXfkiEm4sw-4sfb4qdt5oLbyVpmW6x9cfa7vs2WTfURiCrBoUqgBo_-4WTiULmmHSGZHOjzwa8WtrtOQGsAFjIbno85jp6MnGGGZPYZbDAa_b3y5u-YpW7ypZrvD8BgtKVjgtQgZhLAGezMt0ua3DRrWnKqTZ0BJ_EyxOGuHJrLsn00fnMQ',
    },
  ],
});

export const DEMO_JWKS = JSON.stringify(demoJwks);

/** The JWKS for a well-known URL, or undefined. */
export function knownJwks(uri: string): string | undefined {
  // raw.githubusercontent.com/istio/istio/<ref>/security/tools/jwt/samples/jwks.json, any ref.
  if (/\/istio\/istio\/[^/]+(?:\/[^/]+)*\/security\/tools\/jwt\/samples\/jwks\.json$/.test(uri))
    return ISTIO_SAMPLE_JWKS;
  if (/(?:^|\/)demo-jwks\.json$/.test(uri)) return DEMO_JWKS;
  return undefined;
}
