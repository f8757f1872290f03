/**
 * The dashboard's files as the room server serves them, read without a browser: the same text as
 * the files in src/room/dashboard/page, nothing fetched from outside the room server, and nothing
 * the page's CSP (`script-src 'self'; style-src 'self'`, no inline code or styles) would refuse.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { dashboardAssets } from '../../src/room/dashboard/assets.js';

const PAGE = new URL('../../src/room/dashboard/page/', import.meta.url);
const assets = Object.entries(dashboardAssets);
const scripts = assets.filter(([path]) => path.endsWith('.js'));

/** The text without comments, so a URL in an explanation does not count, nor hide one in code. */
function withoutComments(path: string, body: string): string {
  if (path.endsWith('.html')) return body.replace(/<!--[\s\S]*?-->/g, '');
  if (path.endsWith('.svg')) return body.replace(/ xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, '');
  const blocks = body.replace(/\/\*[\s\S]*?\*\//g, '');
  return path.endsWith('.css') ? blocks : blocks.replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

describe('the dashboard assets', () => {
  test('are exactly the files in page/, served with their types, and / is index.html', () => {
    const files = readdirSync(PAGE).sort();
    expect(assets.map(([path]) => path.slice(1)).sort()).toEqual(files);
    for (const [path, asset] of assets) {
      expect(asset.body, path).toBe(readFileSync(new URL(path.slice(1), PAGE), 'utf8'));
    }
    const types = Object.fromEntries(assets.map(([path, a]) => [path.replace(/^.*\./, ''), a.contentType]));
    expect(types).toEqual({
      html: 'text/html; charset=utf-8',
      css: 'text/css; charset=utf-8',
      js: 'text/javascript; charset=utf-8',
      svg: 'image/svg+xml',
    });
  });

  test.each(assets)('%s names no other origin', (path, asset) => {
    const code = withoutComments(path, asset.body);
    expect(code).not.toMatch(/https?:/i);
    expect(code).not.toMatch(/\/\//);
    if (path.endsWith('.css')) expect(code).not.toMatch(/@import|url\(/i);
  });

  test('every module a script imports is served', () => {
    for (const [path, asset] of scripts) {
      for (const [, target] of asset.body.matchAll(/(?:import|from)\s*['"]\.\/([^'"]+)['"]/g)) {
        expect(dashboardAssets[`/${target}`], `${path} imports ./${target}`).toBeDefined();
      }
    }
  });

  test('the scripts never turn text into markup or code', () => {
    for (const [path, asset] of scripts) {
      const code = withoutComments(path, asset.body);
      expect(code, path).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
      expect(code, path).not.toMatch(/\beval\s*\(|new Function|setTimeout\(\s*['"`]/);
      expect(code, path).not.toMatch(/['"]style['"]|\bstyle:/);
    }
  });

  test('index.html has no inline script, style or handler, and loads only its own files', () => {
    const html = withoutComments('/index.html', dashboardAssets['/index.html']!.body);
    const scriptTags = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scriptTags.map(([, attrs, body]) => [attrs?.trim(), body])).toEqual([
      ['type="module" src="/dashboard.js"', ''],
    ]);
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    const referenced = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map(([, ref]) => ref ?? '');
    expect(referenced.sort()).toEqual(['/dashboard.css', '/dashboard.js', '/favicon.svg']);
    for (const ref of referenced) expect(dashboardAssets[ref]).toBeDefined();
  });
});
