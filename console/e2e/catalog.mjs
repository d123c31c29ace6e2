// The catalog settings in headless Chromium, against a running platform (the local cloud): open Catalog from the menu,
// register a model and see it listed, edit it, see bad inputs (an invalid model id, a missing number, a zone code in
// capitals) answered in the API's own words, see a change made elsewhere arrive live, add an instance type, set the
// zones that offer it, change its price and read its price history, run a sync and see its result, and see a user who
// is not a platform admin refused in words.
// Everything it creates has a unique name, and is left inactive (the catalog deletes nothing), so it runs again.
// Settings: see harness.mjs.
// A screenshot per step goes to target/screenshots/catalog-*.png; target/screenshots/catalog-failure.png when a step fails.
import { expect, openConsole } from './harness.mjs';

const STAMP = Date.now().toString(36);
const MODEL = `e2e/catalog-${STAMP}`;
const TYPE = `E2E-${STAMP}`;
const ZONES = ['local-eu-1', 'local-eu-2'];

const expected = new Set();
// before logging in, the console asks who is signed in: 401 is the answer expected then
const { url, password, browser, page, problems, step, visible, shot, choose, logIn } = await openConsole('catalog', {
  ignore: (r) => expected.has(`${r.request().method()} ${new URL(r.url()).pathname}`) || (r.status() === 401 && r.url().endsWith('/auth/me')),
});

const modelPath = `/models/${MODEL}`;
const modelsTable = () => page.getByRole('table', { name: 'Models' });
const modelRow = () => modelsTable().getByRole('row').filter({ has: page.getByRole('cell', { name: MODEL, exact: true }) });
const typesTable = () => page.getByRole('table', { name: 'Instance types' });
const typeRow = () => typesTable().getByRole('row').filter({ has: page.getByRole('cell', { name: TYPE, exact: true }) });

/** Submits a dialog's form and returns the platform's answer to it. */
async function submit(dialog, button, method, path) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname === path),
    dialog.getByRole('button', { name: button, exact: true }).click(),
  ]);
  return response;
}

/** Closes the confirmations, which lie over the page's top right corner (its buttons, a wide table's last columns). */
async function closeNotices() {
  await page.evaluate(() => document.querySelectorAll('.mantine-Notification-root .mantine-Notification-closeButton').forEach((b) => b.click()));
  await page.waitForFunction(() => !document.querySelector('.mantine-Notification-root'), null, { timeout: 5_000 });
}

