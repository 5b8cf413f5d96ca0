// Every screen at 390 px and 1440 px, light and dark, on fixed data (the
// emulator loaded from tests/www/fixtures/state.mjs, the page's clock fixed):
// axe-core finds no serious or critical violation, nothing scrolls sideways,
// and each screenshot matches its committed baseline in www/screenshots/
// within a tolerance (UPDATE_SCREENSHOTS=1 rewrites them; they are also the
// README's pictures). Dialogs and the playground are photographed in two of
// the four combinations, the list and detail screens in all four.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { launchChromium } from '../support/chromium.mjs';
import { signPayload } from '../../pkg/node.js';
import { FIXTURE_NOW, writeStateFile } from './fixtures/state.mjs';
import {
  axeViolations, compareWithBaseline, horizontalOverflow, openDashboard, startStack,
} from './support.mjs';

const COMBINATIONS = [
  { width: 1440, height: 900, scheme: 'light', extras: true },
  { width: 1440, height: 900, scheme: 'dark', extras: false },
  { width: 390, height: 844, scheme: 'light', extras: false },
  { width: 390, height: 844, scheme: 'dark', extras: true },
];

let fixture;
let stack;
let browser;

before(async () => {
  fixture = writeStateFile();
  // Time scale 1: the fixture's pending deliveries are due in 2036, far from the real clock.
  [stack, browser] = await Promise.all([
    startStack({ emulatorArgs: ['--state-file', fixture.file] }),
    launchChromium(),
  ]);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

for (const combo of COMBINATIONS) {
  const tag = `${combo.width}-${combo.scheme}`;
  describe(`at ${combo.width} px, ${combo.scheme}`, () => {
    let context;
    let page;
    const errors = [];

    before(async () => {
      context = await browser.newContext({
        viewport: { width: combo.width, height: combo.height },
        colorScheme: combo.scheme,
        timezoneId: 'UTC',
        locale: 'en-US',
        reducedMotion: 'reduce',
        deviceScaleFactor: 1,
      });
      page = await context.newPage();
      await page.clock.setFixedTime(FIXTURE_NOW);
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
    });
    after(() => context?.close());

    /** Waits for the screen, then checks axe, overflow and the picture. */
    async function check(name, { ready, mask = [], element } = {}) {
      await ready();
      await page.evaluate(() => document.fonts.ready);
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `${name} at ${tag}: axe found serious or critical violations`);
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow.scrollWidth <= overflow.width, `${name} at ${tag} scrolls sideways: ${JSON.stringify(overflow)}`);
      assert.deepEqual(overflow.out, [], `${name} at ${tag}: elements outside the viewport`);
      const target = element ? page.locator(element) : page;
      const png = await target.screenshot({ animations: 'disabled', caret: 'hide', mask: mask.map((m) => page.locator(m)), maskColor: '#888888' });
      await compareWithBaseline(png, `${name}-${tag}`);
    }

    const portal = 'callingbox-webhooks-portal';

    test('the endpoints list with each endpoint\'s health', async () => {
      await check('endpoints', {
        ready: async () => {
          await openDashboard(page, stack.dashboard.url, '#/endpoints');
          await page.locator(`${portal} tr[data-endpoint-id] .strip`).nth(2).waitFor();
          await page.waitForFunction(() => !document.querySelector('callingbox-webhooks-portal').shadowRoot.textContent.includes('Loading'));
        },
      });
    });

    test('the endpoint page: settings, health chart, recent deliveries, recovery', async () => {
      await check('endpoint', {
        ready: async () => {
          await openDashboard(page, stack.dashboard.url, `#/endpoints/${fixture.endpoints.crm.id}`);
          await page.locator(`${portal} .bucket-chart`).waitFor();
          await page.locator(`${portal} #recovery-title`).waitFor();
        },
      });
    });

    test('the deliveries list with its filters', async () => {
      await check('deliveries', {
        ready: async () => {
          await openDashboard(page, stack.dashboard.url, '#/deliveries');
          await page.locator(`${portal} tr[data-delivery-id]`).first().waitFor();
          await page.locator(`${portal} #deliveries-live`, { hasText: 'pending' }).waitFor();
        },
      });
    });

    test('a delivery being retried: timeline, last response, every field, the emulator\'s history', async () => {
      await check('delivery', {
        ready: async () => {
          await openDashboard(page, stack.dashboard.url, `#/deliveries/${fixture.notable.retrying}`);
          await page.locator(`${portal} .timeline`).waitFor();
          await page.locator(`${portal} .payload`).waitFor();
        },
      });
    });

    if (combo.extras) {
      test('the signature playground with a valid verdict', async () => {
        const secret = 'whsec_0123456789abcdef0123456789abcdef';
        const body = JSON.stringify({ id: '6f1c2c52-3d5e-4a8e-9c61-0b8f0b2f4f11', type: 'call.completed', created: FIXTURE_NOW / 1000, api_version: '2026-04', data: { call: { id: 'c0ffee00-1111-4222-8333-444455556666', status: 'completed' } } }, null, 2);
        const header = signPayload(body, secret, { timestamp: FIXTURE_NOW / 1000 });
        await check('playground', {
          ready: async () => {
            await openDashboard(page, stack.dashboard.url, '#/playground');
            await page.getByLabel('Raw request body').fill(body);
            await page.getByLabel('CallingBox-Signature header').fill(header);
            await page.locator(`${portal} #pg-secret`).fill(secret);
            await page.getByRole('button', { name: 'Verify signature' }).click();
            await page.locator(`${portal} #pg-requests`, { hasText: 'Network requests made by this check: 0' }).waitFor();
          },
          // How long the check took varies from run to run.
          mask: [`${portal} #pg-verdict dd >> nth=-1`],
        });
      });

      test('the recovery confirmation states the count', async () => {
        await check('recovery-confirm', {
          ready: async () => {
            await openDashboard(page, stack.dashboard.url, `#/endpoints/${fixture.endpoints.crm.id}`);
            await page.getByRole('button', { name: 'Find and redeliver…' }).click();
            await page.locator(`${portal} #confirm-dialog[open]`).waitFor();
            assert.match(await page.locator(`${portal} #confirm-title`).innerText(), /^Redeliver 5 exhausted deliveries\?$/);
          },
          element: `${portal} #confirm-dialog`,
        });
        await page.getByRole('button', { name: 'Cancel' }).click();
      });

      test('the signing secret, shown once', async () => {
        await check('secret-dialog', {
          ready: async () => {
            await openDashboard(page, stack.dashboard.url, '#/endpoints');
            await page.getByRole('button', { name: 'Add endpoint' }).click();
            await page.getByLabel('URL', { exact: true }).fill('https://example.com/webhooks/screenshot');
            await page.getByLabel('Description').fill('Screenshot');
            await page.getByRole('button', { name: 'Create endpoint' }).click();
            await page.locator(`${portal} #secret-dialog[open]`).waitFor();
          },
          element: `${portal} #secret-dialog`,
          mask: [`${portal} #secret-value`],
        });
        await page.getByRole('button', { name: 'I have stored it' }).click();
        // Leave the fixed data as it was for the next combinations.
        const list = await fetch(`${stack.apiBase}/v1/webhook_endpoints`).then((r) => r.json());
        for (const e of list.data.filter((x) => x.description === 'Screenshot')) {
          await fetch(`${stack.apiBase}/v1/webhook_endpoints/${e.id}`, { method: 'DELETE' });
        }
      });

      test('the connection dialog of the dashboard page', async () => {
        await check('connection', {
          ready: async () => {
            await openDashboard(page, stack.dashboard.url, '#/endpoints');
            await page.getByRole('button', { name: /Connection/ }).click();
            await page.getByLabel(/Directly, with an API key/).check();
            await page.locator('#conn-dialog[open]').waitFor();
          },
          element: '#conn-dialog',
        });
        await page.keyboard.press('Escape');
      });
    }

    test('the page reported no errors', () => {
      assert.deepEqual(errors, []);
    });
  });
}
