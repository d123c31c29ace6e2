// The operator's journey in headless Chromium, against a running platform (the local cloud):
// log in; deploy a model and watch it reach READY in the table without reloading; publish a model service;
// create an API key (its secret shown once) and revoke it; chat in the workbench and see the answer stream;
// see the costs page show a burn rate; terminate the instance from its page and see it TERMINATED.
// Settings: see harness.mjs.
// A screenshot per step goes to target/screenshots/journey-*.png, read back for the step's key elements (harness.mjs).
// Exits non-zero, with target/screenshots/journey-failure.png, when a step fails.
import { expect, openConsole } from './harness.mjs';

const ZONE = 'local-eu-1';
const TYPE = 'L4-1-24G';
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const run = Date.now().toString(36);
const SERVICE = `default/journey-${run}`;
const KEY = `journey key ${run}`;

const { url, password, browser, page, problems, step, visible, shot, choose } = await openConsole('journey');
let loads = 0;
page.on('load', () => loads++);

const nav = (label) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();

let instanceId;
let row;
let burning;

const burnRate = async () => Number((await page.getByRole('group', { name: 'Burn rate' }).getByText(/EUR\/h$/).innerText()).split(' ')[0]);

await step('admin logs in', async () => {
  await page.goto(url);
  await page.getByLabel('Username or email').fill('admin');
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await visible(page.getByRole('heading', { name: 'Instances' }));
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  await shot('1-logged-in', page.getByRole('heading', { name: 'Instances' }), page.getByRole('status').getByText('Live', { exact: true }));
});

await step('the deploy dialog offers the types of the zone, then the models that fit', async () => {
  await page.getByRole('button', { name: 'Deploy a model' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deploy a model' });
  await visible(dialog);
  expect(await dialog.getByRole('combobox', { name: /^Instance type/ }).isDisabled(), 'the type is asked for before the zone');
  await choose(/^Zone/, new RegExp(`^${ZONE}`));
  await choose(/^Instance type/, new RegExp(`^${TYPE}`));
  await page.getByRole('combobox', { name: /^Model/ }).click();
  await visible(page.getByRole('option', { name: new RegExp(`^${MODEL}`) }));
  await page.getByRole('option', { name: new RegExp(`^${MODEL}`) }).click();
  await shot('2-deploy-dialog', dialog.getByRole('combobox', { name: /^Zone/ }), dialog.getByRole('combobox', { name: /^Model/ }));
});

await step('the deployment appears in the table and reaches READY without a reload', async () => {
  loads = 0;
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/deployments') && r.request().method() === 'POST'),
    page.getByRole('dialog', { name: 'Deploy a model' }).getByRole('button', { name: 'Deploy' }).click(),
  ]);
  expect(response.status() === 201, `the deployment was answered ${response.status()}`);
  instanceId = (await response.json()).instance_id;
  row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Instance ${instanceId.slice(0, 8)}` }) });
  await visible(row);
  await visible(row.getByText(MODEL));
  await shot('3-deploying', row.getByText(MODEL));
  await visible(row.getByText('READY', { exact: true }), 90_000);
  expect(loads === 0, 'the page was reloaded');
  await shot('4-ready', row.getByText('READY', { exact: true }));
});

await step('a model service is published', async () => {
  await nav('Model services');
  await visible(page.getByRole('heading', { name: 'Model services' }));
  await page.getByRole('button', { name: 'Publish a model service' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish a model service' });
  await dialog.getByRole('textbox', { name: /^Name/ }).fill(SERVICE);
  await choose(/^Model/, new RegExp(`^${MODEL}`));
  await dialog.getByRole('textbox', { name: /^Prompt price/ }).fill('0.0002');
  await dialog.getByRole('textbox', { name: /^Completion price/ }).fill('0.0006');
  await dialog.getByRole('button', { name: 'Publish' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const service = page.getByRole('table', { name: 'Model services' }).getByRole('row').filter({ hasText: SERVICE });
  await visible(service);
  await visible(service.getByText('0.0006'));
  await shot('5-model-service', service.getByText(SERVICE), service.getByText('0.0006'));
});

await step('an API key is created and its secret shown once', async () => {
  await nav('API keys');
  await visible(page.getByRole('heading', { name: 'API keys' }));
  await page.getByRole('button', { name: 'Create an API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create an API key' });
  await dialog.getByRole('textbox', { name: /^Name/ }).fill(KEY);
  await dialog.getByRole('textbox', { name: /^Requests per minute/ }).fill('60');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const secret = page.getByTestId('api-key-secret');
  await visible(secret);
  const text = await secret.innerText();
  expect(/^sk-inv-\S{20,}$/.test(text), `the secret reads ${text}`);
  await visible(page.getByRole('button', { name: 'Copy the key' }));
  const key = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: KEY });
  await visible(key.getByText('active'));
  await visible(key.getByText('60 req/min'));
  expect(!(await key.innerText()).includes(text), 'the table shows the whole secret');
  await shot('6-api-key-secret', secret, page.getByRole('button', { name: 'Copy the key' }), key.getByText('60 req/min'));
  await page.getByRole('button', { name: 'I have kept the key' }).click();
  await secret.waitFor({ state: 'detached' });
  await page.reload();
  await visible(key);
  expect(await page.getByText(text).count() === 0, 'the secret is shown again after a reload');
});

await step('the API key is revoked', async () => {
  const key = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: KEY });
  await key.getByRole('button', { name: `Revoke ${KEY}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke the key' }).click();
  await visible(key.getByText('revoked'));
  await shot('7-api-key-revoked', key.getByText('revoked'));
});

