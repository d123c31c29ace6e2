// What every browser script of the console shares: headless Debian Chromium on the console, steps that stop the script
// (with a screenshot) at the first failure, screenshots checked for what they must show, and the page's errors and
// failed calls collected.
//   CONSOLE_URL      the console's page       (default http://localhost:8080/console/index.html)
//   ADMIN_PASSWORD   admin's password         (default: read from $INVENTIV_DATA_DIR/admin-password, ./data by default)
//   CHROMIUM         the browser to drive     (default /usr/bin/chromium, Debian's package)
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

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

  // without the background services, Chromium does not keep calling hosts a closed network refuses
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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

  /**
   * Saves what the window shows as target/screenshots/<prefix>-<name>.png, then reads the picture back: each key element
   * must lie in it and be drawn there (its area holds more than one colour), and the picture must not be blank.
   */
  async function shot(name, ...keys) {
    for (const key of keys) {
      await visible(key);
    }
    // a page still laying itself out (a chart arriving) can move the keys after they were scrolled to: the picture is taken again
    for (let attempt = 1; ; attempt++) {
      const problem = await picture(name, keys);
      if (!problem) return;
      if (attempt === 3) throw new Error(problem);
      await page.waitForTimeout(500);
    }
  }

  /** Takes the picture with the keys in view; says what is wrong with it, or nothing. */
  async function picture(name, keys) {
    if (keys.length) {
      await keys[0].scrollIntoViewIfNeeded();
    }
    let boxes = await Promise.all(keys.map(async (key) => [key, await key.boundingBox()]));
    // keys further down the page than the first one: the window is scrolled to show them together, when they fit
    const { height } = page.viewportSize();
    const top = Math.min(...boxes.map(([, box]) => box?.y ?? 0));
    const bottom = Math.max(...boxes.map(([, box]) => (box ? box.y + box.height : 0)));
    if (boxes.length > 1 && (top < 0 || bottom > height) && bottom - top <= height - 60) {
      await page.evaluate((by) => window.scrollBy(0, by), top - 60);
      boxes = await Promise.all(keys.map(async (key) => [key, await key.boundingBox()]));
    }
    const picture = PNG.sync.read(await page.screenshot({ path: join(shots, `${prefix}-${name}.png`) }));
    if (colours(picture, { x: 0, y: 0, width: picture.width, height: picture.height }) <= 16) {
      return `the screenshot ${name} is blank`;
    }
    for (const [key, box] of boxes) {
      if (!(box && box.x >= 0 && box.y >= 0 && box.x < picture.width && box.y < picture.height)) {
        return `the screenshot ${name} does not show ${key} (at ${JSON.stringify(box)})`;
      }
      if (colours(picture, box) <= 1) {
        return `the screenshot ${name} shows ${key} as an empty area`;
      }
    }
    return null;
  }

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

/** How many colours the picture has within the box (clipped to the picture), counted up to 64. */
function colours(picture, box) {
  const seen = new Set();
  const right = Math.min(picture.width, Math.ceil(box.x + box.width));
  const bottom = Math.min(picture.height, Math.ceil(box.y + box.height));
  for (let y = Math.max(0, Math.floor(box.y)); y < bottom && seen.size < 64; y++) {
    for (let x = Math.max(0, Math.floor(box.x)); x < right && seen.size < 64; x++) {
      seen.add(picture.data.readUInt32BE((picture.width * y + x) * 4));
    }
  }
  return seen.size;
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}
