/**
 * curl on the learner's machine reads --cacert relative to the folder the command runs in (a
 * lesson's work folder), not the folder meshwalk was started from.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { httpsGateway } from './https-gateway.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('host curl --cacert FILE', () => {
  it('reads FILE from the command’s folder', async () => {
    const { sim, work, url, resolve } = await httpsGateway(dirs);
    expect(process.cwd()).not.toBe(work);
    const trusted = await sim([
      'curl',
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '--cacert',
      'tls.crt',
      '--resolve',
      resolve,
      url,
    ]);
    expect(trusted).toMatchObject({ stdout: '404', exitCode: 0 });
    const missing = await sim(['curl', '-sS', '--cacert', 'other.crt', '--resolve', resolve, url]);
    expect(missing.exitCode).toBe(77);
  });
});