await step('the workbench streams the answer, with its timing and the same request as code', async () => {
  await nav('Workbench');
  await visible(page.getByRole('heading', { name: 'Workbench' }));
  await choose('Model service', new RegExp(`^${SERVICE}`));
  await page.getByRole('textbox', { name: 'Message' }).fill('Tell me about GPUs in three sentences.');
  const answer = page.getByTestId('assistant-message').last();
  // the lengths the answer goes through while it arrives: more than one means it streamed
  const lengths = new Set();
  await page.getByRole('button', { name: 'Send' }).click();
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const text = (await answer.innerText().catch(() => '')).replace(/^.*\n/, '');
    if (text && text !== '…') lengths.add(text.length);
    if (!(await page.getByRole('button', { name: 'Stop' }).isVisible())) break;
    await page.waitForTimeout(50);
  }
  const final = (await answer.innerText()).replace(/^.*\n/, '');
  lengths.add(final.length);
  expect(final.trim().length > 0, 'no answer came');
  expect(lengths.size > 1, `the answer did not stream (lengths seen: ${[...lengths].join(', ')})`);
  const ttft = await page.getByTestId('stat-Time to first token').innerText();
  const rate = await page.getByTestId('stat-Tokens per second').innerText();
  expect(/^\d+ ms$/.test(ttft), `time to first token reads ${ttft}`);
  expect(/^\d+(\.\d)?$/.test(rate), `tokens per second read ${rate}`);
  await visible(page.getByRole('tab', { name: 'Python' }));
  const curl = page.getByRole('tabpanel', { name: 'curl' });
  await visible(curl.getByText(`"model": "${SERVICE}"`));
  await visible(curl.getByText('"content": "Tell me about GPUs in three sentences."'));
  await page.locator('button[type=submit]:not([data-loading])').waitFor();
  await shot('8-workbench', answer, page.getByTestId('stat-Time to first token'), page.getByTestId('stat-Tokens per second'));
  console.log(`     streamed ${final.length} characters through ${lengths.size} lengths; TTFT ${ttft}, ${rate} tokens/s`);
});

await step('the costs page shows the machine burning money', async () => {
  await nav('Costs');
  await visible(page.getByRole('heading', { name: 'Costs' }));
  const burn = page.getByRole('group', { name: 'Burn rate' });
  await visible(burn);
  await visible(burn.getByText(/^(?!0 )\d[\d.,]* EUR\/h$/));
  burning = await burnRate();
  await visible(page.getByRole('table', { name: 'Last 24 hours by model' }).getByText(MODEL));
  await visible(page.getByTestId('cumulative-chart'));
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  await shot('9-costs', burn, page.getByTestId('cumulative-chart'));
});

await step('the instance is terminated from its page and reaches TERMINATED without a reload', async () => {
  await nav('Instances');
  await row.getByRole('link', { name: `Instance ${instanceId.slice(0, 8)}` }).click();
  await visible(page.getByRole('heading', { name: `Instance ${instanceId.slice(0, 8)}` }));
  const history = page.getByRole('table', { name: 'History' });
  await visible(history.getByText('InstanceReady'));
  await visible(history.getByText('admin').first());
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  await shot('10-instance-detail', page.getByRole('heading', { name: `Instance ${instanceId.slice(0, 8)}` }), page.getByRole('button', { name: 'Terminate', exact: true }));
  await shot('10-instance-history', history.getByText('InstanceReady'));
  loads = 0;
  await page.getByRole('button', { name: 'Terminate', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Terminate instance/ });
  await dialog.getByRole('textbox', { name: /^Reason/ }).fill('end of the journey test');
  await dialog.getByRole('button', { name: 'Terminate instance' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const terminated = page.getByRole('heading', { name: `Instance ${instanceId.slice(0, 8)}` }).locator('..').getByText('TERMINATED', { exact: true });
  await visible(terminated, 60_000);
  await visible(history.getByText('end of the journey test').first());
  expect(await page.getByRole('button', { name: 'Terminate', exact: true }).isDisabled(), 'a terminated instance can be terminated again');
  expect(loads === 0, 'the page was reloaded');
  await shot('11-terminated', terminated);
});

await step('the costs page no longer counts the machine', async () => {
  await nav('Costs');
  await visible(page.getByRole('group', { name: 'Burn rate' }));
  const after = await burnRate();
  expect(after < burning, `the burn rate went from ${burning} to ${after} EUR/h`);
  await shot('12-costs-after', page.getByRole('group', { name: 'Burn rate' }));
  console.log(`     burn rate ${burning} EUR/h while the instance ran, ${after} EUR/h once terminated`);
});

await browser.close();
// expected: 401 to "who am I?" before logging in
const unexpected = problems.filter((p) => !/^401 GET \S+\/auth\/me$/.test(p));
if (unexpected.length) {
  console.log(unexpected.join('\n'));
  process.exit(1);
}