/** A call in the page's session (the same cookie), as another operator's change would come. */
function call(method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const r = await fetch(p, { method: m, headers: { 'Content-Type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b) });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  }, [method, path, body]);
}

await step('admin logs in and opens Catalog from the menu', async () => {
  await logIn();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalog' }).click();
  await visible(page.getByRole('heading', { name: 'Catalog' }));
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  await visible(page.getByRole('table', { name: 'Providers' }).getByRole('cell', { name: 'local', exact: true }));
  await page.getByRole('tab', { name: /^Zones/ }).click();
  for (const zone of ZONES) {
    await visible(page.getByRole('table', { name: 'Zones' }).getByRole('cell', { name: zone, exact: true }));
  }
  await page.getByRole('tab', { name: /^Models/ }).click();
  await visible(modelsTable().getByRole('cell', { name: 'meta-llama/Llama-3.1-8B-Instruct', exact: true }));
  await shot('1-catalog', page.getByRole('tablist', { name: 'Catalog entries' }), modelsTable());
});

await step('a model is registered and listed', async () => {
  await page.getByRole('button', { name: 'Register a model' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register a model' });
  await visible(dialog);
  await dialog.getByRole('textbox', { name: 'Model id' }).fill(MODEL);
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Catalog test model');
  await dialog.getByRole('textbox', { name: /^GPU memory needed/ }).fill('8');
  await dialog.getByRole('textbox', { name: /^Data volume/ }).fill('20');
  await dialog.getByRole('textbox', { name: /^Context length/ }).fill('4096');
  await shot('2-register-form', dialog);
  const response = await submit(dialog, 'Register model', 'POST', '/models');
  expect(response.status() === 201, `registering was answered ${response.status()}`);
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('textbox', { name: 'Filter models' }).fill(STAMP);
  await visible(modelRow().getByText('Catalog test model'));
  await visible(modelRow().getByText('8 GB'));
  expect(await modelRow().getByRole('switch', { name: `Model ${MODEL} active` }).isChecked(), 'the new model is not shown active');
  await shot('3-model-listed', modelRow());
});

await step('the model is edited', async () => {
  await page.getByRole('button', { name: `Edit model ${MODEL}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit model ${MODEL}` });
  await visible(dialog);
  expect(await dialog.getByRole('textbox', { name: 'Model id' }).inputValue() === MODEL, 'the edit form does not show the model id');
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Catalog test model, edited');
  await dialog.getByRole('textbox', { name: /^GPU memory needed/ }).fill('12');
  const response = await submit(dialog, 'Save', 'PUT', modelPath);
  expect(response.status() === 200, `saving was answered ${response.status()}`);
  await dialog.waitFor({ state: 'hidden' });
  await visible(modelRow().getByText('Catalog test model, edited'));
  await visible(modelRow().getByText('12 GB'));
  const stored = await call('GET', modelPath);
  expect(stored.body.name === 'Catalog test model, edited' && stored.body.required_vram_gb === 12, `the platform holds ${JSON.stringify(stored.body)}`);
  await shot('4-model-edited', modelRow());
});

await step('bad inputs are answered in words: an invalid model id, a missing number, a code in capitals', async () => {
  expected.add('POST /models');
  expected.add(`PUT ${modelPath}`);
  expected.add('POST /zones');
  // an id with a space and a '!'
  await page.getByRole('button', { name: 'Register a model' }).click();
  let dialog = page.getByRole('dialog', { name: 'Register a model' });
  await dialog.getByRole('textbox', { name: 'Model id' }).fill(`bad id ${STAMP}!`);
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Bad');
  await dialog.getByRole('textbox', { name: /^GPU memory needed/ }).fill('8');
  await dialog.getByRole('textbox', { name: /^Data volume/ }).fill('20');
  await dialog.getByRole('textbox', { name: /^Context length/ }).fill('4096');
  let response = await submit(dialog, 'Register model', 'POST', '/models');
  expect(response.status() === 400, `the bad id was answered ${response.status()}`);
  let detail = (await response.json()).detail;
  expect(/model id/.test(detail), `the platform's words name no model id: ${detail}`);
  await visible(dialog.getByRole('alert').getByText(detail));
  await shot('5-bad-model-id', dialog.getByRole('alert'));
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // the GPU memory emptied: the platform names the field, and the form shows its words under it
  await page.getByRole('button', { name: `Edit model ${MODEL}` }).click();
  dialog = page.getByRole('dialog', { name: `Edit model ${MODEL}` });
  await dialog.getByRole('textbox', { name: /^GPU memory needed/ }).fill('');
  response = await submit(dialog, 'Save', 'PUT', modelPath);
  expect(response.status() === 400, `the missing number was answered ${response.status()}`);
  detail = (await response.json()).detail;
  expect(detail.startsWith('required_vram_gb '), `the platform's words: ${detail}`);
  await visible(dialog.getByRole('alert').getByText(detail));
  await visible(dialog.getByText(detail.slice('required_vram_gb '.length), { exact: true }));
  await shot('6-missing-number', dialog);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await visible(modelRow().getByText('12 GB'));

  // a zone code in capitals, shown under the code
  await page.getByRole('tab', { name: /^Zones/ }).click();
  await page.getByRole('button', { name: 'Add a zone' }).click();
  dialog = page.getByRole('dialog', { name: 'Add a zone' });
  await choose('Region', /^local-eu ·/);
  await dialog.getByRole('textbox', { name: 'Code' }).fill(`Bad Zone ${STAMP}`);
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Bad zone');
  response = await submit(dialog, 'Add zone', 'POST', '/zones');
  expect(response.status() === 400, `the bad code was answered ${response.status()}`);
  detail = (await response.json()).detail;
  await visible(dialog.getByRole('alert').getByText(detail));
  await visible(dialog.getByText("must be lower-case letters, digits, '.', '_' or '-'", { exact: true }));
  await shot('7-bad-zone-code', dialog);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('tab', { name: /^Models/ }).click();
});

await step('a change made elsewhere arrives live, and a model is deactivated here', async () => {
  const changed = await call('PUT', modelPath, { name: 'Renamed elsewhere', required_vram_gb: 12, data_volume_gb: 20, context_length: 4096, active: true });
  expect(changed.status === 200, `the change elsewhere was answered ${changed.status}`);
  await visible(modelRow().getByText('Renamed elsewhere'));
  const toggle = modelRow().getByRole('switch', { name: `Model ${MODEL} active` });
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === modelPath && r.status() === 200),
    toggle.click({ force: true }),
  ]);
  await visible(modelRow().getByText('Inactive'));
  await page.waitForFunction(async (p) => (await (await fetch(p)).json()).active === false, modelPath, { timeout: 10_000 });
  expect(!(await toggle.isChecked()), 'the switch still shows the model active');
  await closeNotices();
  await shot('8-model-inactive', modelRow());
});

await step('an instance type is added, offered in two zones, and repriced; its price history shows both prices', async () => {
  await page.getByRole('tab', { name: /^Instance types/ }).click();
  await page.getByRole('button', { name: 'Add an instance type' }).click();
  let dialog = page.getByRole('dialog', { name: 'Add an instance type' });
  await choose('Provider', /^local ·/);
  await dialog.getByRole('textbox', { name: 'Code' }).fill(TYPE);
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Catalog test type');
  await dialog.getByRole('textbox', { name: 'GPU model' }).fill('L4');
  await dialog.getByRole('textbox', { name: 'GPUs' }).fill('1');
  await dialog.getByRole('textbox', { name: /^GPU memory per GPU/ }).fill('24');
  await dialog.getByRole('textbox', { name: 'vCPUs' }).fill('8');
  await dialog.getByRole('textbox', { name: /^RAM/ }).fill('32');
  await dialog.getByRole('textbox', { name: /^Price/ }).fill('0.5');
  let response = await submit(dialog, 'Add instance type', 'POST', '/instance_types');
  expect(response.status() === 201, `adding the type was answered ${response.status()}`);
  const typeId = (await response.json()).id;
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('textbox', { name: 'Filter instance types' }).fill(TYPE);
  await visible(typeRow().getByText('none'));

  await page.getByRole('button', { name: `Zones of ${TYPE}` }).click();
  dialog = page.getByRole('dialog', { name: `Zones of ${TYPE}` });
  for (const zone of ZONES) {
    await dialog.getByRole('checkbox', { name: zone }).check();
  }
  await shot('9-zones-form', dialog);
  response = await submit(dialog, 'Save zones', 'PUT', `/instance_types/${typeId}/zones`);
  expect(response.status() === 200, `the zones were answered ${response.status()}`);
  await dialog.waitFor({ state: 'hidden' });
  for (const zone of ZONES) {
    await visible(typeRow().getByText(zone, { exact: true }));
  }

  await page.getByRole('button', { name: `Edit instance type ${TYPE}` }).click();
  dialog = page.getByRole('dialog', { name: `Edit instance type ${TYPE}` });
  await dialog.getByRole('textbox', { name: /^Price/ }).fill('0.61');
  response = await submit(dialog, 'Save', 'PUT', `/instance_types/${typeId}`);
  expect(response.status() === 200, `the new price was answered ${response.status()}`);
  await dialog.waitFor({ state: 'hidden' });
  await visible(typeRow().getByRole('cell', { name: '0.61', exact: true }));
  await closeNotices();
  await shot('10-type-listed', typeRow());

  await page.getByRole('button', { name: `Prices of ${TYPE}` }).click();
  dialog = page.getByRole('dialog', { name: `Prices of ${TYPE}` });
  const history = dialog.getByRole('table', { name: 'Price history' });
  await history.getByRole('row').nth(2).waitFor({ timeout: 10_000 });
  expect(await history.getByRole('row').count() === 3, 'the history does not hold two prices');
  await visible(history.getByRole('row').nth(1).getByRole('cell', { name: '0.5', exact: true }));
  await visible(history.getByRole('row').nth(2).getByRole('cell', { name: '0.61', exact: true }));
  await visible(history.getByRole('row').nth(2).getByText('current'));
  await visible(history.getByText('admin (you)').first());
  await shot('11-price-history', history);
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await dialog.waitFor({ state: 'hidden' });

  // left as the catalog keeps what it no longer sells: in no zone, inactive
  const zones = await call('PUT', `/instance_types/${typeId}/zones`, { zone_ids: [] });
  expect(zones.status === 200, `emptying the zones was answered ${zones.status}`);
  await visible(typeRow().getByText('none'));
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === `/instance_types/${typeId}` && r.status() === 200),
    typeRow().getByRole('switch', { name: `Instance type ${TYPE} active` }).click({ force: true }),
  ]);
  await visible(typeRow().getByText('Inactive'));
});

