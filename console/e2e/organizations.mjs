// Organizations and members in headless Chromium, against a running platform: create an organization and a user, add
// the user as a member, change their role, set (and remove) a token budget and an instance quota, see a bad budget and an
// unknown user answered in the API's own words, remove the member, act in the organization and back, and deactivate the user.
// Settings: see harness.mjs.
// A screenshot per step goes to target/screenshots/organizations-*.png; target/screenshots/organizations-failure.png when a step fails.
import { expect, openConsole } from './harness.mjs';

const RUN = Date.now().toString(36);
const ORG = `e2e-org-${RUN}`;
const USER = `e2e-user-${RUN}`;
const NOBODY = `nobody-${RUN}`;

const expected = new Set();
// before logging in, the console asks who is signed in: 401 is the answer expected then
const { page, problems, browser, step, visible, shot, choose, logIn } = await openConsole('organizations', {
  height: 768,
  ignore: (r) => expected.has(`${r.request().method()} ${new URL(r.url()).pathname}`) || (r.status() === 401 && r.url().endsWith('/auth/me')),
});

let orgId;
let homeOrganization;
const members = () => page.getByRole('table', { name: 'Members' });
const memberRow = () => page.getByTestId(`member-${USER}`);
const budgetForm = () => page.getByRole('form', { name: 'Token budget' });
const quotaForm = () => page.getByRole('form', { name: 'Instance quota' });
const addForm = () => page.getByRole('form', { name: 'Add a member' });
const header = () => page.getByRole('banner');

/** Clicks, and returns the answer of the call it makes. */
async function answerTo(method, path, click) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname === path),
    click(),
  ]);
  return response;
}

await step('admin logs in', async () => {
  await logIn();
  homeOrganization = await page.evaluate(async () => (await (await fetch('/auth/me')).json()).current_organization);
  expect(homeOrganization, 'admin acts in no organization');
});

await step('an organization is created and listed', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).click();
  await visible(page.getByRole('heading', { name: 'Organizations', exact: true }));
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  await page.getByRole('button', { name: 'Create an organization' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create an organization' });
  await dialog.getByRole('textbox', { name: /^Name/ }).fill(ORG);
  const response = await answerTo('POST', '/organizations', () => dialog.getByRole('button', { name: 'Create', exact: true }).click());
  expect(response.status() === 201, `creating the organization was answered ${response.status()}`);
  orgId = (await response.json()).id;
  await dialog.waitFor({ state: 'hidden' });
  const row = page.getByRole('table', { name: 'Organizations' }).getByRole('row').filter({ hasText: ORG });
  await visible(row.getByText('Owner'));
  await visible(row.getByRole('button', { name: `Act in ${ORG}` }));
  await shot('1-organization-created', page.getByRole('link', { name: `Organization ${ORG}` }));
});

await step('a user is created by the platform admin', async () => {
  await page.getByRole('tab', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'Create a user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a user' });
  await dialog.getByRole('textbox', { name: /^Username/ }).fill(USER);
  await dialog.getByRole('textbox', { name: /^Email/ }).fill(`${USER}@example.com`);
  await dialog.getByRole('textbox', { name: /^Display name/ }).fill(`E2E ${RUN}`);
  await dialog.getByLabel(/^Password/).fill(`pw-${RUN}-secret`);
  const response = await answerTo('POST', '/users', () => dialog.getByRole('button', { name: 'Create user' }).click());
  expect(response.status() === 201, `creating the user was answered ${response.status()}`);
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('textbox', { name: 'Search users' }).fill(USER);
  const table = page.getByRole('table', { name: 'Users' });
  // the search has been answered when only the new user is listed under the header
  await table.getByRole('row').nth(2).waitFor({ state: 'detached' });
  const row = table.getByRole('row').filter({ hasText: USER });
  await visible(row.getByText(`${USER}@example.com`));
  await visible(row.getByText('active'));
  await shot('2-user-created', row);
});

await step('the organization is opened from the list', async () => {
  await page.getByRole('tab', { name: 'Organizations' }).click();
  await page.getByRole('link', { name: `Organization ${ORG}` }).click();
  await visible(page.getByRole('heading', { name: ORG }));
  await visible(page.getByRole('status').getByText('Live', { exact: true }));
  await visible(members().getByRole('row').filter({ hasText: 'admin' }));
  await visible(budgetForm().getByTestId('budget-summary').getByText('No budget'));
  await visible(quotaForm().getByTestId('quota-summary').getByText('No cap on instances'));
  await shot('3-organization', page.getByRole('heading', { name: ORG }), members());
});

