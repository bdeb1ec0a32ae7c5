// Browser test of issue 12's items 6, 12 and 13 in Russian and English: a
// user changes their own password from their account page (errors by field;
// their other session is signed out at once), a user whose role an admin
// changes sees the new menus without reloading (the socket reconnects with
// the new rights), and the meeting page's guest links: made, one person at
// a time, used, revoked — the guest leaves the room at once. Screenshots go
// to tests/browser/screenshots/.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { ROOT, startServer } from './lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = join(ROOT, 'tests/browser/screenshots');
const MEDIA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required'];

let srv;
let browser;

async function newPage({ width = 1280, height = 900, locale = 'ru-RU' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, timezoneId: 'Europe/Moscow',
    baseURL: srv.url, permissions: ['camera', 'microphone'] });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { context, page, problems };
}

const shot = (page, name, opts = {}) => page.screenshot({ path: join(SHOTS, `${name}.png`), ...opts });

async function signIn(page, email, password = 'demo-password', next = '/') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/^(Электронная почта|Email)/).fill(email);
  await page.getByLabel(/^(Пароль|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
  await page.waitForURL((u) => u.pathname === next.split('?')[0]);
}

async function switchLanguage(page, to) {
  const name = to === 'en' ? 'English' : 'Русский';
  await page.getByRole('group', { name: /^(Язык|Language)$/ }).getByRole('button', { name }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, to);
}

/* A signed-in page calls the API as the web client does (with the CSRF token). */
function apiCall(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const me = await (await fetch('/api/v1/me')).json();
    const r = await fetch(`/api/v1${p}`, { method: m, body: b ? JSON.stringify(b) : undefined,
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token } });
    return { status: r.status, json: await r.json().catch(() => null) };
  }, [method, path, body]);
}

