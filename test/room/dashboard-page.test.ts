/**
 * The dashboard page in real headless Chromium against a stand-in server: how it draws a given
 * room, what it sends, and how it behaves when the stream drops or the key is wrong. The end to
 * end run against the real room server is dashboard-browser.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ParticipantRow, RoomState } from '../../src/room/protocol.js';
import {
  BROWSER_REQUIRED,
  NO_CHROMIUM_MESSAGE,
  chromiumFound,
  launchChromium,
  record,
  waitForText,
  type PageRecord,
} from './chromium.js';
import { startFakeRoom, type FakeRoom } from './fake-dashboard-room.js';

const HOSTILE = '<img src=x onerror=alert(1)><script>alert(1)</script>';

function row(id: string, name: string, extra: Partial<ParticipantRow> = {}): ParticipantRow {
  return { id, name, cells: {}, failures: 0, stuck: false, lastSeen: 0, hintsUsed: 0, whyUsed: 0, ...extra };
}

function state(participants: ParticipantRow[], version = 1): RoomState {
  return {
    version,
    now: 600_000,
    steering: { paced: false, unlocked: [] },
    lesson: {
      id: 'mtls',
      title: 'Mutual TLS',
      steps: [
        { id: 'deploy', title: 'Deploy the apps' },
        { id: 'strict', title: 'Turn on STRICT' },
        { id: 'verify', title: 'Verify the refusal' },
      ],
    },
    lessons: [
      { id: 'mtls', title: 'Mutual TLS' },
      { id: 'jwt', title: 'JWT authentication' },
    ],
    participants,
    funnel: [
      { step: 'deploy', passed: 2, medianMs: 95_000 },
      { step: 'strict', passed: 0 },
      { step: 'verify', passed: 0 },
    ],
    stuckRule: { minutes: 5, failures: 3 },
  };
}

const ada = row('p1', 'Ada', { lesson: 'mtls', step: 'strict', cells: { deploy: 'passed', strict: 'running' } });
const hostile = row('p2', HOSTILE, { lesson: 'mtls', step: 'deploy', cells: { deploy: 'running' } });

if (!chromiumFound) {
  test.skipIf(!BROWSER_REQUIRED)('the dashboard page in Chromium', () => {
    throw new Error(NO_CHROMIUM_MESSAGE);
  });
  if (!BROWSER_REQUIRED) console.warn(`skipped: ${NO_CHROMIUM_MESSAGE}`);
} else {
  describe('the dashboard page in Chromium', () => {
    let browser: Browser;
    let context: BrowserContext;
    let room: FakeRoom;
    beforeAll(async () => {
      browser = await launchChromium();
      // One context: its pages share localStorage, as two visits in one browser do.
      context = await browser.newContext();
      room = await startFakeRoom(state([ada, hostile]));
    });
    afterAll(async () => {
      await browser?.close();
      await room?.close();
    });

    async function open(fragment: string): Promise<{ page: Page; log: PageRecord }> {
      const page = await context.newPage();
      const log = record(page);
      await page.goto(`${room.url}/${fragment}`);
      return { page, log };
    }

    test('draws the room from the stream: words in cells, stuck first, names as text', async () => {
      const { page, log } = await open(`#key=${room.key}`);
      await waitForText(page, '#connection', 'live');
      expect(page.url()).toBe(`${room.url}/`);
      await waitForText(page, '#participants', 'Ada');

      room.setState(
        state(
          [
            ada,
            {
              ...hostile,
              stuck: true,
              failures: 3,
              lastFailure: 'expected 000, got 200 from sleep-legacy',
              cells: { deploy: 'failed' },
            },
          ],
          2,
        ),
      );
      await waitForText(page, '#participants tbody tr:first-child', 'stuck');
      const first = await page.locator('#participants tbody tr').first();
      expect(await first.locator('th[scope=row]').textContent()).toBe(HOSTILE);
      expect(await first.textContent()).toContain('expected 000, got 200 from sleep-legacy');
      expect(await first.locator('td.cell').first().textContent()).toBe('failed');
      expect(await page.locator('#announcer').textContent()).toBe(`${HOSTILE} is stuck on Deploy the apps.`);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('body script').count()).toBe(0);

      const second = page.locator('#participants tbody tr').nth(1);
      expect(await second.locator('td.cell').allTextContents()).toEqual(['passed', 'running', '—pending']);
      expect(await page.locator('#participants thead th[scope=col]').allTextContents()).toEqual([
        'Participant',
        'Where',
        'Actions',
        '1. Deploy the apps',
        '2. Turn on STRICT',
        '3. Verify the refusal',
      ]);
      expect(await page.locator('#participants caption').textContent()).toBe(
        'Participants in Mutual TLS: 2 participants, 1 stuck',
      );
      // The stylesheet loaded under the CSP: each word has its colour, "pending" is for screen readers.
      const looks = await second
        .locator('td.cell')
        .evaluateAll((cells) => cells.map((cell) => getComputedStyle(cell).backgroundColor));
      expect(looks).toEqual(['rgb(215, 245, 221)', 'rgb(221, 232, 255)', 'rgba(0, 0, 0, 0)']);
      expect(await second.locator('.visually-hidden').first().boundingBox()).toMatchObject({ width: 1, height: 1 });
      expect(await page.locator('#funnel tbody tr').first().locator('th, td').allTextContents()).toEqual([
        '1. Deploy the apps',
        ' 2 of 2',
        '1 min 35 s',
      ]);
      expect(log).toMatchObject({ consoleErrors: [], pageErrors: [], dialogs: [] });
      await page.close();
    });

    test('steering buttons post to /api/steer and the page shows the new steering', async () => {
      const { page, log } = await open(`#key=${room.key}`);
      await waitForText(page, '#pace-state', 'Instructor-paced: off');
      await page.getByRole('button', { name: 'Turn instructor-paced on' }).click();
      await waitForText(page, '#pace-state', 'Instructor-paced: on');
      await page.getByRole('button', { name: 'Unlock JWT authentication' }).click();
      await waitForText(page, '#lesson-locks', 'JWT authentication: unlocked');
      await page.getByLabel('Message to everyone').fill('Break until 14:00');
      await page.getByRole('button', { name: 'Send' }).click();
      await waitForText(page, '#broadcast-last', 'Break until 14:00');
      await page.getByRole('button', { name: 'Suggest reset to Ada' }).click();
      await waitForText(page, '#steer-feedback', 'Suggested a reset to Ada.');
      expect(room.steers).toEqual([
        { action: 'pace', paced: true },
        { action: 'unlock', lesson: 'jwt' },
        { action: 'broadcast', text: 'Break until 14:00' },
        { action: 'suggest-reset', participant: 'p1' },
      ]);
      expect(log).toMatchObject({ consoleErrors: [], pageErrors: [], dialogs: [] });
      await page.close();
    });

    test('a live update keeps keyboard focus on the control that had it', async () => {
      const { page } = await open(`#key=${room.key}`);
      await waitForText(page, '#participants', 'Ada');
      await page.getByRole('button', { name: 'Suggest reset to Ada' }).focus();
      room.setState(state([ada, { ...hostile, failures: 1, lastFailure: 'got 503 from books' }], 3));
      await waitForText(page, '#participants', 'got 503 from books');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
        'Suggest reset to Ada',
      );
      await page.close();
    });

    test('the lesson filter asks the stream for ?lesson= and keeps it in the address', async () => {
      const { page } = await open(`#key=${room.key}`);
      await waitForText(page, '#connection', 'live');
      const before = room.streamLessons.length;
      await page.getByLabel('Lesson shown').selectOption('jwt');
      await page.waitForFunction(() => location.search === '?lesson=jwt');
      await waitForText(page, '#connection', 'live');
      expect(room.streamLessons.slice(before)).toEqual(['jwt']);
      await page.close();
    });

    test('large text mode is a toggle remembered across visits', async () => {
      const { page } = await open(`#key=${room.key}`);
      const toggle = page.getByRole('button', { name: 'Large text' });
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      await toggle.click();
      expect(await page.evaluate(() => document.documentElement.className)).toBe('large-text');
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      await page.close();
      const again = await open(`#key=${room.key}`);
      expect(await again.page.evaluate(() => document.documentElement.className)).toBe('large-text');
      await again.page.getByRole('button', { name: 'Large text' }).click();
      await again.page.close();
    });

    test('a dropped or refused stream shows reconnecting and why, then live again', async () => {
      const { page, log } = await open(`#key=${room.key}`);
      await waitForText(page, '#connection', 'live');
      room.refuseStreams = { status: 503, error: 'at most 16 dashboards at once; close one' };
      room.dropStreams();
      await waitForText(page, '#connection', 'reconnecting… (at most 16 dashboards at once; close one)');
      room.refuseStreams = undefined;
      await waitForText(page, '#connection', 'live');
      expect(log).toMatchObject({ pageErrors: [], dialogs: [] });
      await page.close();
    });

    test('a stream that goes silent is dropped and followed again', async () => {
      const page = await context.newPage();
      const log = record(page);
      // The page's clock only moves when the test moves it: the 45 s of silence take no time.
      await page.clock.install();
      await page.goto(`${room.url}/#key=${room.key}`);
      await waitForText(page, '#connection', 'live');
      const opened = room.streamLessons.length;
      room.silentStreams = true;
      room.dropStreams();
      await waitForText(page, '#connection', 'reconnecting');
      await page.clock.runFor(1_000);
      await vi.waitFor(() => expect(room.streamLessons.length).toBe(opened + 1));
      room.silentStreams = false;
      await page.clock.runFor(44_000);
      expect(room.streamLessons.length).toBe(opened + 1);
      // The watchdog fires at 45 s; the page then waits its backoff, in page time, step by step.
      await vi.waitFor(
        async () => {
          await page.clock.runFor(1_000);
          expect(await page.locator('#connection').textContent()).toBe('live');
        },
        { timeout: 15_000 },
      );
      expect(room.streamLessons.length).toBe(opened + 2);
      expect(log.pageErrors).toEqual([]);
      await page.close();
    });

    test('without a key, or with a wrong one, it says so and takes a pasted key', async () => {
      const missing = await open('');
      await waitForText(missing.page, '#key-message', 'This page needs the instructor key');
      expect(await missing.page.locator('#room').isHidden()).toBe(true);
      await missing.page.close();

      const { page, log } = await open('#key=not-the-key');
      await waitForText(page, '#key-message', 'refused this key');
      expect(page.url()).toBe(`${room.url}/`);
      await page.getByLabel('Key or dashboard link').fill(`http://192.0.2.1:7470/#key=${room.key}`);
      await page.getByRole('button', { name: 'Open the room' }).click();
      await waitForText(page, '#connection', 'live');
      expect(await page.locator('#key-prompt').isHidden()).toBe(true);
      expect(log.pageErrors).toEqual([]);
      await page.close();
    });
  });
}
