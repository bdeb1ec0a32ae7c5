// Browser test of the event form and the aid pages: staff add an event with
// the form (a field error first, shown by the field), change its status with
// the day it took effect; the shipments page with the computed totals, the
// seeds' Heilongjiang shipment, a new shipment made and distributed through
// the forms (more than remains refused); the Harbin doctors and the experts
// from China (a country, no city named), and a delegation from a country added
// with the form. Russian and English, and the shipments page at phone width.
// Screenshots go to tests/browser/screenshots/aid-*.png.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';
import { pickCountry } from './lib/countries.mjs';

const shot = shooter('aid-');

async function pickCity(dialog, label, text, option) {
  await dialog.getByRole('combobox', { name: label }).fill(text);
  await dialog.getByRole('option', { name: option }).first().click();
}

describe('event form and aid pages in the browser', () => {
  const suite = browserSuite({ page: { locale: 'ru-RU' } });

  test('staff, Russian: add an event with the form, then move its status on a given day', async () => {
    const { context, page, problems } = await suite.newPage();
    await signIn(page, 'staff@pobratim.demo');
    await page.goto('/events');
    await page.getByRole('button', { name: 'Добавить мероприятие' }).click();
    const dialog = page.getByRole('dialog', { name: 'Добавить мероприятие' });
    await dialog.getByLabel('Вид').selectOption('forum');
    await dialog.getByLabel('Название на русском').fill('Форум молодёжи Москвы и Минска');
    await dialog.getByLabel('Название на английском').fill('Moscow–Minsk Youth Forum');
    await pickCity(dialog, /Принимающий город/, 'Минск', /^Минск — Беларусь/);
    await pickCity(dialog, /Город-гость/, 'Москва', /^Москва — Российская Федерация/);
    await dialog.getByLabel('Начало').fill('2026-12-10');
    await dialog.getByLabel('Окончание').fill('2026-12-09');
    await dialog.getByLabel('Партнёрство').selectOption({ label: 'Москва — Минск' });
    await dialog.getByLabel('Статус с').fill('2026-01-10');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    // the server refuses the order of the dates; the error stands by the field
    const field = dialog.locator('.field', { has: page.getByLabel('Окончание') });
    await field.locator('.field-error').waitFor();
    assert.match(await field.locator('.field-error').innerText(), /Не может быть раньше даты начала/);
    assert.equal(await dialog.getByLabel('Окончание').getAttribute('aria-invalid'), 'true');
    await dialog.getByRole('alert').filter({ hasText: 'Окончание' }).waitFor();
    await shot(page, 'event-form-error-ru');
    await dialog.getByLabel('Окончание').fill('2026-12-11');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    await page.getByRole('heading', { name: 'Форум молодёжи Москвы и Минска', level: 1 }).waitFor();
    const about = await page.locator('main').innerText();
    assert.match(about, /Принимающий город\s+Минск/);
    assert.match(about, /Город-гость\s+Москва/);

    // change the status: the history keeps the day it took effect
    await page.getByRole('button', { name: 'Изменить' }).click();
    const edit = page.getByRole('dialog', { name: 'Изменить мероприятие' });
    // the cities come back with their countries' names from the gazetteer
    await page.waitForFunction(() => document.querySelector('#evf-guest')?.value === 'Москва — Российская Федерация');
    await edit.getByLabel('Статус', { exact: true }).selectOption('planned');
    await edit.getByLabel('Статус с').fill('2026-03-02');
    await edit.getByLabel('Показывать в открытом календаре').check();
    await shot(page, 'event-form-ru');
    await edit.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено. Статус записан в историю.').waitFor();
    const history = page.locator('ol.history li');
    assert.equal(await history.count(), 2);
    assert.match(await history.nth(0).innerText(), /10 янв\. 2026 г\.\s+Предложено/);
    assert.match(await history.nth(1).innerText(), /2 мар\. 2026 г\.\s+Запланировано/);
    await shot(page, 'event-ru', { fullPage: true });

    // the seed events' history carries the seeds' dates
    await page.goto('/events');
    await page.getByRole('link', { name: 'Дни Москвы в Харбине' }).click();
    assert.match(await page.locator('ol.history').innerText(), /по данным на 16 нояб\. 2023 г\.\s+Согласуется/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('staff, Russian: totals and the Heilongjiang shipment; a shipment made and distributed with the forms', async () => {
    const { context, page, problems } = await suite.newPage();
    await signIn(page, 'staff@pobratim.demo');
    await page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'Гуманитарная помощь' }).click();
    await page.getByRole('heading', { name: 'Гуманитарная помощь', level: 1 }).waitFor();
    const totals = page.locator('#sh-totals-table tbody tr');
    await totals.first().waitFor();
    assert.equal(await totals.count(), 1);
    assert.match(await totals.first().innerText(), /2020\s+провинция Хэйлунцзян\s+1\s+более 20 т/);
    await shot(page, 'shipments-ru', { fullPage: true });

    await page.getByRole('link', { name: /провинция Хэйлунцзян → Москва/ }).click();
    await page.getByRole('heading', { name: 'провинция Хэйлунцзян → Москва', level: 1 }).waitFor();
    const main = page.locator('main');
    assert.equal(await main.locator('#sh-items ~ .table-wrap tbody tr').count(), 5);
    assert.match(await main.innerText(), /городские медицинские учреждения Москвы/);
    assert.match(await main.innerText(), /Вес\s+более 20 т/);
    await shot(page, 'shipment-ru', { fullPage: true });

    // a new shipment through the form, 500 kg of masks and 0.25 t of gloves
    await page.goto('/shipments');
    await page.getByRole('button', { name: 'Добавить груз' }).click();
    const dialog = page.getByRole('dialog', { name: 'Добавить груз' });
    await dialog.getByLabel('Даритель на русском').fill('Правительство провинции Хэйлунцзян');
    await dialog.getByLabel('Даритель на английском').fill('Heilongjiang Province');
    await pickCountry(dialog, /^Страна дарителя/, 'кита', /^Китай CN$/);
    await dialog.getByLabel('Прибыл').fill('2021-03-02');
    await dialog.getByLabel('Статус').selectOption('arrived');
    await dialog.getByLabel(/Общий вес, кг/).fill('750');
    for (const [i, ru, en, q, unit] of [[0, 'маски', 'masks', '500', 'kg'], [1, 'перчатки', 'gloves', '0,25', 't']]) {
      await dialog.getByRole('button', { name: 'Добавить позицию' }).click();
      await dialog.locator(`#sf-item-${i}-name_ru`).fill(ru);
      await dialog.locator(`#sf-item-${i}-name_en`).fill(en);
      await dialog.locator(`#sf-item-${i}-quantity`).fill(q);
      await dialog.locator(`#sf-item-${i}-unit`).selectOption(unit);
    }
    await shot(page, 'shipment-form-ru');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    await page.getByRole('heading', { name: 'Правительство провинции Хэйлунцзян → Москва', level: 1 }).waitFor();
    assert.match(await page.locator('main').innerText(), /Вес\s+750 кг\s+\(позиции: 750 кг\)/);

    // distribute more masks than arrived: refused, nothing written; then what remains
    await page.getByRole('button', { name: 'Распределить' }).click();
    let dist = page.getByRole('dialog', { name: 'Распределить' });
    await dist.getByLabel('Получатель на английском').fill('City Clinical Hospital 52');
    await dist.getByLabel('Получатель на русском').fill('ГКБ № 52');
    await dist.getByLabel(/маски/).check();
    await dist.locator('.field', { has: page.getByText('Количество') }).getByRole('textbox').fill('600');
    await dist.getByRole('button', { name: 'Распределить' }).click();
    await dist.getByText('Это больше, чем осталось по одной из позиций. Проверьте остатки.').waitFor();
    assert.equal(await dist.locator('.field-error').innerText(), 'Больше, чем осталось по этой позиции.');
    await shot(page, 'distribution-refused-ru');
    await dist.locator('.field', { has: page.getByText('Количество') }).getByRole('textbox').fill('500');
    await dist.getByRole('button', { name: 'Распределить' }).click();
    await page.getByText('Распределено.', { exact: true }).waitFor(); // not the empty list's 'Пока ничего не распределено.'
    const rows = page.locator('#sh-items ~ .table-wrap tbody tr');
    assert.match(await rows.nth(0).innerText(), /маски\s+500 кг\s+0 кг/);
    assert.match(await rows.nth(1).innerText(), /перчатки\s+0,25 т\s+0,25 т/);
    assert.match(await page.locator('main').innerText(), /ГКБ № 52/);

    // the totals add the new year's shipment up
    await page.goto('/shipments');
    await totals.nth(1).waitFor();
    assert.equal(await totals.count(), 2);
    assert.match(await totals.first().innerText(), /2021\s+Правительство провинции Хэйлунцзян\s+1\s+750 кг/);
    await page.goto('/delegations');
    await page.getByRole('link', { name: 'врачи: Харбин → Москва' }).waitFor();
    assert.match(await page.locator('main').innerText(), /человек: 12/);
    // the experts from China (seed 000): the article names no city
    await page.getByRole('link', { name: 'вирусологи, эпидемиологи и медицинские эксперты: Китай → Москва' }).waitFor();
    await shot(page, 'delegations-ru', { fullPage: true });

    // a delegation from a country, no city named, added with the form
    await page.getByRole('button', { name: 'Добавить делегацию' }).click();
    const form = page.getByRole('dialog', { name: 'Добавить делегацию' });
    await form.getByRole('radio', { name: 'Из страны (город не назван)' }).check();
    await pickCountry(form, /^Из страны \(город не назван\)/, 'белар', /^Беларусь BY$/);
    await form.getByLabel('Специалисты на русском').fill('архитекторы');
    await form.getByLabel('Специалисты на английском').fill('architects');
    await form.getByLabel('Цель на русском').fill('Обмен опытом реставрации');
    await form.getByLabel('Цель на английском').fill('Sharing restoration experience');
    await form.getByLabel('Год').fill('2025');
    await shot(page, 'delegation-country-form-ru');
    await form.getByRole('button', { name: 'Создать' }).click();
    await page.getByRole('heading', { name: 'архитекторы: Беларусь → Москва', level: 1 }).waitFor();
    assert.match(await page.locator('main').innerText(), /Откуда\s+Беларусь\s+— город не назван/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('English, and the phone width: shipments, the shipment, the Harbin doctors, the event form', async () => {
    const { context, page, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'staff@pobratim.demo');
    await setLanguage(page, 'en');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.goto('/shipments');
    await page.getByRole('heading', { name: 'Aid shipments', level: 1 }).waitFor();
    assert.match(await page.locator('#sh-totals-table').innerText(), /2020\s+Heilongjiang Province\s+1\s+more than 20 t/);
    await shot(page, 'shipments-en', { fullPage: true });
    await page.getByRole('link', { name: /^Heilongjiang Province → Moscow/ }).last().click();
    await page.getByRole('heading', { name: /→ Moscow/, level: 1 }).waitFor();
    await shot(page, 'shipment-en', { fullPage: true });

    await page.goto('/delegations');
    await page.getByRole('link', { name: 'doctors: Harbin → Moscow' }).click();
    await page.getByRole('heading', { name: 'doctors: Harbin → Moscow', level: 1 }).waitFor();
    assert.match(await page.locator('main').innerText(), /Number of people\s+12/);
    await shot(page, 'delegation-en', { fullPage: true });
    await page.goto('/delegations');
    await page.getByRole('link', { name: 'virologists, epidemiologists and medical experts: China → Moscow' }).click();
    await page.getByRole('heading', { name: /: China → Moscow$/, level: 1 }).waitFor();
    assert.match(await page.locator('main').innerText(), /From\s+China\s+— no city named/);
    assert.match(await page.locator('main').innerText(), /Number of people\s+number not stated/);
    await shot(page, 'delegation-country-en', { fullPage: true });

    await page.goto('/events');
    await page.getByRole('button', { name: 'Add an event' }).click();
    await page.getByRole('dialog', { name: 'Add an event' }).getByLabel('Title in English').waitFor();
    await shot(page, 'event-form-en');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto('/shipments');
    await page.getByRole('heading', { name: 'Aid shipments', level: 1 }).waitFor();
    await shot(page, 'shipments-phone-en', { fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
    await page.getByRole('link', { name: /^Heilongjiang Province → Moscow/ }).last().click();
    await page.getByRole('heading', { name: 'Items', level: 2 }).waitFor();
    await shot(page, 'shipment-phone-en', { fullPage: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 0, `the shipment page is ${wide} px wider than the phone`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a partner of Harbin sees the doctors, not the Moscow shipments; a correspondent is refused', async () => {
    const { context, page, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'partner.harbin@pobratim.demo');
    await page.goto('/delegations');
    await page.getByRole('link', { name: /(Harbin → Moscow|Харбин → Москва)/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: /Add a delegation|Добавить делегацию/ }).count(), 0);
    await page.goto('/shipments');
    await page.locator('#page-title').waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /Heilongjiang|Хэйлунцзян/);
    await context.close();
    const c = await suite.newPage();
    await signIn(c.page, 'correspondent@pobratim.demo');
    await c.page.goto('/shipments');
    await c.page.locator('#page-title').waitFor();
    assert.equal(await c.page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'Гуманитарная помощь' }).count(), 0);
    assert.match(await c.page.locator('main').innerText(), /Нет доступа/);
    assert.deepEqual([...problems, ...c.problems], []);
    await c.context.close();
  });
});
