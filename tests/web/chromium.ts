import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (CI installs it, see .ci/run); nothing here downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A fresh browser profile each time (nothing downloaded: Debian's chromium only). */
export async function openBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'marquee-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  // A failing step says which within a test's time, rather than the test timing out.
  context.setDefaultTimeout(8_000);
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in as a person would: Sign in, pick the account on Discord's consent page, Authorize. */
export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(base);
  await page.getByRole('link', { name: 'Sign in with Discord' }).first().click();
  await page.getByLabel('Signed in to Discord as').selectOption({ label: username });
  await page.getByRole('button', { name: 'Authorize' }).click();
  await page.waitForURL(`${base}/`);
}