await step('an unknown user is answered in words', async () => {
  expected.add(`POST /organizations/${orgId}/members`);
  await addForm().getByRole('combobox', { name: /^User/ }).fill(NOBODY);
  const response = await answerTo('POST', `/organizations/${orgId}/members`,
    () => addForm().getByRole('button', { name: 'Add member' }).click());
  expect(response.status() === 422, `the unknown user was answered ${response.status()}`);
  const alert = addForm().getByRole('alert');
  await visible(alert.getByText(`no user '${NOBODY}' exists`));
  await shot('4-unknown-user', alert);
  expected.delete(`POST /organizations/${orgId}/members`);
});

await step('the user is added as a member', async () => {
  const field = addForm().getByRole('combobox', { name: /^User/ });
  await field.fill(USER);
  // the platform's users are suggested as one types
  await visible(page.getByRole('option', { name: new RegExp(USER) }));
  await page.getByRole('option', { name: new RegExp(USER) }).click();
  const response = await answerTo('POST', `/organizations/${orgId}/members`,
    () => addForm().getByRole('button', { name: 'Add member' }).click());
  expect(response.status() === 201, `adding the member was answered ${response.status()}`);
  await visible(memberRow());
  expect(await memberRow().getByRole('combobox', { name: `Role of ${USER}` }).inputValue() === 'Member', 'the new member is not a member');
  await visible(memberRow().getByText(`${USER}@example.com`));
  await shot('5-member-added', memberRow());
});

await step("the member's role is changed to admin, and stays after a reload", async () => {
  const response = await answerTo('PUT', `/organizations/${orgId}/members/${await memberUserId()}`,
    () => choose(`Role of ${USER}`, 'Admin'));
  expect(response.status() === 200, `the role change was answered ${response.status()}`);
  await page.reload();
  await visible(memberRow());
  await expectValue(memberRow().getByRole('combobox', { name: `Role of ${USER}` }), 'Admin');
  await shot('6-role-changed', memberRow());
});

await step('a token budget is set', async () => {
  await budgetForm().getByRole('textbox', { name: /^Budget \(EUR\)/ }).fill('25');
  await choose(/^Period/, 'Per month (UTC)');
  const response = await answerTo('PUT', `/organizations/${orgId}/budget`,
    () => budgetForm().getByRole('button', { name: 'Save budget' }).click());
  expect(response.status() === 200, `the budget was answered ${response.status()}`);
  await visible(budgetForm().getByTestId('budget-summary').getByText('25 EUR per month'));
  await shot('7-budget-set', budgetForm());
});

await step('a negative budget is answered in words and changes nothing', async () => {
  expected.add(`PUT /organizations/${orgId}/budget`);
  await budgetForm().getByRole('textbox', { name: /^Budget \(EUR\)/ }).fill('-5');
  const response = await answerTo('PUT', `/organizations/${orgId}/budget`,
    () => budgetForm().getByRole('button', { name: 'Save budget' }).click());
  expect(response.status() === 400, `the negative budget was answered ${response.status()}`);
  const detail = (await response.json()).detail;
  expect(/amount_eur/.test(detail), `the answer does not name the field: ${detail}`);
  const alert = budgetForm().getByRole('alert');
  await visible(alert.getByText(detail));
  await visible(budgetForm().getByTestId('budget-summary').getByText('25 EUR per month'));
  const stored = await page.evaluate(async (id) => (await fetch(`/organizations/${id}/budget`)).json(), orgId);
  expect(stored.amount_eur === '25' && stored.period === 'month', `the budget changed: ${JSON.stringify(stored)}`);
  await shot('8-negative-budget', alert);
  expected.delete(`PUT /organizations/${orgId}/budget`);
});

