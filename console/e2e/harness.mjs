// What every browser script of the console shares: headless Debian Chromium on the console, steps that stop the script
// (with a screenshot) at the first failure, and the page's errors and failed calls collected.
//   CONSOLE_URL      the console's page       (default http://localhost:8080/console/index.html)
//   ADMIN_PASSWORD   admin's password         (default: read from $INVENTIV_DATA_DIR/admin-password, ./data by default)
//   CHROMIUM         the browser to drive     (default /usr/bin/chromium, Debian's package)
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/**
 * @param prefix   the screenshots' name prefix (target/screenshots/<prefix>-*.png, <prefix>-failure.png when a step fails)
 * @param height   the window's height (the width is a laptop's, 1366)
 * @param ignore   answers of 400 or more that are expected, not problems
 */
export async function openConsole(prefix, { height = 900, ignore = () => false } = {}) {
  const url = process.env.CONSOLE_URL ?? 'http://localhost:8080/console/index.html';
  const password = process.env.ADMIN_PASSWORD
    ?? (await readFile(join(process.env.INVENTIV_DATA_DIR ?? 'data', 'admin-password'), 'utf8')).trim();
  const shots = new URL('../target/screenshots/', import.meta.url).pathname;
  await mkdir(shots, { recursive: true });

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true });
  const page = await browser.newPage({ viewport: { width: 1366, height } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && !ignore(r) && problems.push(`${r.status()} ${r.request().method()} ${r.url()}`));

  async function step(name, run) {
    const started = Date.now();
    try {
      await run();
      console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
      await page.screenshot({ path: join(shots, `${prefix}-failure.png`), fullPage: true });
      await browser.close();
      process.exit(1);
    }
  }

  const visible = (locator, timeout = 10_000) => locator.waitFor({ state: 'visible', timeout });
  const shot = (name) => page.screenshot({ path: join(shots, `${prefix}-${name}.png`), fullPage: true });

  /** Mantine's Select: open it by its label, pick the option. */
  async function choose(label, option) {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option }).click();
  }

  async function logIn() {
    await page.goto(url);
    await page.getByLabel('Username or email').fill('admin');
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await visible(page.getByRole('heading', { name: 'Instances' }));
  }

  return { url, password, browser, page, problems, step, visible, shot, choose, logIn };
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}
