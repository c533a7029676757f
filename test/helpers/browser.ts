/**
 * Debian's Chromium driven by playwright-core. Never downloads a browser. Without Chromium the browser tests
 * are skipped with a one-line notice locally; in CI (CI=true) a missing browser is a failure.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const browserAvailable = existsSync(chromiumPath);

if (!browserAvailable) {
  if (process.env.CI) throw new Error(`Chromium is missing at ${chromiumPath}; CI must install it (apt-get install -y chromium).`);
  console.warn(`browser tests skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