describe('account, rights and guest links', () => {
  let setupError = null;
  let admin;
  before(async () => {
    try {
      if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
      mkdirSync(SHOTS, { recursive: true });
      srv = await startServer();
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...MEDIA_ARGS] });
      admin = await newPage();
      await signIn(admin.page, 'admin@pobratim.demo');
    } catch (e) {
      setupError = e;
    }
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });
  const page0 = (opts) => {
    if (setupError) throw setupError;
    return newPage(opts);
  };

  let unique = 0;
  /* A throwaway account made by the admin: its email. */
  async function account(role, password) {
    const email = `browser-${++unique}@pobratim.test`;
    const org = (await apiCall(admin.page, 'GET', '/me')).json.user.organization.id;
    const r = await apiCall(admin.page, 'POST', '/users', { email, name: `Тестовый пользователь ${unique}`, password,
      role, organization_id: org });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    return { email, id: r.json.id };
  }

  test('own password, in Russian: errors by field; then changed, and the other session is signed out', async () => {
    const { email } = await account('staff', 'first secret 2026');
    const here = await page0();
    const there = await page0();
    await signIn(here.page, email, 'first secret 2026');
    await signIn(there.page, email, 'first secret 2026');

    /* the account page opens from the name in the top bar */
    await here.page.locator('.topbar').getByRole('link', { name: /Тестовый пользователь/ }).click();
    await here.page.getByRole('heading', { name: 'Мой профиль', level: 1 }).waitFor();
    const form = here.page.locator('.account-password');
    await form.getByRole('heading', { name: 'Смена пароля' }).waitFor();

    /* a wrong current password */
    await here.page.getByLabel('Текущий пароль').fill('not my password');
    await here.page.getByLabel('Новый пароль', { exact: true }).fill('a brand new secret');
    await here.page.getByLabel('Новый пароль ещё раз').fill('a brand new secret');
    await form.getByRole('button', { name: 'Сменить пароль' }).click();
    await form.locator('.field-error').getByText('Текущий пароль указан неверно.').waitFor();

    /* a weak new one, and two that differ */
    await here.page.getByLabel('Текущий пароль').fill('first secret 2026');
    await here.page.getByLabel('Новый пароль', { exact: true }).fill('1234567890');
    await here.page.getByLabel('Новый пароль ещё раз').fill('1234567890');
    await form.getByRole('button', { name: 'Сменить пароль' }).click();
    await form.locator('.field-error').getByText(/легко подобрать/).waitFor();
    await shot(here.page, 'account-password-error-ru');
    await here.page.getByLabel('Новый пароль', { exact: true }).fill('a brand new secret');
    await here.page.getByLabel('Новый пароль ещё раз').fill('a brand new secrет');
    await form.getByRole('button', { name: 'Сменить пароль' }).click();
    await form.locator('.field-error').getByText('Новые пароли не совпадают.').waitFor();

    /* right: changed; this page stays, the other one is sent to sign in */
    await here.page.getByLabel('Новый пароль ещё раз').fill('a brand new secret');
    await form.getByRole('button', { name: 'Сменить пароль' }).click();
    await form.getByText('Пароль изменён. На всех остальных устройствах выполнен выход.').waitFor();
    assert.equal(await here.page.getByLabel('Текущий пароль').inputValue(), '', 'the form is cleared');
    await there.page.waitForURL((u) => u.pathname === '/login');
    await shot(here.page, 'account-password-done-ru');
    await here.page.goto('/meetings');
    await here.page.getByRole('heading', { name: 'Встречи', level: 1 }).waitFor();

    const again = await page0();
    await signIn(again.page, email, 'a brand new secret');
    assert.deepEqual([...here.problems, ...there.problems, ...again.problems], []);
    for (const p of [here, there, again])
      await p.context.close();
  });

  test('own password, in English', async () => {
    const { email } = await account('correspondent', 'first secret 2027');
    const { page, context, problems } = await page0({ locale: 'en-GB' });
    await signIn(page, email, 'first secret 2027');
    await switchLanguage(page, 'en');
    await page.locator('.topbar').getByRole('link', { name: /Тестовый пользователь/ }).click();
    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor();
    const form = page.locator('.account-password');
    await page.getByLabel('Current password').fill('first secret 2027');
    await page.getByLabel('New password', { exact: true }).fill('demo-password');
    await page.getByLabel('New password again').fill('demo-password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.locator('.field-error').getByText('This is the published demo password; choose another.').waitFor();
    await shot(page, 'account-password-error-en');
    await page.getByLabel('New password', { exact: true }).fill('another fine secret');
    await page.getByLabel('New password again').fill('another fine secret');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('Password changed. You have been signed out everywhere else.').waitFor();
    await shot(page, 'account-password-done-en');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('an admin demoted by another admin sees the new menus at once, without reloading', async () => {
    const { email, id } = await account('admin', 'admin secret 2026');
    const { page, context, problems } = await page0();
    await signIn(page, email, 'admin secret 2026');
    const usersLink = page.locator('#sidenav').getByRole('link', { name: 'Пользователи' });
    await usersLink.waitFor();
    await page.locator('.live-status[data-status="live"]').waitFor();
    const r = await apiCall(admin.page, 'PATCH', `/users/${id}`, { role: 'correspondent' });
    assert.equal(r.status, 200);
    await usersLink.waitFor({ state: 'detached' });
    await page.locator('.topbar .user-meta').getByText(/Корреспондент/).waitFor();
    await page.locator('.live-status[data-status="live"]').waitFor();
    assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1, 'no reload');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('guest links on the meeting page: made, one person at a time, revoked while the guest waits', async () => {
    const host = await page0();
    await signIn(host.page, 'staff@pobratim.demo', 'demo-password', '/meetings');
    const org = (await apiCall(host.page, 'GET', '/me')).json.user.organization.id;
    const created = await apiCall(host.page, 'POST', '/meetings', {
      title_ru: 'Видеоконференция с гостями', title_en: 'Videoconference with guests', format: 'video',
      timezone: 'Europe/Moscow', starts_at: '2026-12-07T08:00:00Z', duration: 60,
      participants: [{ role: 'host', organization_id: org }],
    });
    assert.equal(created.status, 201);
    const id = created.json.id;
    await host.page.goto(`/meetings/${id}`);
    const section = host.page.locator('section.guest-links');
    await section.getByRole('heading', { name: 'Гостевые ссылки' }).waitFor();
    await section.getByText('Гостевых ссылок пока нет.').waitFor();

    await section.getByLabel('Имя гостя').fill('Переводчик');
    await section.getByRole('button', { name: 'Создать ссылку' }).click();
    const url = await section.locator('#guest-url').inputValue();
    assert.match(url, new RegExp(`/meetings/${id}/room\\?guest=`));
    await shot(host.page, 'meeting-guest-link-made-ru', { clip: { x: 0, y: 380, width: 1280, height: 420 } });
    await section.getByRole('row', { name: /Переводчик/ }).getByText('Действует').waitFor();
    await section.getByLabel('Имя гостя').fill('Делегация Минска');
    await section.getByLabel('Человек одновременно').selectOption('5');
    await section.getByLabel('Срок действия').selectOption('72');
    await section.getByRole('button', { name: 'Создать ссылку' }).click();
    await section.getByRole('row', { name: /Делегация Минска/ }).getByText('до 5 одновременно').waitFor();

    /* the guest waits in the lobby; a second device with the same link is refused */
    const guest = await page0();
    await guest.page.goto(url);
    await guest.page.getByTestId('lobby').waitFor();
    const second = await page0();
    await second.page.goto(url);
    await second.page.getByTestId('room-message').getByText(/уже кто-то есть/).waitFor();
    await shot(second.page, 'guest-link-in-use-ru');

    await host.page.reload();
    await section.getByRole('row', { name: /Переводчик/ }).getByText('Сейчас на встрече: 1').waitFor();
    await shot(host.page, 'meeting-guest-links-ru', { fullPage: true });

    /* revoked: the guest is out at once */
    host.page.once('dialog', (d) => void d.accept());
    await section.getByRole('button', { name: 'Отозвать ссылку для: Переводчик' }).click();
    await section.getByRole('row', { name: /Переводчик/ }).getByText('Отозвана').waitFor();
    await guest.page.getByTestId('room-message').getByText('Ведущий отозвал вашу гостевую ссылку.').waitFor();
    await shot(guest.page, 'guest-link-revoked-ru');

    /* the same page in English */
    await switchLanguage(host.page, 'en');
    await section.getByRole('heading', { name: 'Guest links' }).waitFor();
    await section.getByRole('row', { name: /Переводчик/ }).getByText('Revoked').waitFor();
    await section.getByRole('row', { name: /Делегация Минска/ }).getByText('up to 5 at a time').waitFor();
    await shot(host.page, 'meeting-guest-links-en', { fullPage: true });
    const en = await page0({ locale: 'en-GB' });
    await en.page.goto(url);
    await en.page.getByTestId('room-message').getByText('The host has revoked this guest link. Ask for a new one if you should still come.').waitFor();
    await shot(en.page, 'guest-link-revoked-en');
    await switchLanguage(host.page, 'ru');

    assert.deepEqual([...host.problems, ...guest.problems, ...second.problems, ...en.problems], []);
    for (const p of [host, guest, second, en])
      await p.context.close();
  });
});
