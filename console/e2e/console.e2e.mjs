// End-to-end scenario of the operator console in headless Chromium (Debian's, driven by playwright-core),
// against a running `podctl sim` and a real broker. Run by hil-tests' ConsoleE2EIT, which hosts the processes:
// a line "@<request>" on stdout asks it to act on the plant or the processes ("plant leak 2", "kill-controller",
// "stop-broker"); it answers "done" on stdin. Each step prints "ok - ..." or "not ok - ..." (then exits 1).
//
// Environment: CONSOLE_URL (the page), BROKER_WS (the broker's WebSocket URL, for an independent observer),
// TOPIC_ROOT, OPERATOR / OPERATOR_PASSWORD, VIEWER / VIEWER_PASSWORD (a user whose ACL forbids commands),
// SCREENSHOTS (directory for console-overview.png and console-alarms.png), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import mqtt from 'mqtt';
import readline from 'node:readline';
import path from 'node:path';

const env = process.env;
const ROOT = env.TOPIC_ROOT;
const LEAK = 'leak.rack2';
const requests = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function step(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    console.log(`ok - ${name} (${Date.now() - t0} ms)${detail ? ': ' + detail : ''}`);
  } catch (e) {
    console.log(`not ok - ${name} (${Date.now() - t0} ms): ${e.message.split('\n').slice(0, 8).join(' | ')}`);
    throw e;
  }
}

/** Asks the test host to act, and waits until it has. */
async function ask(request) {
  console.log(`@${request}`);
  const { value, done } = await requests.next();
  if (done || value !== 'done') {
    throw new Error(`the host did not do '${request}': ${done ? 'stdin closed' : value}`);
  }
}

/** An observer of the broker that is not the page: what really is on MQTT. */
async function observer() {
  const client = await mqtt.connectAsync(env.BROKER_WS, { username: env.VIEWER, password: env.VIEWER_PASSWORD,
    protocolVersion: 5, reconnectPeriod: 0 });
  const alarms = new Map();
  client.on('message', (topic, payload) => {
    if (topic.startsWith(`${ROOT}/alarms/`) && payload.length) {
      alarms.set(topic.substring(ROOT.length + 8), JSON.parse(payload.toString()));
    }
  });
  await client.subscribeAsync(`${ROOT}/alarms/+`, { qos: 1 });
  return {
    alarms,
    async until(what, predicate, timeoutMs = 10_000) {
      const t0 = Date.now();
      while (Date.now() - t0 < timeoutMs) {
        if (predicate()) {
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`not seen on MQTT within ${timeoutMs} ms: ${what}`);
    },
    close: async () => client.end(true),
  };
}

async function login(browser, user, password) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1,
    locale: 'en-GB', timezoneId: 'UTC', colorScheme: 'light', reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`# page error (${user}): ${e.message}`));
  await page.goto(env.CONSOLE_URL);
  await page.getByTestId('login').waitFor();
  await page.locator('input[name=username]').fill(user);
  await page.locator('input[name=password]').fill(password);
  await page.getByTestId('connect').click();
  await page.locator('[data-testid=conn-broker][data-abnormal=false]').waitFor({ timeout: 20_000 });
  return page;
}

/** A screenshot that changes only when the page does: fixed viewport, times masked. */
async function screenshot(page, name) {
  const file = path.join(env.SCREENSHOTS, name);
  await page.screenshot({ path: file, fullPage: false, animations: 'disabled', caret: 'hide',
    mask: [page.locator('.time')], maskColor: '#d9d9d9' });
  return file;
}

const trip = (page, id) => page.locator(`[data-testid=trip][data-trip="${id}"]`);
const alarmRow = (page, id) => page.locator(`[data-testid=alarm][data-alarm="${id}"]`);