await step('an instance quota is set, then lifted; the budget is removed', async () => {
  await quotaForm().getByRole('textbox', { name: /^Maximum unfinished instances/ }).fill('2');
  let response = await answerTo('PUT', `/organizations/${orgId}/quota`, () => quotaForm().getByRole('button', { name: 'Save quota' }).click());
  expect(response.status() === 200, `the quota was answered ${response.status()}`);
  await visible(quotaForm().getByTestId('quota-summary').getByText('At most 2 unfinished instances'));
  await shot('9-quota-set', quotaForm(), budgetForm());
  response = await answerTo('DELETE', `/organizations/${orgId}/quota`, () => quotaForm().getByRole('button', { name: 'Lift quota' }).click());
  expect(response.status() === 200, `lifting the quota was answered ${response.status()}`);
  await visible(quotaForm().getByTestId('quota-summary').getByText('No cap on instances'));
  response = await answerTo('DELETE', `/organizations/${orgId}/budget`, () => budgetForm().getByRole('button', { name: 'Remove budget' }).click());
  expect(response.status() === 200, `removing the budget was answered ${response.status()}`);
  await visible(budgetForm().getByTestId('budget-summary').getByText('No budget'));
});

await step('the member is removed', async () => {
  await memberRow().getByRole('button', { name: `Remove ${USER}` }).click();
  const dialog = page.getByRole('dialog', { name: `Remove ${USER} from ${ORG}?` });
  await visible(dialog);
  await shot('10-remove-member', dialog);
  const response = await answerTo('DELETE', `/organizations/${orgId}/members/${await memberUserId()}`,
    () => dialog.getByRole('button', { name: 'Remove member' }).click());
  expect(response.status() === 204, `removing the member was answered ${response.status()}`);
  await dialog.waitFor({ state: 'hidden' });
  await memberRow().waitFor({ state: 'detached' });
  expect((await members().getByRole('row').count()) === 2, 'the members table does not hold only its header and the owner');
  await shot('11-member-removed', members());
});

await step('the admin acts in the new organization, then back in their own', async () => {
  const response = await answerTo('PUT', '/auth/me/organization', () => page.getByRole('button', { name: 'Act in this organization' }).click());
  expect(response.status() === 200, `switching was answered ${response.status()}`);
  await visible(page.getByText('Current organization', { exact: true }));
  // the session's `me` follows, without a reload: the header names the organization
  await visible(header().getByText(new RegExp(`· ${ORG}$`)));
  await shot('12-switched', header().getByText(new RegExp(`· ${ORG}$`)));
  await page.getByRole('link', { name: '← Organizations' }).click();
  const row = page.getByRole('table', { name: 'Organizations' }).getByRole('row').filter({ hasText: ORG });
  await visible(row.getByText('Current', { exact: true }));
  await answerTo('PUT', '/auth/me/organization', () => page.getByRole('button', { name: `Act in ${homeOrganization.name}` }).click());
  await visible(header().getByText(new RegExp(`· ${homeOrganization.name}$`)));
  await visible(row.getByRole('button', { name: `Act in ${ORG}` }));
});

await step('the user is deactivated', async () => {
  await page.getByRole('tab', { name: 'Users' }).click();
  await page.getByRole('textbox', { name: 'Search users' }).fill(USER);
  const table = page.getByRole('table', { name: 'Users' });
  await table.getByRole('row').nth(2).waitFor({ state: 'detached' });
  const row = table.getByRole('row').filter({ hasText: USER });
  await row.getByRole('button', { name: `Deactivate ${USER}` }).click();
  const dialog = page.getByRole('dialog', { name: `Deactivate ${USER}?` });
  await dialog.getByRole('button', { name: 'Deactivate user' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await visible(row.getByText('deactivated'));
  await visible(row.getByRole('button', { name: `Reactivate ${USER}` }));
});

await step('no page error nor unexpected failed call', async () => {
  expect(problems.length === 0, problems.join('; '));
});

await browser.close();
console.log('organizations: all steps passed');

async function memberUserId() {
  const list = await page.evaluate(async (id) => (await fetch(`/organizations/${id}/members`)).json(), orgId);
  const found = list.find((m) => m.username === USER);
  expect(found, `${USER} is not a member`);
  return found.user_id;
}

async function expectValue(locator, value, timeout = 10_000) {
  const until = Date.now() + timeout;
  let seen;
  while (Date.now() < until) {
    seen = await locator.inputValue();
    if (seen === value) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`${locator} shows ${seen}, not ${value}`);
}
