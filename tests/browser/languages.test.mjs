// Browser test of the guest languages (issue 15): a guest from Düsseldorf
// (Chromium in de-DE) opens a guest link and waits in a German lobby, switches
// to Chinese, French, Italian, Russian and English and back, is admitted into
// a German room; a signed-in host who chooses German in the room keeps the
// Russian app; the public pages follow the browser's language (German,
// French, Italian, Chinese) with dates by Intl in it, and remember a choice.
// No page shows a key of these pages in English for want of a translation.
// Screenshots: tests/browser/screenshots/lang-{lobby,room}-{de,zh,ru,en}[-phone].png.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiCall, browserSuite, missingTranslations, overflowX, setLanguage, shooter, signIn } from './lib/page.mjs';
import { createConference } from './lib/room.mjs';

const shot = shooter('lang-');

/* The lobby's sentence in each language (room.lobby in i18n/*.ts). */
const LOBBY = {
  de: 'Bitte warten Sie: Der Gastgeber lässt Sie gleich ein.',
  fr: 'Veuillez patienter\u00a0: l’hôte va vous admettre sous peu.',
  it: 'Attendi: l’organizzatore ti farà entrare a breve.',
  zh: '请稍候：主持人很快会准许您进入。',
  ru: /^Подождите/,
  en: 'Please wait: the host will admit you shortly.',
};

/* The room's "Leave" button in each language. */
const LEAVE = { de: 'Verlassen', zh: '离开', ru: 'Выйти', en: 'Leave', fr: 'Quitter', it: 'Esci' };

const langGroup = (page) => page.getByRole('group', { name: /^(Язык|Language|Sprache|Langue|Lingua|语言)$/ });

/* What the language buttons show (their first text; the full name is for screen readers). */
const shortNames = (buttons) => buttons.evaluateAll((bs) => bs.map((b) => b.firstChild.textContent));

/* Screenshots at the desktop width and at 390 px, which must not scroll sideways. */
async function shots(page, name) {
  await shot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await overflowX(page), 0, `${name} at 390 px: no horizontal scrolling`);
  await shot(page, `${name}-phone`);
  await page.setViewportSize(size);
}

