// A model service's scaling policy in headless Chromium, against a running platform (the local cloud):
// publish a service (through the API), open its page from the list, set a policy (min 0, max 1, one placement
// local-eu-1 / L4-1-24G, 4 queued requests per instance) and see it shown; remove it; see a bad policy (min > max)
// answered with the API's own words; see the decisions table list the policy changes.
// Settings: see harness.mjs.
// A screenshot per step goes to target/screenshots/scaling-*.png; target/screenshots/scaling-failure.png when a step fails.
import { expect, openConsole } from './harness.mjs';

const ZONE = 'local-eu-1';
const TYPE = 'L4-1-24G';
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const SERVICE = `default/scaling-${Date.now().toString(36)}`;

const expected = new Set();
// before logging in, the console asks who is signed in: 401 is the answer expected then
const { url, password, browser, page, problems, step, visible, shot, choose } = await openConsole('scaling', {
  ignore: (r) => expected.has(r.url()) || (r.status() === 401 && r.url().endsWith('/auth/me')),
});



let serviceId;
const editor = () => page.getByRole('form', { name: 'Scaling policy editor' });
const summary = () => page.getByTestId('scaling-summary');

await step('admin logs in', async () => {
  await page.goto(url);
  await page.getByLabel('Username or email').fill('admin');
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await visible(page.getByRole('heading', { name: 'Instances' }));
});

await step('a model service is published and opened from the list', async () => {
  // in the page's session: the same cookie
  const created = await page.evaluate(async ([name, model]) => {
    const r = await fetch('/model_services', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, model_id: model }) });
    return { status: r.status, body: await r.json() };
  }, [SERVICE, MODEL]);
  expect(created.status === 201, `publishing was answered ${created.status}`);
  serviceId = created.body.id;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Model services' }).click();
  await page.getByRole('link', { name: `Model service ${SERVICE}` }).click();
  await visible(page.getByRole('heading', { name: SERVICE }));
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  await visible(summary().getByText(/No scaling policy/));
  await shot('1-service');
});

await step('a scaling policy is set and shown', async () => {
  await choose('Zone 1', new RegExp(`^${ZONE}`));
  await choose('Instance type 1', new RegExp(`^${TYPE}`));
  await editor().getByRole('textbox', { name: /^Minimum instances/ }).fill('0');
  await editor().getByRole('textbox', { name: /^Maximum instances/ }).fill('1');
  await editor().getByRole('textbox', { name: /^Queued requests per instance/ }).fill('4');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/model_services/${serviceId}/scaling`) && r.request().method() === 'PUT'),
    editor().getByRole('button', { name: 'Save scaling policy' }).click(),
  ]);
  expect(response.status() === 200, `the policy was answered ${response.status()}`);
  const shown = summary();
  await visible(shown.getByText(`1. ${ZONE} / ${TYPE}`));
  await visible(shown.getByText('0 to 1', { exact: true }));
  expect((await shown.getByText('4', { exact: true }).count()) === 1, 'the queued requests per instance are not shown');
  await visible(page.getByRole('table', { name: 'Scaling decisions' }).getByText('Scaling policy set').first());
  await shot('2-policy-set');
});

await step('the scaling policy is removed', async () => {
  await editor().getByRole('button', { name: 'Remove scaling policy' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove the scaling policy?' });
  await visible(dialog);
  await dialog.getByRole('button', { name: 'Remove policy' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await visible(summary().getByText(/No scaling policy/));
  await visible(editor());
  expect(!(await editor().getByRole('button', { name: 'Remove scaling policy' }).isVisible()), 'the remove button stays');
  // two policy changes in the decisions table, the second arriving live or by the reload after the change
  await page.getByRole('table', { name: 'Scaling decisions' }).getByRole('row').nth(2).waitFor({ timeout: 10_000 });
  await shot('3-policy-removed');
});

await step('a bad policy (min > max) is answered in words', async () => {
  expected.add(new URL(`/model_services/${serviceId}/scaling`, page.url()).href);
  await choose('Zone 1', new RegExp(`^${ZONE}`));
  await choose('Instance type 1', new RegExp(`^${TYPE}`));
  await editor().getByRole('textbox', { name: /^Minimum instances/ }).fill('3');
  await editor().getByRole('textbox', { name: /^Maximum instances/ }).fill('1');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/model_services/${serviceId}/scaling`) && r.request().method() === 'PUT'),
    editor().getByRole('button', { name: 'Save scaling policy' }).click(),
  ]);
  expect(response.status() === 400, `the bad policy was answered ${response.status()}`);
  const detail = (await response.json()).detail;
  const alert = editor().getByRole('alert');
  await visible(alert);
  await visible(alert.getByText(detail));
  await visible(summary().getByText(/No scaling policy/));
  await shot('4-bad-policy');
});

await step('no page error nor unexpected failed call', async () => {
  expect(problems.length === 0, problems.join('; '));
});

// clean up: retire the service (through the API)
await page.evaluate(async (id) => fetch(`/model_services/${id}`, { method: 'DELETE' }), serviceId);
await browser.close();
console.log('scaling: all steps passed');
