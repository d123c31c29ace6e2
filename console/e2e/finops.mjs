// The FinOps pages in headless Chromium, against a running platform (the local cloud).
// Set-up through the API: a model service of the admin's organization, deployed on one instance, shared with a new
// consumer organization whose API key makes a few chat requests through /v1.
// Then, as an operator: the token usage page shows the tokens over time and per model service; the chargeback page
// shows the consumer's statement for the month, its CSV downloads (200, text/csv); issuing is refused in words for a
// period that has not ended (400) and for one with nothing to bill (422); the last hour is issued, opened (as issued
// beside the books now) and refused a second time (409); a bad re-pricing is refused in words and a good one shows the
// lines at both prices and the difference; the costs page shows the cost by window with its breakdown and where the
// burn rate leads.
// Settings: see harness.mjs. Screenshots: target/screenshots/finops-*.png (finops-failure.png when a step fails).
import { readFile } from 'node:fs/promises';
import { request } from 'playwright-core';
import { expect, openConsole } from './harness.mjs';

const ZONE = 'local-eu-1';
const TYPE = 'L4-1-24G';
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const run = Date.now().toString(36);
const SERVICE = `default/finops-${run}`;
const CONSUMER = `FinOps consumer ${run}`;

const ISSUE = '/finops/chargeback/statements';
const REPRICE = '/finops/chargeback/repricing';
// refusals the script asks for on purpose, and the 401 to "who am I?" before logging in
const { url, password, browser, page, problems, step, visible, shot, choose, logIn } = await openConsole('finops', {
  height: 768,
  ignore: (r) => (r.status() === 401 && r.url().endsWith('/auth/me'))
    || (r.request().method() === 'POST' && [400, 409, 422].includes(r.status()) && r.url().endsWith(ISSUE))
    || (r.request().method() === 'POST' && r.status() === 400 && r.url().endsWith(REPRICE)),
});
const origin = new URL(url).origin;
/** A screenshot of a dialog, once it has faded in. */
async function dialogShot(name, ...keys) {
  await page.waitForTimeout(300);
  await shot(name, ...keys);
}
const nav = (label) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();

