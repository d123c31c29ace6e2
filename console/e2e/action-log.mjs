// The action log in headless Chromium, against a running platform, once it holds more entries than a screen:
// 150 API keys are created through the API (one entry each); the table draws only the rows in view, reads the next
// entries while it is scrolled to the end, and counts them all; a new entry arrives at the top, live, or waits behind
// a button while the operator reads further down; the free-text filter finds one entry; a bad date range is answered
// in words.
// Settings: see harness.mjs.
// A screenshot per step goes to target/screenshots/action-log-*.png; action-log-failure.png when a step fails.
import { expect, openConsole } from './harness.mjs';

const run = Date.now().toString(36);
const SEEDED = 150;

const { url, browser, page, problems, step, visible, shot, logIn } = await openConsole('action-log', {
  ignore: (r) => r.status() === 401 && r.url().endsWith('/auth/me'),
});
const table = page.getByRole('table', { name: 'Action log' });
const rowsDrawn = () => table.locator('tbody tr[data-index]').count();
const createKey = async (name) => {
  const response = await page.request.post(new URL('/api_keys', url).href, { data: { name } });
  expect(response.status() === 201, `creating the key ${name} was answered ${response.status()}`);
};

await step(`admin logs in and ${SEEDED} entries are made`, async () => {
  await logIn();
  for (let i = 0; i < SEEDED; i += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, j) => createKey(`log ${run} ${i + j}`)));
  }
  // the log is written a moment after the keys: the page is opened once it holds them all
  const until = Date.now() + 30_000;
  let seen = 0;
  while (Date.now() < until && seen < SEEDED) {
    const search = await page.request.get(new URL(`/action_logs/search?size=1&q=${encodeURIComponent(`log ${run} `)}`, url).href);
    seen = (await search.json()).total;
    if (seen < SEEDED) await page.waitForTimeout(200);
  }
  expect(seen === SEEDED, `the log holds ${seen} of the ${SEEDED} keys' entries`);
});

let total;
await step('the action log counts every entry and draws only the rows in view', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Action log' }).click();
  await visible(table);
  await visible(table.locator('tbody tr[data-index="0"]'));
  const count = await page.getByTestId('action-log-count').innerText();
  total = Number(count.split(' ')[0]);
  expect(total >= SEEDED, `the log counts ${count}`);
  expect(/read so far/.test(count), `the first read holds every entry: ${count}`);
  const drawn = await rowsDrawn();
  expect(drawn > 5 && drawn < 60, `${drawn} rows drawn for ${total} entries`);
  expect(Number(await table.getAttribute('aria-rowcount')) === total + 1, 'the table does not tell how many rows it has');
  await shot('1-first-rows', page.getByTestId('action-log-count'), table.locator('tbody tr[data-index]').first());
});

await step('scrolling to the end reads the rest, still drawing only the rows in view', async () => {
  const viewport = page.locator('[data-testid=action-log-table]').locator('xpath=ancestor::div[contains(@class,"mantine-ScrollArea-viewport")]');
  for (let i = 0; i < 30; i++) {
    await viewport.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.waitForTimeout(150);
    if (!/read so far/.test(await page.getByTestId('action-log-count').innerText())) break;
  }
  const count = await page.getByTestId('action-log-count').innerText();
  expect(!/read so far/.test(count), `scrolling to the end did not read every entry: ${count}`);
  // the oldest entry of all is drawn once at the end: the table's last row
  await viewport.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  const last = table.locator(`tbody tr[aria-rowindex="${total + 1}"]`);
  await visible(last);
  const drawn = await rowsDrawn();
  expect(drawn < 60, `${drawn} rows drawn once scrolled to the end of ${total}`);
  await shot('2-scrolled-to-the-end', last);
});

await step('a new entry waits behind a button while reading further down, then shows at the top', async () => {
  await createKey(`log ${run} late`);
  const button = page.getByRole('button', { name: /^\d+ new entr(y|ies): show the latest$/ });
  await visible(button);
  const waiting = Number((await button.innerText()).split(' ')[0]);
  await shot('3-new-entry-waits', button);
  await button.click();
  await visible(table.locator('tbody tr[data-index="0"]'));
  await visible(page.getByTestId('action-log-count').getByText(new RegExp(`^${total + waiting} entries`)));
});

await step('at the top, a new entry arrives live', async () => {
  const before = Number((await page.getByTestId('action-log-count').innerText()).split(' ')[0]);
  await createKey(`log ${run} live`);
  await visible(page.getByTestId('action-log-count').getByText(new RegExp(`^${before + 1} entries`)));
  expect(!(await page.getByRole('button', { name: /new entr/ }).isVisible()), 'an entry waits while the top is in view');
});

await step('the free-text filter finds the one entry', async () => {
  await page.getByRole('textbox', { name: /^Text/ }).fill(`log ${run} late`);
  await visible(page.getByTestId('action-log-count').getByText(/^1 matching entry$/));
  await shot('4-filtered', page.getByTestId('action-log-count'), table.locator('tbody tr[data-index="0"]'));
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await visible(page.getByTestId('action-log-count').getByText(/read so far/));
});

await browser.close();

if (problems.length) {
  console.log(problems.join('\n'));
  process.exit(1);
}
