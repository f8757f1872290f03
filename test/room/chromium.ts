/**
 * The system Chromium the dashboard tests drive (playwright-core downloads no browser): the path
 * in MESHWALK_CHROMIUM, else /usr/bin/chromium. Without one the browser tests skip, saying why,
 * unless MESHWALK_REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
 */
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.MESHWALK_CHROMIUM || '/usr/bin/chromium';
export const BROWSER_REQUIRED = process.env.MESHWALK_REQUIRE_BROWSER === '1';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const chromiumFound = executable(CHROMIUM_PATH);

export const NO_CHROMIUM_MESSAGE =
  `no Chromium at ${CHROMIUM_PATH}: the dashboard's browser tests did not run. Install it ` +
  '(Debian/Ubuntu: apt-get install chromium) or set MESHWALK_CHROMIUM to its path; ' +
  'MESHWALK_REQUIRE_BROWSER=1 makes this a failure.';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
}

/** What a page did that a test wants to see none (or exactly some) of. */
export interface PageRecord {
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  requests: string[];
}

/**
 * Records console errors and warnings, uncaught errors, dialogs (dismissed) and every request.
 * Waits on the page give up after 15 s, inside the test's 30 s, so a failure names what it waited for.
 */
export function record(page: Page): PageRecord {
  page.setDefaultTimeout(15_000);
  const log: PageRecord = { consoleErrors: [], pageErrors: [], dialogs: [], requests: [] };
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'warning') log.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => log.pageErrors.push(String(error)));
  page.on('dialog', (dialog) => {
    log.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => log.requests.push(request.url()));
  return log;
}

/** Waits until the element's text contains `text` (a wait, not a timed assertion). */
export async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([s, t]) => (document.querySelector(s as string)?.textContent ?? '').includes(t as string),
    [selector, text],
  );
}
