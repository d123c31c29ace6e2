// Replay & audit and an instance's page in headless Chromium, against a running platform (the local cloud):
// deploy a model (through the API) and wait for it to be READY; open Replay & audit and see the event processors; verify the
// audit chain; replay a cheap projection (catalog) and see it finish; pick an instant before the deployment, then one after it,
// and see the instance missing, then there; pick an instant in the future and see why it is refused; open the instance from
// there and see its state history, its install phases and its metrics chart, following new heartbeats when the platform streams
// them (its `metrics` topic).
// Settings: see harness.mjs.
// A screenshot per step goes to target/screenshots/audit-*.png; target/screenshots/audit-failure.png when a step fails.
import { expect, openConsole } from './harness.mjs';

const ZONE = 'local-eu-1';
const TYPE = 'L4-1-24G';
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const PROCESSOR = 'catalog';

// before logging in, the console asks who is signed in: 401 is the answer expected then
const { page, browser, problems, step, visible, shot, logIn } = await openConsole('audit', {
  height: 768,
  ignore: (r) => r.status() === 401 && r.url().endsWith('/auth/me'),
});

const nav = (label) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();

/** A call of the admin API in the page's session (its cookie). */
const call = (method, path, body) => page.evaluate(async ([method, path, body]) => {
  const r = await fetch(path, { method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, body: r.status === 204 ? null : await r.json().catch(() => null) };
}, [method, path, body]);

/** Whether the platform streams this instance's heartbeats (its `metrics` topic). */
const streamsMetrics = (instanceId) => page.evaluate(async (url) => {
  const aborted = new AbortController();
  const r = await fetch(url, { signal: aborted.signal });
  aborted.abort();
  return r.status === 200;
}, `/events/stream?topics=metrics&instance_id=${instanceId}`);

const pad = (n) => String(n).padStart(2, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Picks an instant (to the second, in the browser's time zone, which is this machine's) in the "As of" picker. */
async function pickAsOf(instant) {
  const d = new Date(instant);
  await page.getByRole('button', { name: 'As of' }).click();
  const dropdown = page.locator('.mantine-Popover-dropdown');
  await visible(dropdown);
  // the month shown is the one of the value, or of today: step to the month wanted
  const label = `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
  for (let i = 0; i < 24 && !(await dropdown.getByRole('button', { name: label, exact: true }).isVisible()); i++) {
    const header = await dropdown.locator('.mantine-CalendarHeader-calendarHeaderLevel').innerText();
    const shown = new Date(`1 ${header}`);
    await dropdown.locator(shown < new Date(d.getFullYear(), d.getMonth(), 1) ? '[data-direction="next"]' : '[data-direction="previous"]').click();
  }
  await dropdown.getByRole('button', { name: label, exact: true }).click();
  for (const [field, value] of [['Hours', d.getHours()], ['Minutes', d.getMinutes()], ['Seconds', d.getSeconds()]]) {
    await dropdown.getByRole('spinbutton', { name: field }).fill(pad(value));
  }
  await dropdown.getByRole('button', { name: 'Apply the instant' }).click();
  await dropdown.waitFor({ state: 'hidden' });
}

let instanceId;
let beforeDeployment;
let readyAt;
let liveMetrics;

await step('admin logs in and a model is deployed (through the API) until READY', async () => {
  await logIn();
  const zones = await call('GET', '/zones');
  const types = await call('GET', '/instance_types');
  const zone = zones.body.find((z) => z.code === ZONE);
  const type = types.body.find((t) => t.code === TYPE);
  expect(zone && type, `the catalog has no ${TYPE} in ${ZONE}`);
  // the books keep microseconds, the picker seconds: a whole second before the deployment is before it
  beforeDeployment = Math.floor(Date.now() / 1000) * 1000 - 1000;
  const deployed = await call('POST', '/deployments', { model_id: MODEL, instance_type_id: type.id, zone_id: zone.id });
  expect(deployed.status === 201, `the deployment was answered ${deployed.status} ${JSON.stringify(deployed.body)}`);
  instanceId = deployed.body.instance_id;
  const until = Date.now() + 120_000;
  let instance;
  do {
    await page.waitForTimeout(1000);
    instance = (await call('GET', `/instances/${instanceId}`)).body;
  } while (instance.status !== 'READY' && !/FAILED/.test(instance.status) && Date.now() < until);
  expect(instance.status === 'READY', `the instance is ${instance.status}`);
  readyAt = Date.parse(instance.ready_at);
  liveMetrics = await streamsMetrics(instanceId);
  console.log(`     instance ${instanceId} READY`);
});

await step('Replay & audit lists the event processors', async () => {
  await nav('Replay & audit');
  await visible(page.getByRole('heading', { name: 'Replay & audit' }));
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  const table = page.getByRole('table', { name: 'Event processors' });
  for (const name of ['instances', 'action-log', PROCESSOR, 'audit-chain']) {
    await visible(table.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) }));
  }
  const chain = table.getByRole('row').filter({ has: page.getByRole('cell', { name: 'audit-chain', exact: true }) });
  await visible(chain.getByText('Not replayable'));
  expect(await chain.getByRole('button').count() === 0, 'the audit chain can be replayed from the page');
  await shot('1-processors', table);
});

await step('the audit chain is verified and found intact', async () => {
  await page.getByRole('button', { name: 'Verify the audit chain' }).click();
  const result = page.getByTestId('audit-result');
  await visible(result.getByText('The event log is intact'));
  await visible(result.getByText(/^[\d,. ]+ events verified, every link holds\.$/));
  expect(/[0-9a-f]{64}/.test(await result.innerText()), 'no head hash is shown');
  await shot('2-audit-chain', result);
});

await step(`a replay of ${PROCESSOR} is started, followed, and finishes`, async () => {
  const row = page.getByRole('table', { name: 'Event processors' }).getByRole('row')
    .filter({ has: page.getByRole('cell', { name: PROCESSOR, exact: true }) });
  await row.getByRole('button', { name: `Replay ${PROCESSOR}` }).click();
  const dialog = page.getByRole('dialog', { name: `Replay ${PROCESSOR}?` });
  await visible(dialog.getByText(/emptied, then rebuilt from every event/));
  await dialog.getByRole('button', { name: `Replay ${PROCESSOR}` }).click();
  await dialog.waitFor({ state: 'hidden' });
  const status = page.getByTestId('replay-status');
  await visible(status.getByText(`Replay of ${PROCESSOR} finished`), 60_000);
  await visible(status.getByText(/^Rebuilt from [\d,. ]+ events in [\d.]+ s; it follows the log again\.$/));
  await visible(row.getByText('Caught up'));
  await shot('3-replay-finished', status);
});

let instancesThen;

await step('the platform as of an instant before the deployment has not the instance, as of one after it has it READY', async () => {
  const panel = page.getByRole('heading', { name: 'Time travel' }).locator('xpath=ancestor::div[contains(@class,"mantine-Paper-root")][1]');
  await panel.scrollIntoViewIfNeeded();
  await pickAsOf(beforeDeployment);
  const view = page.getByTestId('as-of-view');
  const shownBefore = new Date(beforeDeployment).toLocaleString('en-US');
  await visible(view.getByRole('heading', { name: /^As the platform stood at / }));
  await page.waitForFunction(() => document.querySelector('[data-testid="as-of-view"]')?.getAttribute('aria-busy') === 'false');
  const link = view.getByRole('link', { name: `Instance ${instanceId.slice(0, 8)}` });
  expect(await link.count() === 0, `the instance shows as of ${shownBefore}, before it was asked for`);
  const countBefore = await view.getByRole('group', { name: 'Instances then' }).innerText();
  await shot('4-as-of-before', view.getByRole('group', { name: 'Instances then' }));

  // a second after it became READY, and not in the future
  const after = Math.ceil((readyAt + 1) / 1000) * 1000;
  if (after > Date.now()) await page.waitForTimeout(after - Date.now() + 200);
  await pickAsOf(after);
  await visible(link);
  instancesThen = view.getByRole('table', { name: 'Instances then' });
  const row = instancesThen.getByRole('row').filter({ has: page.getByRole('link', { name: `Instance ${instanceId.slice(0, 8)}` }) });
  await visible(row.getByText('READY', { exact: true }));
  await visible(row.getByText(MODEL));
  const countAfter = await view.getByRole('group', { name: 'Instances then' }).innerText();
  expect(countAfter !== countBefore, `the number of instances did not change (${countAfter})`);
  await shot('5-as-of-after', row);
});

await step('an instant in the future is refused in words', async () => {
  await pickAsOf(Date.now() + 2 * 86_400_000);
  await visible(page.getByText('This instant is in the future: the books only hold what has been recorded up to now.'));
  await page.getByTestId('as-of-view').waitFor({ state: 'detached' });
  await shot('6-as-of-future', page.getByText(/This instant is in the future/));
  // back to an instant of the past, to open the instance from there
  await pickAsOf(Math.ceil((readyAt + 1) / 1000) * 1000);
  await visible(page.getByTestId('as-of-view').getByRole('link', { name: `Instance ${instanceId.slice(0, 8)}` }));
});

await step('the instance page shows its state history, install phases and metrics', async () => {
  await page.getByTestId('as-of-view').getByRole('link', { name: `Instance ${instanceId.slice(0, 8)}` }).click();
  const heading = page.getByRole('heading', { name: `Instance ${instanceId.slice(0, 8)}` });
  await visible(heading);
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  const timeline = page.getByTestId('state-history');
  for (const status of ['PROVISIONING', 'BOOTING', 'INSTALLING', 'STARTING', 'READY']) {
    await visible(timeline.getByText(status, { exact: true }));
  }
  await visible(timeline.getByText('current', { exact: true }));
  await visible(timeline.getByText(/^for \d+(\.\d)? s$/).first());
  await shot('7-instance-state-history', heading, timeline);

  const phases = page.getByTestId('install-phases');
  for (const phase of ['check_gpu', 'install_agent', 'start_agent']) {
    const row = phases.getByRole('row').filter({ has: page.getByText(phase, { exact: true }) });
    await visible(row.getByText('Done', { exact: true }));
    expect(/\d+(\.\d)? s|\d+ min/.test(await row.innerText()), `the phase ${phase} has no duration`);
  }
  await shot('8-install-phases', phases);

  const charts = page.getByTestId('metrics-charts');
  await visible(charts, 20_000);
  await visible(page.getByTestId('metrics-last-heartbeat'));
  // a flat line (nothing queued) has no height: drawn is a path through the points
  for (const figure of ['Requests running and queued', 'GPU utilisation and KV-cache memory']) {
    const curve = page.getByRole('figure', { name: figure }).locator('path.recharts-line-curve').first();
    await curve.waitFor({ state: 'attached' });
    expect(/^M[\d.,\s-]+[LC]/.test((await curve.getAttribute('d')) ?? ''), `the chart ${figure} draws no line`);
  }
  const heartbeats = page.getByRole('status', { name: 'Heartbeats' });
  expect(liveMetrics, 'the platform does not stream heartbeats (its metrics topic)');
  await visible(heartbeats.getByText('Following heartbeats'));
  const before = Number(await charts.getAttribute('data-points'));
  let loads = 0;
  page.on('load', () => loads++);
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="metrics-charts"]')?.getAttribute('data-points')) > n,
    before, { timeout: 30_000 });
  expect(loads === 0, 'the page was reloaded');
  console.log(`     a heartbeat arrived live: ${before} points, then more`);
  await page.getByRole('heading', { name: 'Metrics' }).scrollIntoViewIfNeeded();
  await shot('9-metrics', charts);
});

await step('the instance is terminated (through the API), leaving nothing running', async () => {
  const ended = await call('DELETE', `/instances/${instanceId}?reason=${encodeURIComponent('end of the audit test')}`);
  expect(ended.status < 300, `the termination was answered ${ended.status}`);
  await visible(page.getByRole('heading', { name: `Instance ${instanceId.slice(0, 8)}` }).locator('..').getByText('TERMINATED', { exact: true }), 60_000);
});

await browser.close();
const unexpected = problems;
if (unexpected.length) {
  console.log(unexpected.join('\n'));
  process.exit(1);
}