/** A call in the admin's session (the page's cookie), its JSON answer checked. */
async function call(method, path, body, status) {
  const response = await page.request.fetch(new URL(path, origin).href, { method, data: body });
  expect(response.status() === status, `${method} ${path} was answered ${response.status()}: ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

let provider;
let consumer;
let service;
let instanceId;
let consumerSession;
let keyId;
let client;

/** A chat request of the consumer's key through /v1. */
async function chat(n) {
  const answer = await client.post('/v1/chat/completions', {
    data: { model: SERVICE, messages: [{ role: 'user', content: `How do GPUs bill, take ${n}?` }], max_tokens: 24 },
  });
  expect(answer.status() === 200, `chat request ${n} was answered ${answer.status()}: ${await answer.text()}`);
}

await step('admin logs in', logIn);

await step('set-up: a shared model service on its own instance, used by another organization', async () => {
  provider = (await call('GET', '/auth/me', undefined, 200)).current_organization;
  const zone = (await call('GET', '/zones', undefined, 200)).find((z) => z.code === ZONE);
  const type = (await call('GET', '/instance_types', undefined, 200)).find((t) => t.code === TYPE);
  instanceId = (await call('POST', '/deployments', { model_id: MODEL, instance_type_id: type.id, zone_id: zone.id }, 201)).instance_id;
  service = await call('POST', '/model_services',
    { name: SERVICE, model_id: MODEL, prompt_price_per_1k_eur: 0.0002, completion_price_per_1k_eur: 0.0006 }, 201);
  consumer = await call('POST', '/organizations', { name: CONSUMER }, 201);
  await call('POST', '/shares', {
    model_service_id: service.id, consumer_organization_id: consumer.id, prompt_price_per_1k_eur: 0.001, completion_price_per_1k_eur: 0.002,
  }, 201);
  // the consumer's key is made in a session of its own that acts in the consumer organization
  consumerSession = await request.newContext({ baseURL: origin });
  const login = await consumerSession.post('/auth/login', { data: { username: 'admin', password } });
  expect(login.ok(), `the second login was answered ${login.status()}`);
  expect((await consumerSession.put('/auth/me/organization', { data: { organization_id: consumer.id } })).ok(), 'switching organization failed');
  const key = await consumerSession.post('/api_keys', { data: { name: `finops ${run}` } });
  expect(key.status() === 201, `the API key was answered ${key.status()}`);
  const created = await key.json();
  keyId = created.id;

  const until = Date.now() + 90_000;
  let status;
  while (Date.now() < until && status !== 'READY') {
    status = (await call('GET', `/instances/${instanceId}`, undefined, 200)).status;
    if (/FAILED|TERMINATED/.test(status)) throw new Error(`the instance went ${status}`);
    if (status !== 'READY') await page.waitForTimeout(1000);
  }
  expect(status === 'READY', `the instance is ${status} after 90 s`);

  client = await request.newContext({ baseURL: origin, extraHTTPHeaders: { Authorization: `Bearer ${created.key}` } });
  for (let i = 1; i <= 3; i++) {
    await chat(i);
  }
  // the usage reaches the books within a few seconds
  const seen = Date.now() + 20_000;
  let found = false;
  while (!found && Date.now() < seen) {
    const list = await call('GET', `/finops/chargeback/statements?from=${new Date(Date.now() - 3_600_000).toISOString()}`, undefined, 200);
    found = list.items.some((s) => s.consumer_organization_id === consumer.id);
    if (!found) await page.waitForTimeout(500);
  }
  expect(found, 'the usage did not reach the statements within 20 s');
});

await step('token usage shows the tokens over time and per model service', async () => {
  await nav('Token usage');
  await visible(page.getByRole('heading', { name: 'Token usage' }));
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  await choose('Period', 'Last hour');
  await visible(page.getByTestId('usage-chart'));
  await visible(page.getByRole('table', { name: 'Tokens by model service' }).getByRole('row').filter({ hasText: SERVICE }));
  await page.getByRole('tab', { name: 'Organization' }).click();
  await visible(page.getByRole('table', { name: 'Tokens by organization' }).getByRole('row').filter({ hasText: CONSUMER }));
  await visible(page.getByRole('table', { name: 'Latency by model service' }).getByRole('row').filter({ hasText: SERVICE }));
  await shot('1-usage', page.getByTestId('usage-chart'), page.getByRole('heading', { name: 'Tokens over time' }));
});

await step('token usage follows new requests live, without a reload', async () => {
  let loads = 0;
  page.on('load', () => loads++);
  // the consumer's requests, in its row of the breakdown by organization
  const row = page.getByRole('table', { name: 'Tokens by organization' }).getByRole('row').filter({ hasText: CONSUMER });
  const requests = async () => Number(await row.getByRole('cell').nth(1).innerText());
  // the third request is counted a moment after its answer (the router's usage is flushed every second)
  const settled = Date.now() + 15_000;
  while ((await requests()) < 3 && Date.now() < settled) await page.waitForTimeout(250);
  expect((await requests()) === 3, `the consumer made 3 requests, the page says ${await requests()}`);
  await chat(4);
  const until = Date.now() + 15_000;
  while ((await requests()) < 4 && Date.now() < until) await page.waitForTimeout(250);
  expect((await requests()) === 4, `the consumer's requests read ${await requests()} after a fourth one`);
  expect(loads === 0, 'the page was reloaded');
});

await step('token usage says so in words when a period has no usage', async () => {
  await choose('Period', 'Last month');
  const bounds = await page.getByTestId('period-bounds').innerText();
  const [from, to] = bounds.split(' (')[0].split(' → ').map((t) => new Date(t.replace(' ', 'T')).toISOString());
  const points = (await call('GET', `/finops/usage/day?from=${from}&to=${to}`, undefined, 200)).points;
  if (points.length === 0) {
    await visible(page.getByTestId('usage-empty'));
    await visible(page.getByText(/No tokens were used in this period/).first());
    await shot('2-usage-other-period', page.getByTestId('usage-empty'));
  } else {
    await shot('2-usage-other-period', page.getByTestId('usage-chart'));
  }
});

const statement = () => page.getByRole('region', { name: `Statement of ${provider.name} to ${CONSUMER}` });
const issueForm = () => page.getByRole('form', { name: 'Issue a statement' });

/** Issues the statement of the chosen period and returns the platform's answer. */
async function issue() {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(ISSUE) && r.request().method() === 'POST'),
    issueForm().getByRole('button', { name: 'Issue statement' }).click(),
  ]);
  return response;
}

