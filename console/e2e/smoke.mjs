// Smoke test of the console in headless Chromium: log in as admin, see the Instances page, follow the nav.
//   CONSOLE_URL      the console's page       (default http://localhost:8080/console/index.html)
//   ADMIN_PASSWORD   admin's password         (default: read from $INVENTIV_DATA_DIR/admin-password, ./data by default)
//   CHROMIUM         the browser to drive     (default /usr/bin/chromium, Debian's package)
// Screenshots go to target/screenshots/. Exits non-zero, with a screenshot of the failure, when a step fails.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const url = process.env.CONSOLE_URL ?? 'http://localhost:8080/console/index.html';
const password = process.env.ADMIN_PASSWORD
  ?? (await readFile(join(process.env.INVENTIV_DATA_DIR ?? 'data', 'admin-password'), 'utf8')).trim();
const shots = new URL('../target/screenshots/', import.meta.url).pathname;
await mkdir(shots, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true });
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.request().method()} ${r.url()}`));

async function step(name, run) {
  try {
    await run();
    console.log(`ok   ${name}`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
    await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true });
    await browser.close();
    process.exit(1);
  }
}

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: 10_000 });

await step('the console asks who one is', async () => {
  await page.goto(url);
  await visible(page.getByLabel('Username or email'));
});

await step('a wrong password is refused in words', async () => {
  await page.getByLabel('Username or email').fill('admin');
  await page.getByLabel(/^Password/).fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await visible(page.getByRole('alert').filter({ hasText: 'wrong username, email or password' }));
});

await step('admin logs in and sees the instances, live', async () => {
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await visible(page.getByRole('heading', { name: 'Instances' }));
  await visible(page.getByTestId('instances-table').or(page.getByTestId('instances-empty')));
  await visible(page.getByRole('status').getByText('Live'));
  await page.screenshot({ path: join(shots, 'instances.png') });
});

await step('the action log lists what happened, live', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Action log' }).click();
  await visible(page.getByRole('heading', { name: 'Action log' }));
  await visible(page.getByTestId('action-log-table'));
  await visible(page.getByRole('status').getByText('Live'));
  await page.screenshot({ path: join(shots, 'action-log.png') });
});

await step('a reload stays on the page (hash routes)', async () => {
  await page.reload();
  await visible(page.getByRole('heading', { name: 'Action log' }));
  if (!page.url().endsWith('#/action-log')) throw new Error(`landed on ${page.url()}`);
});

await browser.close();
// expected: 401 to "who am I?" before logging in, and to the wrong password
const unexpected = problems.filter((p) => !/^401 (GET \S+\/auth\/me|POST \S+\/auth\/login)$/.test(p));
if (unexpected.length) {
  console.log(unexpected.join('\n'));
  process.exit(1);
}
