// Trade figures entered by a form (issue 15, point 6), in Russian and
// English: staff add a value to the demo series, change it by giving the
// same period again, and start a new series whose partner country is chosen
// by name. Screenshots: trade-form-*.png.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';
import { pickCountry } from './lib/countries.mjs';

const shot = shooter('trade-form-');

const TEXT = {
  ru: {
    form: 'Добавить или изменить значение', period: /^Период/, value: /^Значение, USD/, add: 'Добавить значение',
    change: 'Изменить значение', series: /^Ряд/, newSeries: 'Новый ряд', reporter: /^Город, о котором данные/,
    country: /^Страна-партнёр/, typed: 'казах', option: /^Казахстан KZ$/, flow: /^Поток/, valueEur: /^Значение, EUR/,
    currency: /^Валюта/, row: '1-е полугодие 2024', v1: /10,5 млрд USD[\s\S]*\+7,1 %/, v2: '11 млрд USD',
    saved: /сохранено/, newTitle: 'Экспорт: Москва → Казахстан', moscow: ['Москва', /^Москва — Российская Федерация/],
  },
  en: {
    form: 'Add or change a value', period: /^Period/, value: /^Value, USD/, add: 'Add the value',
    change: 'Change the value', series: /^Series/, newSeries: 'A new series', reporter: /^Reporting city/,
    country: /^Partner country/, typed: 'kazakh', option: /^Kazakhstan KZ$/, flow: /^Flow/, valueEur: /^Value, EUR/,
    currency: /^Currency/, row: 'H2 2024', v1: /10\.5 bn USD[\s\S]*\+7\.1 %/, v2: '11 bn USD',
    saved: /saved/, newTitle: 'Exports: Moscow → Kazakhstan', moscow: ['Moscow', /^Moscow — Russian Federation/],
  },
};

describe('trade figures by a form', () => {
  const suite = browserSuite({ page: { height: 900 } });

  for (const lang of ['ru', 'en']) {
    const T = TEXT[lang];
    // each language writes its own half-year of the demo series
    const period = lang === 'ru' ? '2024-H1' : '2024-H2';
    const base = lang === 'ru' ? '2023-H1' : '2023-H2';
    test(`${lang}: add a value, change it, start a new series`, async () => {
      const { page, context, problems } = await suite.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
      await signIn(page, 'staff@pobratim.demo');
      await setLanguage(page, lang);
      await page.goto('/trade');
      const form = page.locator('section', { has: page.getByRole('heading', { name: T.form, level: 2 }) });
      if (lang === 'en') {
        // the base half-year for the year-on-year change, entered by the form too
        await form.getByLabel(T.period).fill(base);
        await form.getByLabel(T.value).fill('9800000000');
        await form.getByRole('button', { name: T.add }).click();
        await form.getByText(T.saved).waitFor();
      }
      await form.getByLabel(T.period).fill(period);
      await form.getByLabel(T.value).fill('10500000000');
      await form.getByRole('button', { name: T.add }).click();
      await form.getByText(T.saved).waitFor();
      const table = page.locator('table').first();
      const row = (text) => table.locator('tbody tr', { hasText: T.row }).filter({ hasText: text });
      await row(T.v1).waitFor();

      // the same period again: the form loads the value and offers to change it
      await form.getByLabel(T.period).fill('');
      await form.getByLabel(T.period).fill(period);
      assert.equal(await form.getByLabel(T.value).inputValue(), '10500000000');
      await form.getByLabel(T.value).fill('11000000000');
      await form.getByRole('button', { name: T.change }).click();
      await row(T.v2).waitFor();
      await shot(page, `change-${lang}`, { fullPage: true });

      // a new series: Moscow's exports to a country chosen by name, in euros
      await form.getByLabel(T.series).selectOption({ label: T.newSeries });
      await form.getByRole('combobox', { name: T.reporter }).fill(T.moscow[0]);
      await form.getByRole('option', { name: T.moscow[1] }).first().click();
      await pickCountry(form, T.country, T.typed, T.option);
      await form.getByLabel(T.flow).selectOption('export');
      await form.getByLabel(T.currency).fill('EUR');
      await form.getByLabel(T.period).fill(lang === 'ru' ? '2023' : '2022');
      await form.getByLabel(T.valueEur).fill('1250000');
      await form.getByRole('button', { name: T.add }).click();
      await page.getByRole('heading', { name: T.newTitle, level: 2 }).waitFor();
      await shot(page, `new-${lang}`, { fullPage: true });
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
