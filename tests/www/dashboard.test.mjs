// The dashboard in headless Chromium, end to end: the page (www/ + pkg/) talks
// to the demo proxy, which adds the key and forwards to the emulator; a local
// receiver answers 200 to every delivery. The tests run in order on one page,
// like a person working through the screens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from '../support/chromium.mjs';
import { CallingBox, signPayload } from '../../pkg/node.js';
import { screenshot, startOkReceiver, startStack } from './support.mjs';

const VIEWPORT = { width: 1440, height: 900 };

let stack;
let receiver;
let browser;
let page;
const sentRequests = []; // every request the page made: { url, method, headers, body }
const pageErrors = [];

/** The emulator's view, through the same proxy (Node side). */
let api;

before(async () => {
  [stack, receiver, browser] = await Promise.all([startStack(), startOkReceiver(), launchChromium()]);
  api = new CallingBox({ baseUrl: stack.apiBase, maxRetries: 0 });
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light', reducedMotion: 'reduce' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.dashboard.url });
  page = await context.newPage();
  page.on('request', (request) => {
    sentRequests.push(request.allHeaders().then((headers) => ({
      url: request.url(), method: request.method(), headers, body: request.postData() ?? '',
    })));
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
  });
  await page.goto(`${stack.dashboard.url}/`);
  await page.waitForSelector('html[data-ready="true"]');
});

after(async () => {
  await browser?.close();
  await receiver?.close();
  await stack?.stop();
});

const dialog = (id) => page.locator(`#${id}`);
const endpointRow = (text) => page.locator('#endpoints-body tr', { hasText: text });

