// Browser test of the phone width (issue 15): every route of the app's router
// (web/src/App.tsx) opened on a 390 px touch screen — as staff in Russian, the
// administration as an admin in English, the public pages signed out in
// Russian and German — scrolls no page sideways (scrollWidth <= clientWidth)
// and tells no one to hover. The live room at 390 px is in languages.test.mjs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { apiCall, browserSuite, overflowX, signIn } from './lib/page.mjs';
import { ROOT } from './lib/server.mjs';

const PHONE = { width: 390, height: 844, hasTouch: true, isMobile: true };

/* The routes, with {id} for the ids found at run time. */
const STAFF = ['/', '/partners', '/partners/map', '/partners/network', '/partners/{id}', '/partner-cities', '/news',
  '/news/{id}', '/fact-checks/{id}', '/search', '/exchange/write', '/exchange/mine', '/exchange/moderation',
  '/exchange/edit/{id}', '/aid', '/aid/{id}', '/shipments', '/shipments/{id}', '/delegations', '/delegations/{id}',
  '/cooperation', '/roadmaps/{id}', '/trade', '/events', '/events/{id}', '/events/{id}/exhibition', '/events/{id}/fair',
  '/practices', '/practices/{id}', '/organizations/{id}', '/account', '/meetings', '/meetings/new',
  '/meetings/actions', '/meetings/{id}', '/people', '/people/{id}'];
const ADMIN = ['/admin', '/admin/users', '/admin/organizations', '/admin/mail'];
const PUBLIC = ['/news', '/news/{id}', '/fact-checks/{id}', '/search', '/events', '/events/{id}',
  '/events/{id}/exhibition', '/events/{id}/fair', '/partner-cities', '/practices', '/practices/{id}', '/login',
  '/forgot-password'];

/** The paths App.tsx routes: its `case '/…'` and `idOf(path, '/…')` ones, and the aid and showcase pages. */
function routerPaths() {
  const app = readFileSync(join(ROOT, 'web/src/App.tsx'), 'utf8');
  const fixed = [...app.matchAll(/case '(\/[^']*)':/g)].map((m) => m[1]);
  const byId = [...app.matchAll(/idOf\(path, '(\/[^']+)'\)/g)].map((m) => `${m[1]}/{id}`);
  return [...new Set([...fixed, ...byId])];
}

/** The id of the first /kind/{id} link on the page at path. */
async function linkedId(page, path, kind) {
  await page.goto(path);
  const link = page.locator(`main a[href^="/${kind}/"]`).first();
  await link.waitFor();
  return Number((await link.getAttribute('href')).split('/')[2]);
}

/** Each {id} route with a real id, looked up through the API as the page's user. */
async function concrete(page, routes) {
  const api = (p) => page.evaluate(async (x) => (await (await fetch(`/api/v1${x}`)).json()).items ?? [], p);
  const events = await api('/events');
  const bulletins = await api('/bulletins?limit=50');
  const ids = {
    '/partners': (await api('/partnerships?limit=1'))[0]?.id,
    '/news': bulletins.find((b) => b.kind !== 'fact_check')?.id,
    '/fact-checks': bulletins.find((b) => b.kind === 'fact_check')?.id,
    '/exchange/edit': bulletins[0]?.id,
    '/aid': (await api('/aid?limit=1'))[0]?.id,
    '/shipments': (await api('/shipments'))[0]?.id,
    '/delegations': (await api('/delegations'))[0]?.id,
    '/roadmaps': routes.includes('/roadmaps/{id}') ? await linkedId(page, '/cooperation', 'roadmaps') : null,
    '/events': events[0]?.id,
    '/events/exhibition': events.find((e) => e.kind === 'exhibition')?.id,
    '/events/fair': events.find((e) => e.kind === 'fair')?.id,
    '/practices': (await api('/practices'))[0]?.id,
    '/organizations': (await api('/organizations?limit=1'))[0]?.id,
    '/people': (await api('/people?limit=1'))[0]?.id,
    '/meetings': (await api('/meetings?from=2023-01-01&to=2024-01-31'))[0]?.id, // the seeds' meetings of 2023
  };
  return routes.map((r) => {
    if (!r.includes('{id}')) return r;
    const key = r.replace(/\/\{id\}/, '');
    assert.ok(ids[key], `an id for ${r}`);
    return r.replace('{id}', ids[key]);
  });
}

/** Opens each route and collects the ones that scroll sideways or speak of hovering. */
async function sweep(page, routes) {
  const bad = [];
  for (const r of routes) {
    await page.goto(r);
    await page.waitForLoadState('networkidle');
    await page.locator('#page-title').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.spinner'));
    const over = await overflowX(page);
    if (over > 0) bad.push(`${r}: ${over} px wider than the screen`);
    const text = await page.locator('body').innerText();
    const hover = text.match(/[^.\n]*(наведите|hover)[^.\n]*/i);
    if (hover) bad.push(`${r}: "${hover[0].trim()}" on a touch screen`);
  }
  return bad;
}

describe('the phone width', () => {
  const suite = browserSuite({ page: { ...PHONE, locale: 'ru-RU', timeout: 15000 } });

  test('the sweep covers every route of the router', () => {
    const swept = new Set([...STAFF, ...ADMIN, ...PUBLIC]);
    const missing = routerPaths().filter((p) => !swept.has(p));
    assert.deepEqual(missing, [], 'routes of App.tsx the sweep does not open');
    assert.ok(routerPaths().length > 25, 'the router\'s routes were read');
  });

  test('staff, Russian: no page scrolls sideways at 390 px, no hover instructions', async () => {
    const { context, page, problems } = await suite.newPage();
    await signIn(page, 'staff@pobratim.demo');
    const aid = await apiCall(page, 'POST', '/aid', { kind: 'offer', category: 'information', lang: 'ru',
      title: 'Консультации для соотечественников в Дюссельдорфе', body: 'По вторникам, в Русском доме.',
      country_code: 'DE', contact: 'consult@example.org' });
    assert.equal(aid.status, 201, JSON.stringify(aid.json));
    assert.deepEqual(await sweep(page, await concrete(page, STAFF)), []);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('admin, English: the administration at 390 px', async () => {
    const { context, page, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'admin@pobratim.demo');
    assert.deepEqual(await sweep(page, ADMIN), []);
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const locale of ['ru-RU', 'de-DE']) {
    test(`signed out, ${locale}: the public pages at 390 px`, async () => {
      const { context, page, problems } = await suite.newPage({ locale });
      await page.goto('/news');
      const routes = await concrete(page, PUBLIC);
      assert.deepEqual(await sweep(page, routes), []);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test('the meetings page tells a mouse to hover and a touch screen to open a meeting', async () => {
    const mouse = await suite.newPage({ width: 1280, height: 900, hasTouch: false, isMobile: false });
    await signIn(mouse.page, 'staff@pobratim.demo', { next: '/meetings' });
    await mouse.page.getByText(/наведите на встречу/).waitFor();
    await mouse.context.close();
    const touch = await suite.newPage();
    await signIn(touch.page, 'staff@pobratim.demo', { next: '/meetings' });
    await touch.page.getByText(/местное время каждого города — на странице встречи/).waitFor();
    await touch.context.close();
  });
});
