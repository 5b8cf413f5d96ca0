// The nine bugs of issue 20, each shown in headless Chromium the way a
// person met it. Each of these tests failed before its fix (checked by
// reverting the fix once).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from '../support/chromium.mjs';
import { CallingBox } from '../../pkg/node.js';
import { startDashboardServer } from '../../www/server/server.mjs';
import { API_KEY, horizontalOverflow, openDashboard, startOkReceiver, startStack } from './support.mjs';

const P = 'callingbox-webhooks-portal';
let stack;
let receiver;
let browser;
let api;
let page;

before(async () => {
  [stack, receiver, browser] = await Promise.all([startStack(), startOkReceiver(), launchChromium()]);
  api = new CallingBox({ baseUrl: stack.apiBase, maxRetries: 0 });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await openDashboard(page, stack.dashboard.url);
});

after(async () => {
  await browser?.close();
  await receiver?.close();
  await stack?.stop();
});

const inPortal = (selector) => page.locator(`${P} ${selector}`);

async function submitCreate(url) {
  await page.goto(`${stack.dashboard.url}/#/endpoints`);
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  await inPortal('#ep-url').fill(url);
  await inPortal('#ep-submit').click();
}

/** A dashboard proxy of its own (no emulator behind it, or no key). */
async function separateDashboard(options) {
  const server = await startDashboardServer({ port: 0, ...options });
  const other = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await openDashboard(other, server.url);
  return { server, page: other, close: async () => { await other.close(); await server.close(); } };
}