await step('a sync from the providers runs and its result is shown', async () => {
  await closeNotices();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/catalog/sync'),
    page.getByRole('button', { name: 'Sync from providers' }).click(),
  ]);
  expect(response.status() === 200, `the sync was answered ${response.status()}`);
  const { providers } = await response.json();
  const result = page.getByRole('region', { name: 'Sync result' });
  await visible(result);
  if (providers.length === 0) {
    await visible(result.getByText(/No provider sells through an API/));
  } else {
    for (const outcome of providers) {
      await visible(result.getByText(outcome.provider, { exact: true }));
    }
  }
  await shot('12-sync', result);
});

await step('a user who is not a platform admin is refused in words', async () => {
  const username = `catalog-reader-${STAMP}`;
  const userPassword = `reader-${STAMP}-password`;
  const user = await call('POST', '/users', { username, password: userPassword });
  expect(user.status === 201, `creating the user was answered ${user.status}`);
  const reader = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  try {
    await reader.goto(url);
    await reader.getByLabel('Username or email').fill(username);
    await reader.getByLabel(/^Password/).fill(userPassword);
    await reader.getByRole('button', { name: 'Log in' }).click();
    await reader.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalog' }).click();
    await visible(reader.getByText(/only platform admins change it/));
    await reader.getByRole('tab', { name: /^Models/ }).click();
    await visible(reader.getByRole('table', { name: 'Models' }).getByRole('cell', { name: MODEL, exact: true }));
    await reader.getByRole('button', { name: 'Register a model' }).click();
    const dialog = reader.getByRole('dialog', { name: 'Register a model' });
    await dialog.getByRole('textbox', { name: 'Model id' }).fill(`${MODEL}-reader`);
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Not allowed');
    await dialog.getByRole('textbox', { name: /^GPU memory needed/ }).fill('8');
    await dialog.getByRole('textbox', { name: /^Data volume/ }).fill('20');
    await dialog.getByRole('textbox', { name: /^Context length/ }).fill('4096');
    const [response] = await Promise.all([
      reader.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/models'),
      dialog.getByRole('button', { name: 'Register model', exact: true }).click(),
    ]);
    expect(response.status() === 403, `the reader's model was answered ${response.status()}`);
    const detail = (await response.json()).detail;
    await visible(dialog.getByRole('alert').getByText(detail));
    await reader.screenshot({ path: new URL('../target/screenshots/catalog-13-refused.png', import.meta.url).pathname });
  } finally {
    await reader.close();
    await call('DELETE', `/users/${user.body.user_id}`);
  }
});

await step('no page error nor unexpected failed call', async () => {
  expect(problems.length === 0, problems.join('; '));
});

await browser.close();
console.log('catalog: all steps passed');