describe('the dashboard, through the proxy, against the emulator', () => {
  let createdSecret;
  let endpointId;

  test('it loads the package from pkg/ and shows the empty endpoints list with a call to action', async () => {
    await page.getByText('No webhook endpoints yet.').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Endpoints', exact: true }).getAttribute('aria-current'), 'page');
    assert.match(await page.locator('#conn-pill').innerText(), /Proxy · local emulator/);
    assert.equal(await page.locator('#direct-warning').isHidden(), true);
    await screenshot(page, '01-endpoints-empty');
  });

  test('the create form refuses a URL that is not https before sending anything', async () => {
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const form = dialog('endpoint-dialog');
    await form.getByLabel('URL', { exact: true }).fill('http://example.com/hooks');
    const before = sentRequests.length;
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    await form.locator('#ep-url-error').waitFor();
    assert.match(await form.locator('#ep-url-error').innerText(), /https:\/\//);
    assert.equal(await form.getByLabel('URL', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(sentRequests.length, before, 'no request was sent for an invalid form');

    await form.getByLabel('URL', { exact: true }).fill(`${receiver.url}/hooks/orders`);
    await form.getByLabel('Only these:').check();
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    assert.match(await form.locator('#ep-events-error').innerText(), /at least one event/);
    await screenshot(page, '02-create-form-errors');
  });

  test('creating an endpoint shows its signing secret once, with a copy button and a plain warning', async () => {
    const form = dialog('endpoint-dialog');
    await form.getByLabel('Description').fill('Orders service');
    await form.getByLabel('call.answered').check();
    await form.getByLabel('call.completed').check();
    await screenshot(page, '03-create-form', { readme: true });
    await form.getByRole('button', { name: 'Create endpoint' }).click();

    const secret = dialog('secret-dialog');
    await secret.waitFor({ state: 'visible' });
    createdSecret = await secret.getByLabel('Signing secret').inputValue();
    assert.match(createdSecret, /^whsec_/);
    assert.match(await secret.innerText(), /You will not see this again\./);
    await secret.getByRole('button', { name: 'Copy' }).click();
    await secret.getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), createdSecret);
    await screenshot(page, '04-secret-dialog', { readme: true });
    await secret.getByRole('button', { name: 'I have stored it' }).click();
    await secret.waitFor({ state: 'hidden' });
    assert.equal(await secret.getByLabel('Signing secret').inputValue(), '', 'the secret is wiped from the page');
  });

  test('the new endpoint is listed with its url, description, events, status and times', async () => {
    const row = endpointRow('Orders service');
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, new RegExp(`${receiver.url}/hooks/orders`));
    assert.match(text, /call\.answered/);
    assert.match(text, /call\.completed/);
    assert.match(text, /Enabled/);
    assert.equal(await row.locator('td').nth(4).innerText(), '0');
    endpointId = await row.getAttribute('data-endpoint-id');
    const [listed] = await api.webhookEndpoints.list();
    assert.equal(listed.id, endpointId);
    assert.deepEqual(listed.enabled_events, ['call.answered', 'call.completed']);
    assert.equal(await row.locator('time').count(), 2, 'created and updated times');
  });

  test('a fired event shows up as delivered on the deliveries screen, and the receiver got it signed', async () => {
    await page.getByRole('link', { name: 'Deliveries', exact: true }).click();
    await page.getByText('No deliveries yet.').waitFor();
    const fired = await stack.control('events', { type: 'call.completed' });
    assert.equal(fired.deliveries.length, 1);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const row = page.locator(`#deliveries-body tr[data-delivery-id="${fired.deliveries[0].id}"]`);
    await row.locator('.badge-delivered').waitFor({ timeout: 10_000 });
    const text = await row.innerText();
    assert.match(text, /call\.completed/);
    assert.match(text, /Orders service/);
    assert.match(text, /HTTP 200/);
    assert.equal(receiver.requests.length, 1);
    const delivered = receiver.requests[0];
    assert.equal(delivered.headers['callingbox-event-id'], fired.deliveries[0].id);
    assert.match(delivered.headers['callingbox-signature'], /^t=\d+,v1=[0-9a-f]{64}$/);
    await screenshot(page, '05-deliveries', { readme: true });
  });

  test('the View deliveries link of an endpoint opens the deliveries filtered to it', async () => {
    await page.getByRole('link', { name: 'Endpoints', exact: true }).click();
    await endpointRow('Orders service').getByRole('link', { name: 'Deliveries: Orders service' }).click();
    await page.locator('#deliveries-body tr[data-delivery-id]').first().waitFor();
    assert.equal(await page.getByLabel('Endpoint', { exact: true }).inputValue(), endpointId);
    assert.match(page.url(), /#deliveries\?endpoint=/);
    await page.getByLabel('Endpoint', { exact: true }).selectOption('');
  });

  test('the deliveries screen refreshes by itself while a delivery is pending', async () => {
    // A call whose own webhook_url never answers: each attempt waits for the (scaled) timeout, so it stays pending for seconds.
    const fired = await stack.control('calls', { outcome: 'no_answer', call: { webhook_url: `${receiver.url}/hang` } });
    const inline = fired.deliveries.find((d) => d.endpoint_id === null);
    assert.ok(inline, 'an inline delivery to the call webhook_url');
    await page.getByLabel('Status', { exact: true }).selectOption('pending');
    const row = page.locator(`#deliveries-body tr[data-delivery-id="${inline.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    await page.locator('#deliveries-live.live').waitFor();
    assert.match(await page.locator('#deliveries-live').innerText(), /pending: refreshing every/);
    const polled = sentRequests.length;
    await page.waitForTimeout(3500);
    assert.ok(sentRequests.length >= polled + 1, 'it polled while something was pending');
    await screenshot(page, '06-deliveries-pending');
    await page.getByLabel('Status', { exact: true }).selectOption('');
  });

  test('redeliver queues the delivery again with the same event id', async () => {
    const [first] = await api.webhookDeliveries.list({ endpoint_id: endpointId });
    await page.getByLabel('Endpoint', { exact: true }).selectOption(endpointId);
    const row = page.locator(`#deliveries-body tr[data-delivery-id="${first.id}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: /^Redeliver/ }).click();
    await page.getByText('Queued call.completed for redelivery.').waitFor();
    await row.getByText('+1 manual').waitFor({ timeout: 10_000 });
    await row.locator('.badge-delivered').waitFor({ timeout: 10_000 });
    const again = receiver.requests.filter((r) => r.headers['callingbox-event-id'] === first.id);
    assert.equal(again.length, 2, 'the same event id arrived twice');
  });

  test('rotating the secret asks for confirmation and then shows the new secret once', async () => {
    await page.getByRole('link', { name: 'Endpoints', exact: true }).click();
    const row = endpointRow('Orders service');
    await row.getByRole('button', { name: 'Rotate secret: Orders service' }).click();
    const confirm = dialog('confirm-dialog');
    await confirm.waitFor({ state: 'visible' });
    assert.match(await confirm.innerText(), /stops verifying at once/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'confirm-cancel', 'Cancel has focus');
    await screenshot(page, '07-rotate-confirm');
    await confirm.getByRole('button', { name: 'Rotate secret' }).click();
    const secret = dialog('secret-dialog');
    await secret.waitFor({ state: 'visible' });
    const rotated = await secret.getByLabel('Signing secret').inputValue();
    assert.match(rotated, /^whsec_/);
    assert.notEqual(rotated, createdSecret);
    assert.match(await secret.innerText(), /You will not see this again\./);
    await screenshot(page, '08-rotated-secret');
    await page.keyboard.press('Enter'); // "I have stored it" is the form's submit button
    await secret.waitFor({ state: 'hidden' });
    createdSecret = rotated;
  });

  test('editing changes the url, the description and the events', async () => {
    const row = endpointRow('Orders service');
    await row.getByRole('button', { name: 'Edit: Orders service' }).click();
    const form = dialog('endpoint-dialog');
    assert.equal(await form.getByLabel('URL', { exact: true }).inputValue(), `${receiver.url}/hooks/orders`);
    assert.equal(await form.getByLabel('call.completed').isChecked(), true);
    await form.getByLabel('URL', { exact: true }).fill(`${receiver.url}/hooks/orders-v2`);
    await form.getByLabel('Description').fill('Orders service v2');
    await form.getByLabel(/All events/).check();
    await screenshot(page, '09-edit-form');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'hidden' });
    const updated = endpointRow('Orders service v2');
    await updated.getByText('All events').waitFor();
    assert.match(await updated.innerText(), /hooks\/orders-v2/);
    const stored = await api.webhookEndpoints.retrieve(endpointId);
    assert.deepEqual(stored.enabled_events, ['*']);
    assert.equal(stored.description, 'Orders service v2');
  });

  test('disabling shows the Disabled badge with its reason and time, and enabling clears them', async () => {
    const row = endpointRow('Orders service v2');
    await row.getByRole('button', { name: 'Disable: Orders service v2' }).click();
    await row.locator('.badge-disabled').waitFor();
    assert.match(await row.innerText(), /Disabled by hand/);
    assert.equal(await row.locator('td').nth(5).locator('time').count(), 1, 'disabled_at is shown');
    await screenshot(page, '10-endpoints', { readme: true });
    await row.getByRole('button', { name: 'Enable: Orders service v2' }).click();
    await row.locator('.badge-enabled').waitFor();
    assert.equal((await row.locator('td').nth(5).innerText()).trim(), '—');
  });

  test('an API error is explained in plain words with its request id', async () => {
    await stack.control('faults', {
      method: 'POST', path: '/v1/webhook_endpoints', faults: [{ status: 400, body: { error: 'url must be publicly reachable' } }],
    });
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const form = dialog('endpoint-dialog');
    await form.getByLabel('URL', { exact: true }).fill('https://intranet.example/hooks');
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    const error = form.locator('#ep-form-error');
    await error.waitFor();
    const text = await error.innerText();
    assert.match(text, /Could not create the endpoint: CallingBox rejected the request\./);
    assert.match(text, /url must be publicly reachable/);
    assert.match(text, /Request id: req_[0-9a-f]+/);
    await screenshot(page, '11-api-error-in-form');
    await form.getByRole('button', { name: 'Cancel' }).click();

    await stack.control('faults', { method: 'GET', path: '/v1/webhook_endpoints', faults: [{ status: 401 }] });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const notice = page.locator('.notice-error').first();
    await notice.waitFor();
    assert.match(await notice.innerText(), /Could not load the endpoints: the API key was refused \(401\)\./);
    assert.match(await notice.innerText(), /CALLINGBOX_API_KEY/);
    assert.match(await notice.locator('.request-id').innerText(), /^req_/);
    await screenshot(page, '12-api-error-notice', { readme: true });
    await notice.getByRole('button', { name: 'Dismiss' }).click();
  });

  test('deleting asks for confirmation and removes the endpoint', async () => {
    const row = endpointRow('Orders service v2');
    await row.getByRole('button', { name: 'Delete: Orders service v2' }).click();
    const confirm = dialog('confirm-dialog');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await row.count(), 1, 'cancel keeps it');
    await row.getByRole('button', { name: 'Delete: Orders service v2' }).click();
    await confirm.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByText('No webhook endpoints yet.').waitFor();
    assert.deepEqual(await api.webhookEndpoints.list(), []);
  });

  test('an endpoint deleted elsewhere is reported in plain words and dropped from the list', async () => {
    const ghost = await api.webhookEndpoints.create({ url: 'https://example.com/ghost', description: 'Ghost' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const row = endpointRow('Ghost');
    await row.waitFor();
    await api.webhookEndpoints.delete(ghost.id); // behind the page's back
    await row.getByRole('button', { name: 'Disable: Ghost' }).click();
    const notice = page.locator('.notice-error').first();
    await notice.waitFor();
    assert.match(await notice.innerText(), /Could not disable the endpoint: it no longer exists \(404\)\./);
    assert.match(await notice.innerText(), new RegExp(`webhook endpoint ${ghost.id} not found`));
    assert.doesNotMatch(await notice.locator('.notice-detail').innerText(), /failed: HTTP|\(request req_/, 'the API\'s words, without the package\'s wrapping');
    await row.waitFor({ state: 'detached' });
    await notice.getByRole('button', { name: 'Dismiss' }).click();
  });

  test('an endpoint can be created with the keyboard alone', async () => {
    await page.locator('#endpoint-add').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type(`${receiver.url}/hooks/keyboard`);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Made with the keyboard');
    await page.keyboard.press('Enter');
    const secret = dialog('secret-dialog');
    await secret.waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'secret-value', 'focus lands on the secret');
    await page.keyboard.press('Escape');
    await secret.waitFor({ state: 'hidden' });
    await endpointRow('Made with the keyboard').waitFor();
  });
});

describe('the signature playground', () => {
  const secret = 'whsec_playground_test_secret';
  const body = JSON.stringify({
    id: '6f1c2c52-3d5e-4a8e-9c61-0b8f0b2f4f11', type: 'call.completed', created: 1767225600, api_version: '2026-04',
    data: { call: { id: 'c0ffee00-1111-4222-8333-444455556666', status: 'completed' } },
  });
  let requestsBefore;

  async function verify({ payload, header, key = secret }) {
    const form = page.locator('#pg-form');
    await form.getByLabel('Raw request body').fill(payload);
    await form.getByLabel('CallingBox-Signature header').fill(header);
    await form.getByLabel('Signing secret').fill(key);
    await page.getByRole('button', { name: 'Verify signature' }).click();
    const verdict = page.locator('#pg-verdict .verdict-box');
    await verdict.waitFor();
    await page.locator('#pg-requests', { hasText: 'Network requests made by this check: 0' }).waitFor();
    return { code: await verdict.getAttribute('data-verdict'), text: await page.locator('#pg-result').innerText() };
  }

  test('a valid signature is accepted, computed in the page', async () => {
    await page.getByRole('link', { name: 'Signature playground' }).click();
    requestsBefore = sentRequests.length;
    const header = signPayload(body, secret);
    const { code, text } = await verify({ payload: body, header });
    assert.equal(code, 'valid');
    assert.match(text, /Valid signature/);
    assert.match(text, /call\.completed · 6f1c2c52/);
    assert.match(text, /Network requests made by this check: 0/);
    await screenshot(page, '13-playground-valid', { readme: true });
  });

  test('a tampered body is rejected with no_matching_signature', async () => {
    const header = signPayload(body, secret);
    const { code, text } = await verify({ payload: body.replace('completed', 'failed'), header });
    assert.equal(code, 'no_matching_signature');
    assert.match(text, /Rejected/);
    assert.match(text, /The body or the secret is not what was signed\./);
    await screenshot(page, '14-playground-tampered', { readme: true });
  });

  test('a stale signature is rejected with timestamp_out_of_tolerance', async () => {
    const header = signPayload(body, secret, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const { code, text } = await verify({ payload: body, header });
    assert.equal(code, 'timestamp_out_of_tolerance');
    assert.match(text, /\(1 hour ago\)/);
    await screenshot(page, '15-playground-stale');
  });

  test('a malformed header and a wrong secret get their own reasons', async () => {
    assert.equal((await verify({ payload: body, header: 'v1=abc' })).code, 'malformed_header');
    const header = signPayload(body, secret);
    assert.equal((await verify({ payload: body, header, key: 'whsec_other' })).code, 'no_matching_signature');
  });

  test('the sample button signs a fresh event locally and it verifies', async () => {
    await page.getByRole('button', { name: 'Fill in a signed sample' }).click();
    await page.getByRole('button', { name: 'Verify signature' }).click();
    await page.locator('#pg-verdict .verdict-box[data-verdict="valid"]').waitFor();
  });

  test('nothing typed into the playground leaves the page', async () => {
    const made = await Promise.all(sentRequests.slice(requestsBefore));
    assert.deepEqual(made.map((r) => r.url), [], 'no request at all while using the playground');
  });
});

describe('keys and connection', () => {
  test('no request sent by the page carries an sk_ key, in headers, URLs or bodies', async () => {
    const all = await Promise.all(sentRequests);
    assert.ok(all.length > 20, `recorded ${all.length} requests`);
    const api = all.filter((r) => r.url.includes('/api/callingbox/v1/'));
    assert.ok(api.length > 10, 'API requests went through the proxy');
    for (const request of all) {
      assert.equal(request.headers.authorization, undefined, `${request.method} ${request.url} has no Authorization header`);
      for (const [name, value] of Object.entries(request.headers)) {
        assert.doesNotMatch(value, /sk_/, `header ${name} of ${request.url}`);
      }
      assert.doesNotMatch(request.url, /sk_/);
      assert.doesNotMatch(request.body, /sk_/);
    }
    assert.deepEqual(all.filter((r) => !r.url.startsWith(stack.dashboard.url)).map((r) => r.url), [],
      'the page only talks to its own origin');
    // And the emulator saw the key on every proxied request.
    const log = await stack.control('requests');
    assert.ok(log.data.length > 10);
  });

  test('the page shows no errors in its console', () => {
    // The 400, 401 and 404 answers the tests provoked on purpose are logged by Chromium as failed resources.
    const unexpected = pageErrors.filter((e) => !/Failed to load resource: the server responded with a status of (400|401|404)/.test(e));
    assert.deepEqual(unexpected, []);
  });

  test('direct mode needs the risk acknowledged and then shows a warning on every screen', async () => {
    const direct = await browser.newPage({ viewport: VIEWPORT });
    try {
      await direct.goto(`${stack.dashboard.url}/#connection`);
      await direct.waitForSelector('html[data-ready="true"]');
      await direct.getByLabel(/Directly, with an API key/).check();
      await direct.getByLabel('API base URL').fill(stack.emulator.url);
      await direct.getByLabel('API key', { exact: true }).fill('sk_test_emulator_key');
      await direct.getByRole('button', { name: 'Connect' }).click();
      await direct.locator('#conn-ack-error').waitFor();
      assert.equal(await direct.locator('#direct-warning').isHidden(), true);
      await direct.getByLabel(/I understand the risk/).check();
      await direct.getByRole('button', { name: 'Connect' }).click();
      await direct.getByText(/^Connected through the API at/).waitFor();
      assert.equal(await direct.locator('#direct-warning').isVisible(), true);
      assert.match(await direct.locator('#conn-pill').innerText(), /Direct · key in this tab/);
      await screenshot(direct, '16-connection-direct', { readme: true });
      await direct.getByRole('link', { name: 'Endpoints', exact: true }).click();
      await direct.locator('#endpoints-body').getByText('Made with the keyboard').waitFor();
      assert.equal(await direct.locator('#direct-warning').isVisible(), true);
    } finally {
      await direct.close();
    }
  });
});