describe('issue 20, bugs 1 to 9', () => {
  test('1. Esc does not close the "shown once" signing-secret dialog: only "I have stored it" does', async () => {
    await submitCreate(`${receiver.url}/hooks/bug1`);
    await inPortal('#secret-dialog[open]').waitFor();
    const secret = await inPortal('#secret-value').inputValue();
    assert.match(secret, /^whsec_/);
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(200);
    }
    assert.equal(await inPortal('#secret-dialog[open]').count(), 1, 'the dialog is still open');
    assert.equal(await inPortal('#secret-value').inputValue(), secret, 'the secret is still there');
    assert.match(await inPortal('#secret-copy-status').innerText(), /shown only once/);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await inPortal('#secret-dialog').waitFor({ state: 'hidden' });
  });

  test('2. a 503 on create does not mark the valid URL field invalid', async () => {
    await stack.control('faults', { method: 'POST', path: '/v1/webhook_endpoints', faults: [{ status: 503 }] });
    await submitCreate('https://example.com/hooks/bug2');
    await inPortal('#ep-form-error').waitFor();
    assert.equal(await inPortal('#ep-url').getAttribute('aria-invalid'), null);
    assert.equal(await inPortal('#ep-url-error').isHidden(), true);
    await inPortal('#endpoint-dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  test('3. the 503 is explained for a person: no SDK calls, no contradiction, the request id once, and whether it was created', async () => {
    await stack.control('faults', { method: 'POST', path: '/v1/webhook_endpoints', faults: [{ status: 503 }] });
    await submitCreate('https://example.com/hooks/bug3');
    const box = inPortal('#ep-form-error');
    await box.getByText(/was not created/).waitFor();
    const text = await box.innerText();
    assert.match(text, /Could not create the endpoint: CallingBox had a problem \(503\)\./);
    assert.match(text, /It was not created \(the list has no endpoint with this URL\): you can try again\./);
    assert.doesNotMatch(text, /webhookEndpoints|rotateSecret|\(\)|outcome is unknown|nothing was changed/i);
    const ids = text.match(/req_[0-9a-f]+/g) ?? [];
    assert.equal(ids.length, 1, `the request id appears once: ${text}`);
    assert.equal((await api.webhookEndpoints.list()).filter((e) => e.url.endsWith('/bug3')).length, 0);
    await inPortal('#endpoint-dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  test('4. a delivery still being retried offers no Redeliver in the list, and its page asks first', async () => {
    const endpoint = await api.webhookEndpoints.create({ url: `${receiver.url}/hang/bug4`, description: 'Bug 4', enabled_events: ['call.busy'] });
    const fired = await stack.control('events', { type: 'call.busy' });
    // Disabling pauses the endpoint's pending deliveries: this one stays pending.
    await api.webhookEndpoints.update(endpoint.id, { status: 'disabled' });
    const id = fired.deliveries.find((d) => d.endpoint_id === endpoint.id).id;
    assert.equal((await api.webhookDeliveries.retrieve(id)).status, 'pending');
    await page.goto(`${stack.dashboard.url}/#/deliveries?endpoint=${endpoint.id}`);
    const row = inPortal(`tr[data-delivery-id="${id}"]`);
    await row.waitFor();
    assert.equal(await row.getByRole('button', { name: /Redeliver/ }).count(), 0, 'no Redeliver on a pending row');
    await row.locator('a.row-link').click();
    await inPortal('#redeliver').click();
    const confirm = inPortal('#confirm-dialog');
    await confirm.waitFor({ state: 'visible' });
    assert.match(await confirm.innerText(), /still being retried/);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    const sent = (await stack.control('requests?method=POST')).data.filter((r) => r.path === `/v1/webhook_deliveries/${id}/redeliver`);
    assert.deepEqual(sent, [], 'declining sent nothing');
  });

  test('5. the connection status turns red while the upstream is unreachable', async () => {
    const down = await separateDashboard({ upstream: 'http://127.0.0.1:9', apiKey: API_KEY });
    try {
      const status = down.page.locator(`${P} #status`);
      await down.page.waitForFunction(() => document.querySelector('callingbox-webhooks-portal').shadowRoot.getElementById('status').dataset.kind !== 'pending');
      assert.equal(await status.getAttribute('data-kind'), 'unreachable');
      assert.equal(await status.innerText(), 'CallingBox unreachable');
      assert.match(await down.page.locator(`${P} .notice-error`).first().innerText(), /could not reach CallingBox \(502\)/);
    } finally {
      await down.close();
    }
  });

  test('6. a proxy without a key is named as the problem, in a clean sentence', async () => {
    const keyless = await separateDashboard({ upstream: stack.emulator.url });
    try {
      const notice = keyless.page.locator(`${P} .notice-error`).first();
      await notice.waitFor();
      const text = await notice.innerText();
      assert.match(text, /your backend proxy \([^)]+\) answered 500 before reaching CallingBox\./);
      assert.match(text, /The dashboard proxy has no API key: set CALLINGBOX_API_KEY where it runs\./);
      assert.doesNotMatch(text, /CallingBox had a problem|after \d+ attempts/);
      assert.equal(await keyless.page.locator(`${P} #status`).innerText(), 'Proxy problem');
    } finally {
      await keyless.close();
    }
  });

  test('7. a refused direct-mode key leaves the page in proxy mode, without the red banner', async () => {
    await page.goto(`${stack.dashboard.url}/#/endpoints`);
    await page.getByRole('button', { name: /Connection/ }).click();
    await page.getByLabel(/Directly, with an API key/).check();
    await page.getByLabel('API base URL').fill(stack.emulator.url);
    await page.getByLabel('API key', { exact: true }).fill('sk_test_wrong_key');
    await page.getByLabel(/I understand the risk/).check();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.locator('#conn-key-error').getByText(/refused this key \(401\): nothing was changed/).waitFor();
    assert.equal(await page.locator('#direct-warning').isHidden(), true, 'no banner');
    assert.equal(await page.locator('#conn-mode').innerText(), 'proxy');
    assert.match(await inPortal('#status').innerText(), /Proxy · local emulator/);
    // The right key does switch, with the banner.
    await page.getByLabel('API key', { exact: true }).fill(API_KEY);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.locator('#direct-warning').waitFor();
    assert.equal(await page.locator('#conn-mode').innerText(), 'direct');
    await page.reload(); // direct mode lives in memory only
    await openDashboard(page, stack.dashboard.url, '#/endpoints');
    assert.equal(await page.locator('#direct-warning').isHidden(), true);
  });

  test('8. at 390 px nothing scrolls sideways, Connection and the row actions are on screen, and the page does not shift', async () => {
    const narrow = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await narrow.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      const [endpoint] = await api.webhookEndpoints.list();
      const [delivery] = await api.webhookDeliveries.list({ limit: 1 });
      for (const hash of ['#/endpoints', `#/endpoints/${endpoint.id}`, '#/deliveries', `#/deliveries/${delivery.id}`, '#/playground']) {
        await narrow.goto('about:blank');
        await openDashboard(narrow, stack.dashboard.url, hash);
        await narrow.waitForTimeout(600);
        const overflow = await horizontalOverflow(narrow);
        assert.ok(overflow.scrollWidth <= 390, `${hash} scrolls sideways: ${JSON.stringify(overflow)}`);
        assert.deepEqual(overflow.out, [], `${hash}: elements outside the viewport`);
        const button = await narrow.getByRole('button', { name: /Connection/ }).boundingBox();
        assert.ok(button && button.x >= 0 && button.x + button.width <= 390, `${hash}: the Connection button is on screen`);
        const shift = await narrow.evaluate(() => window.__shift);
        assert.ok(shift < 0.1, `${hash}: cumulative layout shift ${shift.toFixed(3)}`);
      }
      await openDashboard(narrow, stack.dashboard.url, '#/endpoints');
      const actions = narrow.locator(`${P} tr[data-endpoint-id] .action-group .btn`);
      await actions.first().waitFor();
      for (const box of await Promise.all((await actions.all()).map((a) => a.boundingBox()))) {
        assert.ok(box.x >= 0 && box.x + box.width <= 390, `a row action at ${box.x}..${box.x + box.width}`);
      }
    } finally {
      await narrow.close();
    }
  });

  test('9. filters live in the URL and survive a reload; a down API gives one notice, not a stack', async () => {
    await page.goto(`${stack.dashboard.url}/#/deliveries`);
    await inPortal('tr[data-delivery-id]').first().waitFor();
    await page.getByLabel('Status').selectOption('delivered');
    await page.waitForFunction(() => window.location.hash.includes('status=delivered'));
    await page.reload();
    await openDashboard(page, stack.dashboard.url, '#/deliveries?status=delivered');
    assert.equal(await page.getByLabel('Status').inputValue(), 'delivered');
    await inPortal('tr[data-delivery-id]').first().waitFor();
    assert.deepEqual([...new Set(await inPortal('tr[data-delivery-id]').evaluateAll((rows) => rows.map((r) => r.dataset.status)))], ['delivered']);

    const down = await separateDashboard({ upstream: 'http://127.0.0.1:9', apiKey: API_KEY });
    try {
      await down.page.goto(`${down.server.url}/#/deliveries`);
      const notices = down.page.locator(`${P} #notices .notice-error`);
      await notices.first().waitFor();
      for (let i = 0; i < 3; i += 1) {
        await down.page.getByRole('button', { name: 'Refresh' }).click();
        await down.page.waitForTimeout(300);
      }
      await down.page.locator(`${P} #notices`).getByText(/happened \d+ times in a row/).waitFor();
      assert.equal(await notices.count(), 1, 'one notice for the connection');
    } finally {
      await down.close();
    }
  });
});
