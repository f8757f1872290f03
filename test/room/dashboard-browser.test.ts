/**
 * The dashboard end to end in real headless Chromium: the real room server (startRoomServer),
 * the page opened with the key in the fragment, and participants joining and sending events over
 * HTTP as their meshwalk would. Needs Chromium (see chromium.ts); saves a screenshot to
 * test-artifacts/room-dashboard.png.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  BROWSER_REQUIRED,
  NO_CHROMIUM_MESSAGE,
  chromiumFound,
  launchChromium,
  record,
  waitForText,
  type PageRecord,
} from './chromium.js';
import { events, startTestRoom } from './room-server-helpers.js';

const SCRIPT_NAME = '<script>alert(1)</script>';
const STUCK_NAME = 'Zoe <img src=x onerror=alert(2)>';
const LESSON = 'peer-authentication';
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

type TestRoom = Awaited<ReturnType<typeof startTestRoom>>;

if (!chromiumFound) {
  test.skipIf(!BROWSER_REQUIRED)('the dashboard in Chromium against the room server', () => {
    throw new Error(NO_CHROMIUM_MESSAGE);
  });
  if (!BROWSER_REQUIRED) console.warn(`skipped: ${NO_CHROMIUM_MESSAGE}`);
} else {
  describe('the dashboard in Chromium against the room server', () => {
    let browser: Browser;
    let room: TestRoom;
    let page: Page;
    let log: PageRecord;
    const tokens = new Map<string, string>();
    beforeAll(async () => {
      browser = await launchChromium();
      room = await startTestRoom({ stuck: { minutes: 60, failures: 2 } });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      log = record(page);
    });
    afterAll(async () => {
      await browser?.close();
      await room?.server.close();
    });

    /** The row headers (participant names) from top to bottom. */
    const names = () => page.locator('#participants tbody th[scope=row]').allTextContents();
    const rowOf = (name: string) =>
      page.locator('#participants tbody tr', { has: page.getByRole('rowheader', { name, exact: true }) });
    const cellsOf = (name: string) => rowOf(name).locator('td.cell').allTextContents();

    test('shows participants live as they join and send events, stuck ones first, names as text', async () => {
      const opened = await page.goto(`${room.server.url}/#key=${room.server.key}`);
      expect(opened?.headers()['content-security-policy']).toContain("default-src 'none'; script-src 'self'");
      await waitForText(page, '#connection', 'live');
      expect(page.url()).toBe(`${room.server.url}/`);

      for (const name of ['Ada', SCRIPT_NAME, STUCK_NAME]) {
        const { token } = await room.join(name);
        tokens.set(name, token);
        const sent = await room.send(
          token,
          events(LESSON, [{ type: 'lesson-opened' }, { type: 'step-started', step: 'deploy' }]),
        );
        expect(sent.status).toBe(200);
      }
      const [ada, zoe] = [tokens.get('Ada')!, tokens.get(STUCK_NAME)!];
      await page.waitForFunction(() => document.querySelectorAll('#participants tbody th[scope=row]').length === 3);
      expect(await cellsOf('Ada')).toEqual(['running', '—pending']);

      await room.send(
        ada,
        events(
          LESSON,
          [
            { type: 'step-passed', step: 'deploy', attempts: 1, elapsedMs: 42_000 },
            { type: 'step-started', step: 'strict-mtls' },
          ],
          3,
        ),
      );
      await waitForText(page, '#participants tbody', 'passed');
      expect(await cellsOf('Ada')).toEqual(['passed', 'running']);
      expect((await names()).indexOf(STUCK_NAME)).toBeGreaterThan(0);

      const failed = (n: number) => ({
        type: 'step-failed',
        step: 'deploy',
        attempts: n,
        reason: `attempt ${n}: expected 200 from books, got 503`,
      });
      await room.send(zoe, events(LESSON, [failed(1), failed(2)], 3));
      await waitForText(page, '#participants tbody tr:first-child', 'stuck');
      expect((await names())[0]).toBe(STUCK_NAME);
      const top = page.locator('#participants tbody tr').first();
      expect(await top.locator('.where').textContent()).toMatch(
        /^stuck on Deploy the apps.*attempt 2: expected 200 from books, got 503$/,
      );
      expect(await cellsOf(STUCK_NAME)).toEqual(['failed', '—pending']);
      await waitForText(page, '#announcer', `${STUCK_NAME} is stuck on Deploy the apps.`);

      expect(await names()).toContain(SCRIPT_NAME);
      expect(await page.locator('body script, img').count()).toBe(0);
      expect(await page.locator('#funnel tbody tr').first().locator('th, td').allTextContents()).toEqual([
        '1. Deploy the apps',
        ' 1 of 3',
        '42 s',
      ]);
    });

    test('steering buttons reach the server, and participants see the change', async () => {
      const [ada, zoe] = [tokens.get('Ada')!, tokens.get(STUCK_NAME)!];
      const steeringOf = async (token: string) => (await room.call('/api/steering', { auth: token })).json;

      await page.getByRole('button', { name: 'Turn instructor-paced on' }).click();
      await waitForText(page, '#pace-state', 'Instructor-paced: on');
      await page.getByRole('button', { name: 'Unlock Ingress over HTTPS' }).click();
      await waitForText(page, '#lesson-locks', 'Ingress over HTTPS: unlocked');
      await page.getByLabel('Message to everyone').fill('Break until 14:00');
      await page.getByRole('button', { name: 'Send' }).click();
      await waitForText(page, '#broadcast-last', 'Break until 14:00');
      expect(await steeringOf(ada)).toMatchObject({
        paced: true,
        unlocked: ['ingress-https'],
        broadcast: { text: 'Break until 14:00' },
      });

      await page.getByRole('button', { name: `Suggest reset to ${STUCK_NAME}` }).click();
      await waitForText(page, '#steer-feedback', `Suggested a reset to ${STUCK_NAME}.`);
      expect((await steeringOf(zoe)).resetSuggested).toMatchObject({ id: expect.any(Number) });
      expect((await steeringOf(ada)).resetSuggested).toBeUndefined();
    });

    test('made no request to another origin, and logged no error', async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: new URL('room-dashboard.png', ARTIFACTS).pathname, fullPage: true });
      const origin = new URL(room.server.url).origin;
      expect(log.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
      expect(log.requests.length).toBeGreaterThan(3);
      expect(log).toMatchObject({ consoleErrors: [], pageErrors: [], dialogs: [] });
    });

    test('a wrong key gets the server refusal in words and a field for the right one', async () => {
      const other = await browser.newPage();
      const otherLog = record(other);
      await other.goto(`${room.server.url}/#key=not-this-room`);
      await waitForText(other, '#key-message', 'The room server refused this key');
      expect(await other.locator('#room').isHidden()).toBe(true);
      await other.getByLabel('Key or dashboard link').fill(room.server.key);
      await other.getByRole('button', { name: 'Open the room' }).click();
      await waitForText(other, '#participants', STUCK_NAME);
      expect(otherLog.consoleErrors.every((line) => line.includes('401'))).toBe(true);
      expect(otherLog.pageErrors).toEqual([]);
      await other.close();
    });
  });
}
