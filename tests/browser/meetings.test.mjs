// Browser test of meetings against the real server: the slot finder on the
// seeds' eight cities, scheduling from a proposed slot, the meeting in the
// calendar with each city's local time on hover, the meeting page, action
// items by partner, English, and a phone-width calendar. Screenshots go to
// tests/browser/screenshots/.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

const shot = shooter();

describe('meetings', () => {
  const suite = browserSuite({ page: { locale: 'ru-RU', timezoneId: 'Europe/Moscow' } });

  test('staff: find a slot for the eight seed cities, schedule it, see it in the calendar', async () => {
    const { page, context, problems } = await suite.newPage();
    await signIn(page, 'staff@pobratim.demo', { next: '/meetings' });
    await page.getByRole('heading', { name: 'Встречи', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Назначить встречу' }).click();
    await page.getByRole('heading', { name: 'Подбор времени', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Москва и 7 городов (май 2020)' }).click();
    await page.locator('.chip').nth(7).waitFor();
    assert.equal(await page.locator('.chip').count(), 8);
    await page.getByLabel('С', { exact: true }).fill('2027-01-11');
    await page.getByLabel('По', { exact: true }).fill('2027-01-16');
    await page.getByRole('button', { name: 'Подобрать время' }).click();
    await page.getByText(/Времени, удобного всем в рабочие часы, нет/).waitFor();
    const grid = page.locator('table.slot-grid');
    await grid.waitFor();
    assert.equal(await grid.locator('tbody tr').count(), 8);
    /* the chosen slot is framed in every row, and someone is outside working hours */
    assert.ok(await grid.locator('td.g-in').count() >= 8);
    assert.ok(await page.locator('.slot-chosen .burden').count() >= 1);
    assert.match(await grid.locator('tbody tr').nth(6).innerText(), /Монреаль/);
    await shot(page, 'meetings-slots-ru', { fullPage: true });

    await page.getByLabel('Название (по-русски)').fill('Видеоконференция мэров восьми городов');
    await page.getByLabel('Название (по-английски)').fill('Videoconference of the mayors of eight cities');
    await page.getByRole('button', { name: 'Назначить встречу' }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    await page.getByRole('heading', { name: 'Видеоконференция мэров восьми городов', level: 1 }).waitFor();
    const join = page.getByRole('link', { name: 'Подключиться' });
    assert.match(await join.getAttribute('href'), /^\/meetings\/\d+\/room$/);
    await page.getByText(/Комната видеосвязи: видео, чат и повестка/).waitFor();
    assert.equal(await page.locator('.participant').count(), 9);	/* host + 8 cities */
    assert.match(await page.locator('.participant').first().innerText(), /Департамент/);
    /* the host writes the agenda: ordered items with a presenter and a time budget */
    await page.getByRole('button', { name: 'Редактировать повестку' }).click();
    await page.getByLabel('Пункт (по-русски)').fill('Меры поддержки экономики');
    await page.getByLabel('Пункт (по-английски)').fill('Support for the economy');
    await page.getByLabel('Докладчик').fill('Сергей Черёмин');
    await page.getByLabel('Минут').fill('20');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.locator('ol.agenda li').getByText('Меры поддержки экономики').waitFor();
    await page.getByText('Запланировано: 20 мин из 60 мин.').waitFor();
    assert.equal(await page.getByRole('link', { name: 'В календарь (.ics)' }).count(), 1);
    await shot(page, 'meetings-page-ru', { fullPage: true });
    const id = page.url().match(/\/meetings\/(\d+)$/)[1];

    await page.goto('/meetings?view=month&date=2027-01-11');
    const chip = page.locator(`.event a[href="/meetings/${id}"]`);
    await chip.waitFor();
    await chip.hover();
    const tip = page.locator('.event:hover .event-tip');
    await tip.waitFor();
    const text = await tip.innerText();
    for (const c of ['Москва', 'Монреаль', 'Чунцин', 'Рединг'])
      assert.match(text, new RegExp(c));
    await shot(page, 'meetings-calendar-ru');
    await page.getByRole('button', { name: 'Список (год)' }).click();
    await page.locator('#meetings-list').getByText('Видеоконференция мэров восьми городов').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('partner (English): the Krasnodar–Harbin meeting, decisions, action items by partner', async () => {
    const { page, context, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'partner.harbin@pobratim.demo', { next: '/meetings' });
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
    await page.goto('/meetings?view=list&date=2020-06-01');
    await page.getByText(/Krasnodar and Harbin/).first().click();
    await page.waitForURL(/\/meetings\/\d+$/);
    await page.getByRole('heading', { name: /Krasnodar and Harbin/, level: 1 }).waitFor();
    await page.getByText(/time not stated in the source/).waitFor();
    assert.equal(await page.getByRole('link', { name: /Add to calendar/ }).count(), 0);
    assert.match(await page.locator('.participant').first().innerText(), /Evgeny Pervyshov/);
    await page.getByText(/Sun Zhe:/).first().waitFor();
    assert.equal(await page.locator('.actions-table tbody tr').count(), 7);
    await shot(page, 'meetings-page-en', { fullPage: true });

    await page.goto('/meetings/actions');
    await page.getByRole('heading', { name: 'Open action items by partner', level: 1 }).waitFor();
    await page.getByRole('heading', { name: /Harbin/ }).waitFor();
    await page.getByRole('heading', { name: /Krasnodar/ }).waitFor();
    await shot(page, 'meetings-actions-en', { fullPage: true });
    /* Harbin moves the status of its own item */
    const own = page.locator('section', { has: page.getByRole('heading', { name: /Harbin/ }) }).locator('select').first();
    const saved = page.waitForResponse((r) => /\/api\/v1\/actions\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
    await own.selectOption('in_progress');
    assert.equal((await saved).status(), 200);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('English slot finder: Montreal + Chongqing, least-bad slots and a fair series', async () => {
    const { page, context, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'staff.krasnodar@pobratim.demo', { next: '/meetings/new' });
    await setLanguage(page, 'en');
    await page.getByRole('heading', { name: 'Find a time', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Montreal + Chongqing' }).click();
    await page.locator('.chip').nth(1).waitFor();
    await page.getByLabel('From', { exact: true }).fill('2027-01-11');
    await page.getByLabel('To', { exact: true }).fill('2027-01-16');
    await page.getByLabel(/Meetings in the series/).fill('4');
    await page.getByRole('button', { name: 'Find times' }).click();
    await page.getByText(/No time suits everyone within working hours/).waitFor();
    const first = await page.locator('.slot').first().innerText();
    assert.match(first, /Montreal: 60 min outside working hours \(starts 18:30\)/);
    assert.match(first, /Chongqing: 60 min outside working hours \(starts 07:30\)/);
    await page.getByRole('heading', { name: 'A fair series' }).waitFor();
    await shot(page, 'meetings-slots-en', { fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('phone width 390px: the calendar fits', async () => {
    const { page, context, problems } = await suite.newPage({ width: 390, height: 844 });
    await signIn(page, 'staff@pobratim.demo', { next: '/meetings' });
    await page.goto('/meetings?view=month&date=2020-05-01');
    await page.locator('.cal-month').waitFor();
    await page.getByText(/Точная дата неизвестна/).waitFor();
    await page.locator('.cal-day .event-allday').first().waitFor();	/* 18 May: a day without a time */
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
    await shot(page, 'meetings-calendar-phone-ru', { fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
