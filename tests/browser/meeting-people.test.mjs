// Browser test of meetings with named people (issue 15, items 2 and 4), in
// Russian and English, against the real server: the meetings list opens on
// the upcoming ones with the past a click away; a meeting is edited (title,
// format, a person from the contacts and a guest by e-mail invited) and its
// history shows who changed what; a decision gets a person as its owner and
// shows under "my tasks". Screenshots go to tests/browser/screenshots/.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiCall, browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

const shot = shooter();

/* A future video meeting of the staff's organization, made through the API. */
async function scheduleMeeting(page, title) {
  const me = (await apiCall(page, 'GET', '/me')).json;
  const r = await apiCall(page, 'POST', '/meetings', {
    title_ru: title.ru, title_en: title.en, format: 'video', timezone: 'Europe/Moscow',
    starts_at: '2031-03-03T09:00:00Z', duration: 60,
    participants: [{ role: 'host', organization_id: me.user?.organization?.id ?? me.organization?.id }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json.id;
}

async function addPerson(page, body) {
  const r = await apiCall(page, 'POST', '/people', body);
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
}

/** Edits the meeting: a new title, hybrid, a person from the contacts and a guest; checks the page and history. */
async function editMeeting(page, L) {
  await page.getByRole('button', { name: L.edit }).click();
  await page.getByLabel(L.titleRu).fill(L.newTitleRu);
  await page.getByLabel(L.titleEn).fill(L.newTitleEn);
  await page.getByLabel(L.format).selectOption('hybrid');
  await page.getByRole('combobox', { name: L.addPerson }).fill(L.personQuery);
  await page.getByRole('option', { name: new RegExp(L.personName) }).first().click();
  await page.locator('.invitee', { hasText: L.personName }).waitFor();
  await page.getByLabel(L.roleOf).selectOption('speaker');
  await page.getByLabel(L.addGuest).fill(L.guest);
  await page.getByRole('button', { name: L.add, exact: true }).click();
  await page.locator('.invitee', { hasText: L.guest }).waitFor();
  const saved = page.waitForResponse((r) => /\/api\/v1\/meetings\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
  await page.getByRole('button', { name: L.save, exact: true }).click();
  assert.equal((await saved).status(), 200);
  await page.getByRole('heading', { name: L.heading, level: 1 }).waitFor();
  await page.locator('.participant', { hasText: L.personName }).getByText(L.speaker).waitFor();
  await page.locator('.participant', { hasText: L.guest }).getByText(L.guestKind).waitFor();
  const history = page.locator('section.meeting-history');
  await history.getByRole('heading', { name: L.history }).waitFor();
  const text = await history.innerText();
  for (const s of L.historyHas) assert.match(text, s);
}

/** A decision owned by a person (the signed-in user's own), then "my tasks". */
async function decideAndFindMine(page, L) {
  await page.getByRole('button', { name: L.addDecision }).click();
  await page.getByLabel(L.decisionRu).fill(L.taskRu);
  await page.getByLabel(L.decisionEn).fill(L.taskEn);
  await page.getByRole('combobox', { name: L.ownerPerson }).fill(L.meQuery);
  await page.getByRole('option', { name: new RegExp(L.meName) }).first().click();
  await page.getByRole('button', { name: L.create, exact: true }).click();
  await page.locator('.actions-table').getByText(L.meName).waitFor();
  await page.goto('/meetings/actions?mine=1');
  await page.getByRole('heading', { name: L.myTasks, level: 1 }).waitFor();
  await page.locator('.actions-table').getByText(L.task).waitFor();
  const mine = await page.locator('.actions-table tbody tr').allInnerTexts();
  /* mine: the people with my address (the Russian test made one too) */
  assert.ok(mine.length >= 1 && mine.every((r) => L.myNames.some((n) => r.includes(n))), `only my own: ${mine.join(' | ')}`);
  /* the owner moves the status of their own item */
  const row = page.locator('.actions-table tbody tr', { hasText: L.task });
  const saved = page.waitForResponse((r) => /\/api\/v1\/actions\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
  await row.locator('select').selectOption('in_progress');
  assert.equal((await saved).status(), 200);
}

const RU = {
  edit: 'Изменить встречу', titleRu: 'Название по-русски', titleEn: 'Название по-английски', format: 'Формат',
  addPerson: /^Добавить человека/, addGuest: /^Добавить гостя по e-mail/, add: 'Добавить', save: 'Сохранить',
  newTitleRu: 'Встреча по обмену опытом с Минском', newTitleEn: 'Exchange of experience with Minsk',
  heading: 'Встреча по обмену опытом с Минском',
  personQuery: 'Белов', personName: 'Анна Белова', roleOf: 'Роль: Анна Белова', speaker: 'Докладчик', guest: 'k.weber@duesseldorf.example', guestKind: 'Гость по e-mail',
  history: 'История изменений',
  historyHas: [/Название \(рус\.\)/, /Формат/, /Смешанный формат/, /Приглашённые/, /Анна Белова/, /k\.weber@duesseldorf\.example/],
  addDecision: 'Добавить решение', decisionRu: /^Решение \(по-русски\)/, decisionEn: /^Решение \(по-английски\)/,
  ownerPerson: /^Ответственное лицо/, meQuery: 'Сотрудник деп', meName: 'Сотрудник департамента', create: 'Создать',
  taskRu: 'Подготовить программу визита', taskEn: 'Prepare the visit programme', task: 'Подготовить программу визита',
  myTasks: 'Мои поручения', myNames: ['Сотрудник департамента', 'Сотрудник'],
};

const EN = {
  ...RU,
  edit: 'Edit meeting', titleRu: 'Title in Russian', titleEn: 'Title in English', format: 'Format',
  addPerson: /^Add a person/, addGuest: /^Add a guest by e-mail/, add: 'Add', save: 'Save',
  newTitleRu: 'Совещание с Харбином', newTitleEn: 'Meeting with Harbin', heading: 'Meeting with Harbin',
  personQuery: 'Wang', personName: 'Wang Li', roleOf: 'Role of Wang Li', speaker: 'Speaker', guest: 'l.rossi@milano.example', guestKind: 'Guest by e-mail',
  history: 'History of changes',
  historyHas: [/Title \(English\)/, /Format/, /Hybrid/, /Invitees/, /Wang Li/, /l\.rossi@milano\.example/],
  addDecision: 'Add a decision', decisionRu: /^Decision \(Russian\)/, decisionEn: /^Decision \(English\)/,
  ownerPerson: /^Responsible person/, meQuery: 'Department officer', meName: 'Department officer', create: 'Create',
  taskRu: 'Прислать список делегации', taskEn: 'Send the delegation list', task: 'Send the delegation list',
  myTasks: 'My tasks', myNames: ['Department officer', 'Staff member'],
};

describe('meetings with named people', () => {
  const suite = browserSuite({ page: { locale: 'ru-RU', timezoneId: 'Europe/Moscow' } });

  test('Russian: upcoming first, past a click away; edit, history, a person and a guest; my tasks', async () => {
    const { page, context, problems } = await suite.newPage();
    await signIn(page, 'staff@pobratim.demo', { next: '/meetings' });
    await page.getByRole('heading', { name: 'Встречи', level: 1 }).waitFor();
    /* the seeds are in 2020 and 2023: nothing upcoming, the past one click away */
    assert.equal(await page.getByRole('button', { name: 'Предстоящие' }).getAttribute('aria-pressed'), 'true');
    await page.getByText('Предстоящих встреч нет.').waitFor();
    await shot(page, 'meetings-upcoming-empty-ru');
    await page.getByRole('button', { name: 'Посмотреть прошедшие встречи' }).click();
    const past = page.locator('#meetings-past');
    await past.getByText(/делегацией города Минска/).first().waitFor();
    const rows = await past.locator('tbody tr').allInnerTexts();
    assert.ok(rows.length >= 5, rows.join('\n'));
    assert.match(rows[0], /2023/, 'latest first');
    assert.match(rows[rows.length - 1], /2020/);
    await shot(page, 'meetings-past-ru', { fullPage: true });
    /* the calendar is still there */
    await page.getByRole('button', { name: 'Месяц' }).click();
    await page.locator('.cal-month').waitFor();

    await addPerson(page, { name_ru: 'Анна Белова', name_en: 'Anna Belova', post_ru: 'советник', post_en: 'Adviser' });
    await addPerson(page, { name_ru: 'Сотрудник департамента', name_en: 'Staff member', email: 'staff@pobratim.demo' });
    const id = await scheduleMeeting(page, { ru: 'Встреча с Минском', en: 'Meeting with Minsk' });
    await page.goto('/meetings');
    await page.locator('#meetings-upcoming').getByText('Встреча с Минском').click();
    await page.waitForURL(new RegExp(`/meetings/${id}$`));
    await editMeeting(page, RU);
    await shot(page, 'meeting-edited-ru', { fullPage: true });
    await decideAndFindMine(page, RU);
    await shot(page, 'meetings-my-tasks-ru', { fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('English: the same, and the edit form', async () => {
    const { page, context, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'staff@pobratim.demo', { next: '/meetings' });
    await setLanguage(page, 'en');
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
    await addPerson(page, { name_ru: 'Ван Ли', name_en: 'Wang Li', post_en: 'Director' });
    await addPerson(page, { name_ru: 'Сотрудник', name_en: 'Department officer', email: 'STAFF@pobratim.demo' });
    const id = await scheduleMeeting(page, { ru: 'Встреча с Харбином', en: 'Harbin call' });
    await page.goto('/meetings');
    const up = page.locator('#meetings-upcoming');
    await up.getByText('Harbin call').waitFor();
    await shot(page, 'meetings-upcoming-en');
    await page.getByRole('button', { name: 'Past' }).click();
    await page.locator('#meetings-past').getByText(/Minsk city delegation/).first().waitFor();
    await shot(page, 'meetings-past-en', { fullPage: true });
    await page.goto(`/meetings/${id}`);
    await page.getByRole('heading', { name: 'Harbin call', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Edit meeting' }).click();
    await page.locator('form.meeting-edit').waitFor();
    await shot(page, 'meeting-edit-form-en', { fullPage: true });
    await page.getByRole('button', { name: 'Cancel' }).first().click();
    await editMeeting(page, EN);
    await shot(page, 'meeting-edited-en', { fullPage: true });
    await decideAndFindMine(page, EN);
    await shot(page, 'meetings-my-tasks-en', { fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('phone width 390px: the past list and the edit form fit', async () => {
    const { page, context, problems } = await suite.newPage({ width: 390, height: 844 });
    await signIn(page, 'staff@pobratim.demo', { next: '/meetings?view=past' });
    await setLanguage(page, 'ru');	/* the English test left the account in English */
    await page.locator('#meetings-past tbody tr').first().waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(await overflow() <= 0, `horizontal overflow ${await overflow()}px`);
    await shot(page, 'meetings-past-phone-ru');
    const id = await scheduleMeeting(page, { ru: 'Встреча на телефоне', en: 'Phone meeting' });
    await page.goto(`/meetings/${id}`);
    await page.getByRole('button', { name: 'Изменить встречу' }).click();
    await page.locator('form.meeting-edit').waitFor();
    assert.ok(await overflow() <= 0, `horizontal overflow ${await overflow()}px`);
    await shot(page.locator('form.meeting-edit'), 'meeting-edit-form-phone-ru');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
