// The realtime client's heartbeat (web/src/lib/realtime.ts), with the page's
// clock under the test's hand (page.clock) and its WebSocket passed through
// the test (page.routeWebSocket), which can hold back the server's pongs:
//   - a server that answers nothing within 20 s of a ping: the page closes
//     (4000) and comes back on a new connection;
//   - a page stalled past its own check (the clock jumps, as on a machine
//     busy decoding a room's videos) is given another round, not closed at
//     once: what the server sent may still wait behind the stall;
//   - a pong answers, and nothing is closed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, signIn } from './lib/page.mjs';

const suite = browserSuite({ page: { locale: 'ru-RU' } });

const PING_EVERY_MS = 25000;
const PONG_WITHIN_MS = 20000;

/*
 * A signed-in page whose timers the test drives and whose realtime
 * connections pass through the test: { page, context, opened, closes, hold }.
 * hold.pongs = true keeps the server's pongs from the page.
 */
async function heartbeatPage() {
  const { page, context } = await suite.newPage();
  await signIn(page, 'staff@pobratim.demo');
  const seen = { opened: 0, closes: [], pongs: 0, hold: { pongs: false } };
  await page.routeWebSocket(/\/api\/v1\/ws$/, (ws) => {
    seen.opened++;
    const server = ws.connectToServer();
    server.onMessage((m) => {
      const pong = JSON.parse(m).type === 'pong';
      if (pong && seen.hold.pongs)
        return;
      ws.send(m);
      seen.pongs += pong;
    });
    ws.onClose((code, reason) => {	/* set, it must pass the close on itself */
      seen.closes.push(code);
      server.close({ code, reason });
    });
  });
  await context.addInitScript(() => {	/* the page's sockets, to read their state */
    const Real = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Real {
      constructor(...args) {
        super(...args);
        window.__sockets.push(this);
      }
    };
  });
  await page.clock.install();
  await page.reload();
  await page.locator('.live-status[data-status="live"]').waitFor();
  assert.equal(seen.opened, 1);
  return { page, context, ...seen, seen };
}

/* Waits (in real time) until check() holds; a paused page clock stands still meanwhile. */
async function until(check, what) {
  const deadline = Date.now() + 30000;
  while (!check()) {
    assert.ok(Date.now() < deadline, what());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('no pong within 20 s of a ping: the page closes the connection and comes back', async () => {
  const { page, context, seen } = await heartbeatPage();
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 200));
  seen.hold.pongs = true;
  await page.clock.runFor(PING_EVERY_MS + PONG_WITHIN_MS - 1000);
  assert.deepEqual(seen.closes, [], 'still open 19 s after the ping');
  await page.clock.runFor(2000);
  await until(() => seen.closes.length === 1, () => `no close: ${JSON.stringify(seen.closes)}`);
  assert.equal(seen.closes[0], 4000);
  seen.hold.pongs = false;
  await page.clock.resume();
  await until(() => seen.opened === 2, () => `no new connection: ${seen.opened}`);
  await page.locator('.live-status[data-status="live"]').waitFor();
  await context.close();
});

test('a page stalled past its check is given another round; answered pongs close nothing', async () => {
  const { page, context, seen } = await heartbeatPage();
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 200));
  for (let i = 0; i < 3; i++) {	/* a ping; its pong arrives (in real time) before its check is due */
    const pongs = seen.pongs;
    await page.clock.runFor(PING_EVERY_MS);
    await until(() => seen.pongs > pongs, () => 'no pong');
  }
  /* the checks of the first two ran meanwhile, the third's runs with the next ping */

  seen.hold.pongs = true;
  await page.clock.runFor(PING_EVERY_MS);		/* a ping goes out; no pong comes */
  assert.deepEqual(seen.closes, [], 'pongs answered: nothing closed');
  /* the page stalls past its check (due 20 s after the ping), which then runs 4 s late, before the next ping */
  await page.clock.fastForward(PONG_WITHIN_MS + 4000);
  assert.equal(await page.evaluate(() => window.__sockets.at(-1).readyState), 1,
    'a late check looks again before it closes');
  await page.clock.runFor(PONG_WITHIN_MS + 2000);
  await until(() => seen.closes.length === 1, () => `no close after the second round: ${JSON.stringify(seen.closes)}`);
  assert.equal(seen.closes[0], 4000);
  await context.close();
});