await step('chargeback shows the month\'s statement of the consumer, line by line', async () => {
  await nav('Chargeback');
  await visible(page.getByRole('heading', { name: 'Chargeback' }));
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  await choose('Period', 'This month');
  await visible(statement());
  const line = statement().getByRole('table', { name: `Lines billed by ${provider.name} to ${CONSUMER}` }).getByRole('row').filter({ hasText: SERVICE });
  await visible(line);
  await visible(line.getByText('0.002', { exact: true }));
  await visible(line.getByText(/^Share /));
  await shot('3-statements', statement(), line);
});

await step('the CSV of the same period downloads, 200 text/csv, with the line', async () => {
  const link = page.getByRole('link', { name: 'Download CSV' });
  const href = new URL(await link.getAttribute('href'), page.url()).href;
  const answer = await page.request.get(href);
  expect(answer.status() === 200, `the CSV was answered ${answer.status()}`);
  expect(answer.headers()['content-type'].startsWith('text/csv'), `the CSV came as ${answer.headers()['content-type']}`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const text = await readFile(await download.path(), 'utf8');
  expect(text.startsWith('provider_organization_id,consumer_organization_id,'), `the CSV starts with ${text.slice(0, 60)}`);
  expect(text.includes(SERVICE) && text.includes(consumer.id), 'the CSV lacks the consumer\'s line');
});

await step('a period that has not ended is not issued, and the page says why', async () => {
  await statement().getByRole('button', { name: `Prepare to issue the statement of ${provider.name} to ${CONSUMER}` }).click();
  const response = await issue();
  expect(response.status() === 400, `issuing this month was answered ${response.status()}`);
  const detail = (await response.json()).detail;
  expect(/has ended/.test(detail), `the refusal reads ${detail}`);
  await visible(issueForm().getByRole('alert').getByText(detail));
  await shot('4-not-ended', issueForm().getByRole('alert'));
});

await step('a period with nothing to bill is not issued, and the page says why', async () => {
  await choose('Period', 'Yesterday');
  const response = await issue();
  expect(response.status() === 422, `issuing yesterday was answered ${response.status()}`);
  const alert = issueForm().getByRole('alert');
  await visible(alert.getByText('Nothing to bill', { exact: true }));
  await visible(alert.getByText((await response.json()).detail));
  await shot('5-nothing-to-bill', alert);
});

let issuedId;
await step('the last hour is issued, then opened as issued beside the books now', async () => {
  await choose('Period', 'Last hour');
  await visible(statement());
  const response = await issue();
  expect(response.status() === 201, `issuing the last hour was answered ${response.status()}: ${await response.text()}`);
  issuedId = (await response.json()).id;
  const done = issueForm().getByRole('status').filter({ hasText: 'Statement issued' });
  await visible(done);
  await done.getByRole('button', { name: `Open statement ${issuedId.slice(0, 8)}` }).click();
  const dialog = page.getByRole('dialog', { name: `Statement ${issuedId.slice(0, 8)}` });
  await visible(dialog.getByRole('group', { name: 'As issued' }));
  await visible(dialog.getByRole('group', { name: 'Books now' }));
  await visible(dialog.getByRole('group', { name: 'Difference' }).getByText(/EUR$/));
  await visible(dialog.getByRole('table', { name: 'Lines as issued' }).getByRole('row').filter({ hasText: SERVICE }));
  await dialogShot('6-issued-statement', dialog.getByRole('group', { name: 'Difference' }), dialog.getByRole('table', { name: 'Lines as issued' }));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
});

await step('the same statement is not issued twice, and the page says so', async () => {
  const response = await issue();
  expect(response.status() === 409, `issuing again was answered ${response.status()}`);
  await visible(issueForm().getByRole('alert').getByText('Already issued', { exact: true }));
  await visible(issueForm().getByRole('button', { name: 'Open the statement already issued' }));
  await shot('7-already-issued', issueForm().getByRole('alert'), issueForm().getByRole('button', { name: 'Open the statement already issued' }));
});

await step('the issued statements list it and open it', async () => {
  await page.getByRole('tab', { name: 'Issued statements' }).click();
  const row = page.getByRole('table', { name: 'Issued statements' }).getByRole('row').filter({ hasText: CONSUMER });
  await visible(row);
  await row.getByRole('button', { name: `Open statement ${issuedId.slice(0, 8)}` }).click();
  const dialog = page.getByRole('dialog', { name: `Statement ${issuedId.slice(0, 8)}` });
  await visible(dialog.getByRole('table', { name: 'Lines as the books stand now' }).getByRole('row').filter({ hasText: SERVICE }));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await shot('8-issued-list', row);
});

await step('a re-pricing with a negative price is refused in words; a corrected one shows both prices and the difference', async () => {
  await page.getByRole('tab', { name: 'Re-pricing' }).click();
  const form = page.getByRole('form', { name: 'Re-pricing' });
  await choose('Line 1', new RegExp(`^${SERVICE.replace(/[/.]/g, '\\$&')} · share`));
  await form.getByRole('textbox', { name: /^Prompt price per 1k, line 1/ }).fill('-1');
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(REPRICE)),
    form.getByRole('button', { name: 'Re-price' }).click(),
  ]);
  expect(refused.status() === 400, `the negative price was answered ${refused.status()}`);
  await visible(form.getByRole('alert').getByText((await refused.json()).detail));
  await shot('9-repricing-refused', form.getByRole('alert'));

  await form.getByRole('textbox', { name: /^Prompt price per 1k, line 1/ }).fill('0.004');
  const [answered] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(REPRICE)),
    form.getByRole('button', { name: 'Re-price' }).click(),
  ]);
  expect(answered.status() === 200, `the re-pricing was answered ${answered.status()}`);
  const result = page.getByRole('region', { name: `Re-priced statement of ${provider.name} to ${CONSUMER}` });
  const line = result.getByRole('table', { name: `Re-priced lines of ${provider.name} to ${CONSUMER}` }).getByRole('row').filter({ hasText: SERVICE });
  await visible(line);
  await visible(line.getByText('0.001 / 0.002', { exact: true }));
  await visible(line.getByText('0.004 / 0.002', { exact: true }));
  await visible(result.getByRole('group', { name: 'Difference' }).getByText(/^\+.* EUR$/));
  // the statement issued over the same hour, and what it should have said
  await visible(result.getByRole('table', { name: /re-priced$/ }).getByRole('row').filter({ hasText: issuedId.slice(0, 8) }));
  await shot('10-repricing', result.getByRole('group', { name: 'Difference' }), line);
});

