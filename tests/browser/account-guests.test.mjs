// Browser test of issue 12's items 6, 12 and 13 in Russian and English: a
// user changes their own password from their account page (errors by field;
// their other session is signed out at once), a user whose role an admin
// changes sees the new menus without reloading (the socket reconnects with
// the new rights), and the meeting page's guest links: made, one person at
// a time, used, revoked — the guest leaves the room at once. Screenshots go
// to tests/browser/screenshots/.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiCall, browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

const shot = shooter();

describe('account, rights and guest links', () => {
  let admin;
  const suite = browserSuite({
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required'],
    page: { locale: 'ru-RU', timezoneId: 'Europe/Moscow', permissions: ['camera', 'microphone'], timeout: 15000,
      consoleErrors: false },
    async init() {
      admin = await suite.newPage();
      await signIn(admin.page, 'admin@pobratim.demo');
    },
  });

  let unique = 0;
  /* A throwaway account made by the admin: its email. */
  async function account(role, password) {
    suite.ready();
    const email = `browser-${++unique}@pobratim.test`;
    const org = (await apiCall(admin.page, 'GET', '/me')).json.user.organization.id;
    const r = await apiCall(admin.page, 'POST', '/users', { email, name: `Тестовый пользователь ${unique}`, password,
      role, organization_id: org });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    return { email, id: r.json.id };
  }

  test('own password, in Russian: errors by field; then changed, and the other session is signed out', async () => {
    const { email } = await account('staff', 'first secret 2026');
    const here = await suite.newPage();
    const there = await suite.newPage();
    await signIn(here.page, email, { password: 'first secret 2026' });
    await signIn(there.page, email, { password: 'first secret 2026' });

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

    const again = await suite.newPage();
    await signIn(again.page, email, { password: 'a brand new secret' });
    assert.deepEqual([...here.problems, ...there.problems, ...again.problems], []);
    for (const p of [here, there, again])
      await p.context.close();
  });

  test('own password, in English', async () => {
    const { email } = await account('correspondent', 'first secret 2027');
    const { page, context, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, email, { password: 'first secret 2027' });
    await setLanguage(page, 'en');
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
    const { page, context, problems } = await suite.newPage();
    await signIn(page, email, { password: 'admin secret 2026' });
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
    const host = await suite.newPage();
    await signIn(host.page, 'staff@pobratim.demo', { next: '/meetings' });
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
    const guest = await suite.newPage();
    await guest.page.goto(url);
    await guest.page.getByTestId('lobby').waitFor();
    const second = await suite.newPage();
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
    await setLanguage(host.page, 'en');
    await section.getByRole('heading', { name: 'Guest links' }).waitFor();
    await section.getByRole('row', { name: /Переводчик/ }).getByText('Revoked').waitFor();
    await section.getByRole('row', { name: /Делегация Минска/ }).getByText('up to 5 at a time').waitFor();
    await shot(host.page, 'meeting-guest-links-en', { fullPage: true });
    const en = await suite.newPage({ locale: 'en-GB' });
    await en.page.goto(url);
    await en.page.getByTestId('room-message').getByText('The host has revoked this guest link. Ask for a new one if you should still come.').waitFor();
    await shot(en.page, 'guest-link-revoked-en');
    await setLanguage(host.page, 'ru');

    assert.deepEqual([...host.problems, ...guest.problems, ...second.problems, ...en.problems], []);
    for (const p of [host, guest, second, en])
      await p.context.close();
  });
});