async function main() {
  const browser = await chromium.launch({
    executablePath: env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Playwright gives every launch a fresh temporary profile; the rest keeps Chromium off the network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const watch = await observer();
  let operator;
  try {
    await step('the operator logs in with the broker and topic root the page was told', async () => {
      operator = await login(browser, env.OPERATOR, env.OPERATOR_PASSWORD);
      return await operator.getByTestId('pod-title').textContent();
    });

    await step('the page shows the pod RUNNING, every rack powered, values GOOD', async () => {
      await operator.locator('[data-testid=mode][data-mode=RUNNING]').waitFor({ timeout: 90_000 });
      await operator.locator('[data-testid=contactor][data-energized=true]').nth(3).waitFor({ timeout: 30_000 });
      await operator.locator('[data-point="cdu.supplyTemp"] [data-testid=value][data-quality=GOOD]').waitFor();
      await operator.locator('[data-testid=conn-pod][data-abnormal=false]').waitFor();
      await operator.locator('[data-testid=conn-state][data-abnormal=false]').waitFor();
      // Every rack drawing power (the start is staggered), so that the picture is of a pod at work.
      await operator.waitForFunction(() => [...document.querySelectorAll('[data-testid=rack] [data-testid=value] .num')]
        .filter((n) => Number(n.textContent) > 0).length === 4, null, { timeout: 30_000 });
      if (await operator.getByTestId('banner').count() > 0) {
        throw new Error(`a banner on a healthy pod: ${await operator.getByTestId('banner').textContent()}`);
      }
      return await screenshot(operator, 'console-overview.png');
    });

    await step(`a leak injected in the plant appears as a trip with first-out within 1 s`, async () => {
      await ask('plant leak 2');
      const t0 = Date.now();
      await trip(operator, LEAK).locator('[data-testid=first-out]').waitFor({ timeout: 10_000 });
      const ms = Date.now() - t0;
      await operator.locator('[data-testid=mode][data-mode=TRIPPED]').waitFor();
      if (ms > 1000) {
        throw new Error(`the trip with first-out took ${ms} ms to appear`);
      }
      return `${ms} ms after the leak`;
    });

    await step('the trip is in the live events, with its seq', async () => {
      await operator.getByTestId('tab-events').click();
      const event = operator.locator(`[data-testid=event][data-type=TRIP_LATCHED]`).filter({ hasText: LEAK });
      await event.first().waitFor();
      return `seq ${await event.first().getAttribute('data-seq')}`;
    });

    await step('acknowledging the alarm from the page changes its state on MQTT', async () => {
      await watch.until(`${LEAK} ACTIVE_UNACKED`, () => watch.alarms.get(LEAK)?.state === 'ACTIVE_UNACKED');
      await operator.getByTestId('tab-alarms').click();
      await alarmRow(operator, LEAK).locator('[data-testid=ack]').click();
      await watch.until(`${LEAK} ACTIVE_ACKED`, () => watch.alarms.get(LEAK)?.state === 'ACTIVE_ACKED');
      await operator.locator(`[data-testid=alarm][data-alarm="${LEAK}"][data-state=ACTIVE_ACKED]`).waitFor();
      await alarmRow(operator, LEAK).locator('[data-testid=outcome][data-status=accepted]').waitFor();
      return await screenshot(operator, 'console-alarms.png');
    });

    await step('shelving with a reason and a duration shows SHELVED, as on MQTT', async () => {
      await alarmRow(operator, LEAK).locator('[data-testid=shelve]').click();
      await operator.getByTestId('reason').fill('leak crew on site');
      await operator.getByTestId('duration').selectOption('1h');
      await operator.getByTestId('exempt-submit').click();
      await watch.until(`${LEAK} shelved by ${env.OPERATOR}`, () => watch.alarms.get(LEAK)?.shelved?.by === env.OPERATOR);
      await operator.locator(`[data-testid=alarm][data-alarm="${LEAK}"][data-shelved=true]`).waitFor();
      await alarmRow(operator, LEAK).locator('[data-testid=shelved]').waitFor();
      await alarmRow(operator, LEAK).locator('[data-testid=unshelve]').click();
      await watch.until(`${LEAK} unshelved`, () => watch.alarms.get(LEAK)?.shelved === null);
      await operator.locator(`[data-testid=alarm][data-alarm="${LEAK}"][data-shelved=false]`).waitFor();
    });

    await step('out of service is an engineer\'s: the operator sees FORBIDDEN', async () => {
      await alarmRow(operator, LEAK).locator('[data-testid=oos]').click();
      await operator.getByTestId('reason').fill('sensor swap');
      await operator.getByTestId('exempt-submit').click();
      const outcome = alarmRow(operator, LEAK).locator('[data-testid=outcome][data-code=FORBIDDEN]');
      await outcome.waitFor();
      return await outcome.textContent();
    });

    await step('a reset while the leak persists is refused with CONDITION_ACTIVE', async () => {
      await operator.getByTestId('tab-overview').click();
      await trip(operator, LEAK).locator('[data-testid=condition-active]').waitFor();
      await trip(operator, LEAK).locator('[data-testid=reset]').click();
      const outcome = trip(operator, LEAK).locator('[data-testid=outcome][data-code=CONDITION_ACTIVE]');
      await outcome.waitFor();
      return await outcome.textContent();
    });

    await step('a user whose ACL forbids commands sees the refusal, not a silent no-op', async () => {
      const viewer = await login(browser, env.VIEWER, env.VIEWER_PASSWORD);
      await trip(viewer, LEAK).locator('[data-testid=reset]').click();
      const outcome = trip(viewer, LEAK).locator('[data-testid=outcome][data-status=broker-refused]');
      await outcome.waitFor({ timeout: 10_000 });
      const text = await outcome.textContent();
      await viewer.context().close();
      return text;
    });

    await step('once the leak is gone the operator\'s reset is accepted', async () => {
      await ask(`plant leak 2 off`);
      await trip(operator, LEAK).locator('[data-testid=condition-active]').waitFor({ state: 'detached',
        timeout: 10_000 });
      await operator.getByTestId('reset-all').click();
      await operator.locator('[data-testid=outcome][data-code=ACCEPTED]').first().waitFor();
      await trip(operator, LEAK).waitFor({ state: 'detached' });
    });

    await step('killing the controller shows the pod offline (its Last Will), values stale', async () => {
      await ask('kill-controller');
      await operator.locator('[data-testid=conn-pod][data-abnormal=true]').waitFor({ timeout: 15_000 });
      const reasons = await operator.getByTestId('banner').getAttribute('data-reasons');
      if (!reasons.includes('offline')) {
        throw new Error(`banner reasons: ${reasons}`);
      }
      await operator.locator('[data-point="cdu.supplyTemp"] .val.q-stale').waitFor();
      return await operator.getByTestId('banner').textContent();
    });

    await step('a lost broker is shown as such', async () => {
      await ask('stop-broker');
      await operator.locator('[data-testid=conn-broker][data-abnormal=true]').waitFor({ timeout: 15_000 });
      const reasons = await operator.getByTestId('banner').getAttribute('data-reasons');
      if (!reasons.includes('broker')) {
        throw new Error(`banner reasons: ${reasons}`);
      }
    });
  } finally {
    await watch.close().catch(() => {});
    await browser.close();
  }
}

main().then(() => process.exit(0), () => process.exit(1));
