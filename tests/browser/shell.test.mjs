// Browser test of the web UI shell against the real server: sign-in, the
// dashboard with the demo data, RU/EN switch persisted per user, admin lists,
// session expiry, phone width. Screenshots go to tests/browser/screenshots/.
//
// Needs build/pobratim (make), web/dist (npm run build) and /usr/bin/chromium
// (apt-get install chromium). Any of them missing fails the test.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSuite, setLanguage, shooter } from './lib/page.mjs';

const PASSWORD = 'demo-password';
const DEPT_RU = /Департамент внешнеэкономических и международных связей/;
const DEPT_EN = /Department (for|of) External Economic and International Relations/i;
const shot = shooter();

/* Fills in and sends the sign-in form the page is on. */
async function submitSignIn(page, email) {
  await page.getByLabel(/^(Электронная почта|Email)/).fill(email);
  await page.getByLabel(/^(Пароль|Password)/).fill(PASSWORD);
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
}

describe('web shell', () => {
  // a long first wait, so that the sixth attempt below is held off however slow the machine
  const suite = browserSuite({
    server: { env: { POBRATIM_LOGIN_BACKOFF: '300' } },
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
    page: { height: 860, locale: 'ru-RU' },
  });

  test('sign-in page: labelled fields, errors from the API, no demo passwords', async () => {
    const { page, context, problems } = await suite.newPage();
    await page.goto('/');
    await page.waitForURL(/\/login\?next=%2F$/);
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    await page.getByRole('heading', { name: 'Вход', level: 1 }).waitFor();
    assert.doesNotMatch(await page.content(), /demo-password/);

    // Empty form: the server's validation_failed is shown (summary + per-field).
    await page.getByRole('button', { name: 'Войти' }).click();
    const alert = page.locator('.error-summary');
    await alert.waitFor();
    assert.match(await alert.innerText(), /\S/);

    await page.getByLabel('Электронная почта').fill('nobody@pobratim.demo');
    await page.getByLabel('Пароль').fill('wrong-password');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByText('Неверная электронная почта или пароль.').waitFor();
    await shot(page, 'login-error-ru');

    // Repeated failures for one account: 429 with the wait taken from Retry-After.
    for (let i = 0; i < 6; i++) {
      await page.getByLabel('Электронная почта').fill('partner@pobratim.demo');
      await page.getByLabel('Пароль').fill(`wrong-${i}`);
      const res = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
      await page.getByRole('button', { name: 'Войти' }).click();
      if ((await res).status() === 429) break;
    }
    await page.getByText(/Слишком много попыток входа\. Повторите через \d+ мин/).waitFor();
    await shot(page, 'login-locked-ru');

    // Language before sign-in is remembered in localStorage.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await shot(page, 'login-en');
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { name: 'Вход', level: 1 }).waitFor();
    await shot(page, 'login-ru');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('staff: dashboard with demo data; RU/EN switch persists per user', async () => {
    const { page, context, problems } = await suite.newPage();
    await page.goto('/login');
    await submitSignIn(page, 'staff@pobratim.demo');
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('heading', { name: 'Сводка', level: 1 }).waitFor();
    await page.getByText(DEPT_RU).first().waitFor();
    const header = page.locator('header.topbar');
    assert.match(await header.innerText(), /Сотрудник департамента/);
    await page.getByRole('heading', { name: 'Организации по странам' }).waitFor();
    assert.match(await page.locator('.bar-table').innerText(), /Беларусь/);
    // Every module is a link now (none is left "soon").
    const nav = page.getByRole('navigation', { name: 'Основная навигация' });
    assert.equal(await nav.getByRole('link', { name: /Обмен информацией/ }).count(), 1);
    for (const name of ['Партнёры', 'Встречи', 'Сотрудничество', 'События', 'Торговля'])
      assert.equal(await nav.getByRole('link', { name }).count(), 1, `${name} is a link`);
    assert.doesNotMatch(await nav.innerText(), /скоро/i, 'every module has landed');
    assert.equal(await nav.getByRole('link', { name: 'Встречи' }).count(), 1);
    // No admin section for staff.
    assert.equal(await nav.getByRole('link', { name: 'Пользователи' }).count(), 0);
    await shot(page, 'dashboard-ru', { fullPage: true });

    await setLanguage(page, 'en', { saved: true });
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByText(DEPT_EN).first().waitFor();
    assert.match(await page.locator('.bar-table').innerText(), /Belarus/);
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await header.innerText(), /Department staff/);
    await shot(page, 'dashboard-en', { fullPage: true });

    // Admin pages are refused for staff; unknown routes get a 404 page.
    await page.goto('/admin/users');
    await page.getByRole('heading', { name: 'No access', level: 1 }).waitFor();
    await page.goto('/no/such/page');
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
    await shot(page, 'notfound-en');
    await page.getByRole('link', { name: 'Go to the dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();

    await setLanguage(page, 'ru', { saved: true });
    await page.getByRole('heading', { name: 'Сводка', level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Сводка', level: 1 }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');

    // Sign out.
    await page.getByRole('button', { name: 'Выйти' }).first().click();
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByText('Вы вышли из системы.').waitFor();
    await page.goto('/');
    await page.waitForURL(/\/login/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('admin: back to the asked page after sign-in; users and organizations', async () => {
    const { page, context, problems } = await suite.newPage();
    await page.goto('/admin/users');
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fusers$/);
    await submitSignIn(page, 'admin@pobratim.demo');
    await page.waitForURL((u) => u.pathname === '/admin/users');
    await page.getByRole('heading', { name: 'Пользователи', level: 1 }).waitFor();
    const table = page.locator('#users-table');
    await table.getByText('staff@pobratim.demo').waitFor();
    assert.match(await table.innerText(), /partner@pobratim\.demo/);
    await shot(page, 'admin-users-ru');

    // Search narrows the list.
    await page.getByLabel('Поиск').fill('partner');
    await page.waitForFunction(() => !document.querySelector('#users-table')?.textContent?.includes('staff@pobratim.demo'));
    assert.match(await table.innerText(), /partner@pobratim\.demo/);
    await page.getByLabel('Поиск').fill('');
    await table.getByText('staff@pobratim.demo').waitFor();

    // Create form: the server's per-field errors are shown next to the fields.
    await page.getByRole('button', { name: 'Новый пользователь' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый пользователь' });
    await dialog.waitFor();
    await dialog.getByLabel('Пароль', { exact: true }).fill('short');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    await dialog.locator('.error-summary').waitFor();
    assert.ok((await dialog.locator('.field-error').count()) >= 2, 'per-field errors shown');
    await shot(page, 'admin-user-form-errors-ru');
    await dialog.getByRole('button', { name: 'Отмена' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Create a user (organization chosen by autocomplete), disable them, delete them.
    await page.getByRole('button', { name: 'Новый пользователь' }).click();
    await dialog.getByLabel('ФИО', { exact: true }).fill('Анна Тестова');
    await dialog.getByLabel('Электронная почта', { exact: true }).fill('anna.test@example.org');
    await dialog.getByLabel('Роль', { exact: true }).selectOption('partner');
    await dialog.getByRole('combobox', { name: /Организация/ }).fill('Минск');
    await dialog.getByRole('option', { name: /Минский городской исполнительный комитет/ }).click();
    await dialog.getByLabel('Пароль', { exact: true }).fill('a-long-enough-password');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = table.locator('tr', { hasText: 'anna.test@example.org' });
    await row.waitFor();
    assert.match(await row.innerText(), /Город-партнёр/);
    await row.getByRole('button', { name: /^Изменить/ }).click();
    const edit = page.getByRole('dialog', { name: 'Изменение пользователя' });
    await edit.getByLabel(/Учётная запись отключена/).check();
    await edit.getByRole('button', { name: 'Сохранить' }).click();
    await edit.waitFor({ state: 'detached' });
    await row.getByText('Отключён').waitFor();
    await row.getByRole('button', { name: /^Удалить/ }).click();
    await page.getByRole('dialog', { name: 'Удалить пользователя?' }).getByRole('button', { name: 'Удалить' }).click();
    await row.waitFor({ state: 'detached' });

    await setLanguage(page, 'en', { saved: true });
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await shot(page, 'admin-users-en');

    // Organizations: the list, the city autocomplete, the 409 on delete.
    await page.getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();
    const orgs = page.locator('#orgs-table');
    await orgs.getByText(DEPT_EN).first().waitFor();
    await shot(page, 'admin-orgs-en');

    await page.getByRole('button', { name: 'New organization' }).click();
    const odlg = page.getByRole('dialog', { name: 'New organization' });
    await odlg.getByRole('combobox', { name: /City/ }).fill('Харб');
    await odlg.getByRole('option', { name: /Harbin — China/ }).first().waitFor();
    await shot(page, 'admin-org-city-autocomplete-en');
    await odlg.getByRole('option', { name: /Harbin — China/ }).first().click();
    assert.match(await odlg.getByRole('combobox', { name: /City/ }).inputValue(), /^Harbin — China$/);
    await odlg.getByRole('button', { name: 'Cancel' }).click();
    await odlg.waitFor({ state: 'detached' });

    const deptRow = orgs.locator('tr', { hasText: DEPT_EN }).first();
    await deptRow.getByRole('button', { name: /^Delete/ }).click();
    const del = page.getByRole('dialog', { name: 'Delete organization?' });
    await del.getByRole('button', { name: 'Delete' }).click();
    await del.getByText(/cannot be deleted while users belong to it/).waitFor();
    await del.getByRole('button', { name: 'Cancel' }).click();

    await setLanguage(page, 'ru', { saved: true });
    await page.getByRole('heading', { name: 'Организации', level: 1 }).waitFor();
    await shot(page, 'admin-orgs-ru');

    // The session ends under the user: the next call sends them to sign in and back.
    await context.clearCookies();
    await page.getByLabel('Поиск').fill('Минск');
    await page.waitForURL(/\/login\?next=%2Fadmin%2Forganizations$/);
    await page.getByText('Сеанс завершён. Войдите снова.').waitFor();
    await submitSignIn(page, 'admin@pobratim.demo');
    await page.waitForURL((u) => u.pathname === '/admin/organizations');
    await page.getByRole('heading', { name: 'Организации', level: 1 }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('phone width 390px: menu button, no horizontal scroll, both languages', async () => {
    const { page, context, problems } = await suite.newPage({ width: 390, height: 844 });
    await page.goto('/login');
    await shot(page, 'phone-login-ru');
    await submitSignIn(page, 'staff@pobratim.demo');
    await page.getByRole('heading', { name: 'Сводка', level: 1 }).waitFor();
    const nav = page.locator('#sidenav');
    assert.equal(await nav.isVisible(), false, 'navigation collapsed');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok((await overflow()) <= 0, 'no horizontal scroll at 390px');
    await shot(page, 'phone-dashboard-ru', { fullPage: true });

    const menu = page.getByRole('button', { name: 'Меню' });
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    await menu.click();
    await nav.waitFor({ state: 'visible' });
    assert.equal(await page.locator('#menu-button').getAttribute('aria-expanded'), 'true');
    await shot(page, 'phone-menu-ru');
    await page.keyboard.press('Escape');
    await nav.waitFor({ state: 'hidden' });

    await setLanguage(page, 'en', { saved: true });
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await shot(page, 'phone-dashboard-en', { fullPage: true });
    await page.getByRole('button', { name: 'Menu' }).click();
    await shot(page, 'phone-menu-en');
    await page.keyboard.press('Escape');

    await page.setViewportSize({ width: 360, height: 780 });
    assert.ok((await overflow()) <= 0, 'no horizontal scroll at 360px');
    await setLanguage(page, 'ru', { saved: true });
    await page.getByRole('heading', { name: 'Сводка', level: 1 }).waitFor();
    await shot(page, 'phone360-dashboard-ru');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
