// Smoke test of the console in headless Chromium: log in as admin, see the Instances page, follow the nav.
// Settings: see harness.mjs.
// Screenshots go to target/screenshots/. Exits non-zero, with a screenshot of the failure, when a step fails.
import { expect, openConsole } from './harness.mjs';

const { url, password, browser, page, problems, step, visible, shot } = await openConsole('smoke', { height: 768 });

await step("the platform's root leads to the console, which asks who one is", async () => {
  await page.goto(new URL('/', url).href);
  await visible(page.getByLabel('Username or email'));
  expect(new URL(page.url()).pathname === '/console/', `the root led to ${page.url()}`);
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
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  await shot('instances');
});

await step('the action log lists what happened, live', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Action log' }).click();
  await visible(page.getByRole('heading', { name: 'Action log' }));
  await visible(page.getByTestId('action-log-table'));
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  await shot('action-log');
});

await step('the shares page lists what is offered and received', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Shares' }).click();
  await visible(page.getByRole('heading', { name: 'Offered to other organizations' }));
  await visible(page.getByRole('heading', { name: 'Received from other organizations' }));
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  await shot('shares', page.getByRole('heading', { name: 'Offered to other organizations' }));
});

await step('the dark theme can be chosen, and the light one again', async () => {
  const scheme = () => page.locator('html').getAttribute('data-mantine-color-scheme');
  const becomes = (value) => page.waitForFunction((v) => document.documentElement.getAttribute('data-mantine-color-scheme') === v, value,
    { timeout: 5_000 });
  const before = await scheme();
  const other = before === 'dark' ? 'light' : 'dark';
  await page.getByRole('button', { name: `Use the ${other} theme` }).click();
  await becomes(other);
  await shot('other-theme', page.getByRole('heading', { name: 'Shares' }));
  await page.getByRole('button', { name: `Use the ${before} theme` }).click();
  await becomes(before);
});

await step('the action log, after a reload, stays on its page (hash routes)', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Action log' }).click();
  await visible(page.getByRole('heading', { name: 'Action log' }));
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