await step('the machines\' cost is split between the organizations they served', async () => {
  await page.getByRole('tab', { name: 'Machine costs' }).click();
  await visible(page.getByRole('table', { name: 'Machine cost per organization', exact: true }).getByRole('row').filter({ hasText: provider.name }));
  await visible(page.getByRole('table', { name: 'Machine cost per organization and instance' }).getByRole('row').filter({ hasText: CONSUMER }).first());
  await shot('11-machine-costs', page.getByRole('table', { name: 'Machine cost per organization', exact: true }));
});

await step('costs show the cost by window, its breakdown, and where the burn rate leads', async () => {
  await nav('Costs');
  await visible(page.getByRole('heading', { name: 'Costs' }));
  await visible(page.getByRole('group', { name: 'Burn rate' }).getByText(/EUR\/h$/));
  const byWindow = page.getByRole('region', { name: 'Cost by window' });
  await byWindow.getByText('Hour', { exact: true }).click();
  await visible(byWindow.getByRole('group', { name: 'Spent over the last hour' }).getByText(/EUR$/));
  await visible(byWindow.getByRole('group', { name: 'Next hour at the current rate' }).getByText(/EUR$/));
  await visible(byWindow.getByRole('table', { name: 'Last hour by instance type' }).getByText(TYPE));
  await visible(byWindow.getByRole('table', { name: 'Last hour by provider' }).getByRole('row').first());
  await visible(page.getByRole('group', { name: 'By the end of today' }).getByText(/added up here/));
  await visible(page.getByRole('group', { name: 'By the end of the month' }).getByText(/EUR$/));
  await visible(page.getByRole('table', { name: 'Last 24 hours by organization' }).getByText(provider.name));
  await shot('12-costs', byWindow.getByRole('group', { name: 'Spent over the last hour' }), byWindow.getByRole('table', { name: 'Last hour by instance type' }));
});

await step('no page error nor unexpected failed call', async () => {
  expect(problems.length === 0, problems.join('; '));
});

// clean up: the key, the service and the instance (the organization and the issued statement stay, as books do)
await client.dispose();
await consumerSession.delete(`/api_keys/${keyId}`);
await consumerSession.dispose();
await page.request.delete(new URL(`/model_services/${service.id}`, origin).href);
await page.request.delete(new URL(`/instances/${instanceId}?reason=${encodeURIComponent('finops script done')}`, origin).href);
await browser.close();
console.log('finops: all steps passed');