describe('guest languages', () => {
  const suite = browserSuite({
    server: { env: { POBRATIM_MEDIA: 'mesh' } },
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required'],
    page: { width: 1100, height: 720, locale: 'de-DE', timezoneId: 'Europe/Berlin',
      permissions: ['camera', 'microphone'], timeout: 15000, consoleErrors: false },
  });

  test('a de-DE guest: the lobby in German, the switch to the six languages, the room in German and Chinese', async () => {
    const host = await suite.newPage({ locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
    await signIn(host.page, 'staff@pobratim.demo', { next: '/meetings' });
    const id = (await createConference(host.page, { Minsk: 'participant' })).json.id;
    await host.page.goto(`/meetings/${id}/room`);
    await host.page.locator('.room-tile').first().waitFor();
    const link = await apiCall(host.page, 'POST', `/meetings/${id}/guest-links`, { name: 'Anna Schmidt', hours: 2 });
    assert.equal(link.status, 201);

    const guest = await suite.newPage();
    await guest.page.goto(link.json.path);
    const lobby = guest.page.getByTestId('lobby');
    await lobby.getByText(LOBBY.de).waitFor();
    assert.equal(await guest.page.evaluate(() => document.documentElement.lang), 'de');
    const buttons = langGroup(guest.page).getByRole('button');
    assert.deepEqual(await shortNames(buttons), ['RU', 'EN', 'DE', 'FR', 'IT', '中文'], 'six languages, each by its short name');
    assert.deepEqual(await shortNames(langGroup(guest.page).getByRole('button', { pressed: true })), ['DE']);
    await shots(guest.page, 'lobby-de');

    for (const lang of ['zh', 'fr', 'it', 'ru', 'en']) {
      await setLanguage(guest.page, lang);
      await lobby.getByText(LOBBY[lang]).waitFor();
      if (lang === 'zh' || lang === 'ru' || lang === 'en') await shots(guest.page, `lobby-${lang}`);
    }
    await setLanguage(guest.page, 'de');
    await lobby.getByText(LOBBY.de).waitFor();

    /* admitted by the Russian host, the guest is in a German room */
    await host.page.getByRole('tab', { name: /^Участники/ }).click();
    await host.page.getByTestId('waiting').getByText('Anna Schmidt').waitFor();
    await host.page.getByRole('button', { name: 'Допустить' }).click();
    await guest.page.getByRole('button', { name: LEAVE.de, exact: true }).waitFor();
    await guest.page.getByRole('tab', { name: 'Tagesordnung' }).waitFor();
    assert.equal(await guest.page.getByRole('main').count(), 1, 'the room is the main landmark');
    await guest.page.locator('.room-tile').nth(1).waitFor();
    await shots(guest.page, 'room-de');
    await setLanguage(guest.page, 'zh');
    await guest.page.getByRole('button', { name: LEAVE.zh, exact: true }).waitFor();
    await shots(guest.page, 'room-zh');
    await setLanguage(guest.page, 'en');
    await guest.page.getByRole('button', { name: LEAVE.en, exact: true }).waitFor();
    await shots(guest.page, 'room-en');
    assert.deepEqual(await missingTranslations(guest.page), [], 'every string of the lobby and the room translated');
    await shots(host.page, 'room-ru');
    await guest.context.close();
    await host.context.close();
  });

  test('a signed-in host chooses German in the room: the room is German, the app stays Russian, nothing German is saved', async () => {
    const host = await suite.newPage({ locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
    const patches = [];
    host.page.on('request', (r) => r.method() === 'PATCH' && r.url().endsWith('/api/v1/me') && patches.push(r.postData()));
    await signIn(host.page, 'staff@pobratim.demo', { next: '/meetings' });
    const id = (await createConference(host.page, { Minsk: 'participant' })).json.id;
    await host.page.goto(`/meetings/${id}/room`);
    await host.page.getByRole('button', { name: LEAVE.ru, exact: true }).waitFor();
    await setLanguage(host.page, 'de');
    await host.page.getByRole('button', { name: LEAVE.de, exact: true }).waitFor();
    assert.deepEqual(patches, [], 'German is not the account\'s language: not sent to PATCH /me');

    /* the meeting's page and the shell: Russian, the account's language */
    await host.page.goto(`/meetings/${id}`);
    await host.page.getByRole('navigation', { name: 'Основная навигация' }).waitFor();
    assert.equal(await host.page.evaluate(() => document.documentElement.lang), 'ru');
    assert.deepEqual(await shortNames(langGroup(host.page).getByRole('button')), ['RU', 'EN'], 'the app speaks two languages');
    const me = await apiCall(host.page, 'GET', '/me');
    assert.equal(me.json.user.locale, 'ru');

    /* back in the room: the choice is kept; choosing Russian there is the account's choice again */
    await host.page.goto(`/meetings/${id}/room`);
    await host.page.getByRole('button', { name: LEAVE.de, exact: true }).waitFor();
    await setLanguage(host.page, 'ru', { saved: true });
    await host.page.getByRole('button', { name: LEAVE.ru, exact: true }).waitFor();
    await host.page.reload();
    await host.page.getByRole('button', { name: LEAVE.ru, exact: true }).waitFor();
    await host.context.close();
  });

  test('the public pages in the browser\'s language: German news with German dates, French events, Italian practices, Chinese partner cities', async () => {
    const bulletins = (await (await fetch(`${suite.ready().srv.url}/api/v1/bulletins?limit=50&lang=en`)).json()).items;
    const when = bulletins.find((b) => b.published_at).published_at;
    const cases = [
      ['de-DE', '/news', 'Nachrichten und Faktenchecks', 'de'],
      ['fr-FR', '/events', 'Calendrier des événements', 'fr'],
      ['it-IT', '/practices', 'Buone pratiche', 'it'],
      ['zh-CN', '/partner-cities', '伙伴城市', 'zh'],
    ];
    for (const [locale, path, title, lang] of cases) {
      const { context, page } = await suite.newPage({ locale });
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      await page.getByRole('navigation', { name: { de: 'Hauptnavigation', fr: 'Navigation principale', it: 'Navigazione principale', zh: '主导航' }[lang] }).waitFor();
      if (lang === 'de') {
        const date = new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Berlin' }).format(new Date(when));
        await page.getByRole('main').getByText(date).first().waitFor();
        assert.ok(await page.locator('#f-country option', { hasText: 'Deutschland' }).count() > 0, 'countries named by Intl in German');
      }
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await missingTranslations(page), [], `${path} in ${lang}: every string translated`);
      await context.close();
    }

    /* a choice on the switch is remembered over the browser's language */
    const { context, page } = await suite.newPage({ locale: 'de-DE' });
    await page.goto('/events');
    await page.getByRole('heading', { level: 1, name: 'Veranstaltungskalender' }).waitFor();
    await setLanguage(page, 'it');
    await page.getByRole('heading', { level: 1, name: 'Calendario degli eventi' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Calendario degli eventi' }).waitFor();
    await shot(page, 'events-it');
    await context.close();
  });
});
