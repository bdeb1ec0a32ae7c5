// Browser test of a meeting's repetition (issue 12, item 3): the host sets
// a weekly series with a last date, sees it in words and in the calendar,
// and meets the server's refusals of a hostile rule by field, in Russian and
// in English. Screenshots go to tests/browser/screenshots/.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

const shot = shooter();

/** A meeting of the signed-in staff member's organization, Monday 2027-03-22 10:00 in Moscow. */
function createMeeting(page, title) {
  return page.evaluate(async (t) => {
    const me = await (await fetch('/api/v1/me')).json();
    const r = await fetch('/api/v1/meetings', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: JSON.stringify({ title_ru: t.ru, title_en: t.en, format: 'video', timezone: 'Europe/Moscow',
        starts_at: '2027-03-22T07:00:00Z', duration: 60,
        participants: [{ role: 'host', organization_id: me.user.organization.id },
          { role: 'participant', city_id: me.user.organization.city.id }] }),
    });
    return (await r.json()).id;
  }, title);
}

/** Opens the repetition form, types a custom rule and saves; returns the field error shown. */
async function customRule(page, names, rule) {
  await page.getByRole('button', { name: names.edit }).click();
  await page.getByLabel(names.repeats).selectOption('custom');
  await page.getByLabel(names.rule).fill(rule);
  await page.getByRole('button', { name: names.save }).click();
  const error = page.locator('#repeat-rule-error');
  await error.waitFor();
  return (await error.innerText()).trim();
}

describe('a meeting\'s repetition', () => {
  const suite = browserSuite({ page: { locale: 'ru-RU', timezoneId: 'Europe/Moscow' } });

  test('Russian: a weekly series with a last date, then a rule that never falls and one off the start', async () => {
    const { page, context, problems } = await suite.newPage({ locale: 'ru-RU' });
    await signIn(page, 'staff@pobratim.demo');
    const id = await createMeeting(page, { ru: 'Еженедельная сверка дорожной карты', en: 'Weekly roadmap check' });
    await page.goto(`/meetings/${id}`);
    await page.getByRole('heading', { name: 'Еженедельная сверка дорожной карты', level: 1 }).waitFor();
    assert.equal(await page.getByTestId('recurs').count(), 0);

    await page.getByRole('button', { name: 'Изменить повтор' }).click();
    await page.getByLabel('Повтор', { exact: true }).selectOption('WEEKLY');
    await page.getByLabel('Окончание').selectOption('until');
    await page.getByLabel('Последняя дата').fill('2027-04-19');
    await page.getByText('Правило: FREQ=WEEKLY;UNTIL=20270419').waitFor();
    await shot(page, 'meeting-repeat-form-ru', { fullPage: true });
    await page.getByRole('button', { name: 'Сохранить' }).click();
    /* the server keeps UNTIL as the end of that day in Moscow, in UTC; the page says it in words */
    await page.getByTestId('recurs').getByText(/^Повторяется: Каждую неделю, до 19 апр\. 2027\sг\.$/).waitFor();

    const names = { edit: 'Изменить повтор', repeats: 'Повтор', rule: 'Правило (RRULE)', save: 'Сохранить' };
    assert.equal(await customRule(page, names, 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'),
      'По этому правилу за десять лет от начала не выпадает ни одной встречи.');
    await shot(page, 'meeting-repeat-never-ru', { fullPage: true });
    await page.getByLabel('Правило (RRULE)').fill('FREQ=WEEKLY;BYDAY=TU');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText(/^Начало встречи не попадает в серию: её первая дата — 23 мар\. 2027\sг\.; перенесите начало на неё или измените правило\.$/).waitFor();
    await page.getByLabel('Правило (RRULE)').fill('FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText(/^Встречи повторяются не чаще раза в день/).waitFor();
    await page.getByRole('button', { name: 'Отмена' }).click();

    /* the series in the calendar: five Mondays, 22 March to 19 April */
    await page.goto('/meetings?view=list&date=2027-03-01');
    await page.locator('#meetings-list').getByText('Еженедельная сверка дорожной карты').first().waitFor();
    assert.equal(await page.locator('#meetings-list').getByText('Еженедельная сверка дорожной карты').count(), 5);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('English: a monthly series by count, a refused rule, then no repetition', async () => {
    const { page, context, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'staff@pobratim.demo');
    await setLanguage(page, 'en');
    const id = await createMeeting(page, { ru: 'Ежемесячный совет', en: 'Monthly council' });
    await page.goto(`/meetings/${id}`);
    await page.getByRole('heading', { name: 'Monthly council', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Change repetition' }).click();
    await page.getByLabel('Repeats', { exact: true }).selectOption('MONTHLY');
    await page.getByLabel('Interval').fill('2');
    await page.getByLabel('Ends').selectOption('count');
    await page.getByLabel('Number of meetings').fill('3');
    await page.getByText('Rule: FREQ=MONTHLY;INTERVAL=2;COUNT=3').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('recurs').getByText('Repeats: Monthly, interval 2, 3 meetings in all').waitFor();
    await shot(page, 'meeting-repeat-en', { fullPage: true });

    const names = { edit: 'Change repetition', repeats: 'Repeats', rule: 'Rule (RRULE)', save: 'Save' };
    assert.equal(await customRule(page, names, 'FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2,4,6,9,11'),
      'This rule gives no meeting in the ten years from the start.');
    await page.getByLabel('Rule (RRULE)').fill('FREQ=WEEKLY;BYDAY=MO;BYSETPOS=1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Not an RFC 5545 rule, or one with a part we do not take/).waitFor();
    await shot(page, 'meeting-repeat-invalid-en', { fullPage: true });

    await page.getByLabel('Repeats', { exact: true }).selectOption('none');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Change repetition' }).waitFor();
    assert.equal(await page.getByTestId('recurs').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
