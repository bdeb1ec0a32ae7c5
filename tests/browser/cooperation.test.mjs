// Browser test of the cooperation module: a partner-city user (Minsk) opens
// the Moscow–Belarus roadmap, updates its own side's item with a note, sees
// the other side's items read-only; the partner page shows the roadmap and
// the trade chart with the computed +37.6 %; the trade page; the print view;
// the event calendar, and an event's links (partnership, roadmap item,
// responsible) chosen by staff and shown as far as each caller may know them;
// staff add an item (errors shown by field), change every field, link and
// unlink a meeting decision (seen on the meeting's page); a partner's dated
// note, a future day refused. Russian and English. Screenshots go to
// tests/browser/screenshots/cooperation-*.png.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiCall, browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

const shot = shooter('cooperation-');

describe('cooperation in the browser', () => {
  const suite = browserSuite({ page: { locale: 'ru-RU' } });

  test('partner (Minsk), Russian: updates its side of the roadmap; the other side is read-only', async () => {
    const { context, page, problems } = await suite.newPage();
    await signIn(page, 'partner@pobratim.demo');
    await page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'Сотрудничество' }).click();
    await page.getByRole('heading', { name: 'Сотрудничество: дорожные карты', level: 1 }).waitFor();
    await page.getByRole('link', { name: /План мероприятий \(дорожная карта\)/ }).click();
    await page.getByRole('heading', { name: /План мероприятий/, level: 1 }).waitFor();
    const main = page.locator('main');
    assert.match(await main.innerText(), /Пунктов: 14 · выполнено: 0 · просрочено: 0/);
    for (const s of ['Торгово-экономические отношения', 'Наука и инновации', 'Образование', 'ЖКХ',
      'Физическая культура и спорт', 'Информационная политика', 'Здравоохранение'])
      await page.getByRole('heading', { name: s, level: 2 }).waitFor();
    await shot(page, 'roadmap-ru', { fullPage: true });

    // the Moscow side's item: details only
    const edu = page.locator('section', { has: page.getByRole('heading', { name: 'Образование', level: 2 }) });
    await edu.getByRole('button', { name: /Подробнее ?: Образование: мероприятия московской стороны/ }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByText('Этот пункт ведёт другая сторона').waitFor();
    assert.equal(await dialog.locator('#rm-status').count(), 0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // its own side's item: status, responsible, a note
    await edu.getByRole('button', { name: /Обновить ?: Образование: мероприятия белорусской стороны/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Статус').selectOption('in_progress');
    await dialog.getByLabel('Ответственный со стороны партнёра').fill('Комитет по образованию Мингорисполкома');
    await dialog.getByLabel(/Отметка о ходе выполнения/).fill('Интерес к «Московской электронной школе» подтверждён');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.getByText('Сохранено. Изменение записано в историю.').waitFor();
    const hist = await dialog.locator('.history').innerText();
    assert.match(hist, /Статус: Запланирован → Выполняется — Представитель Мингорисполкома/);
    assert.match(hist, /Добавлена отметка — Представитель Мингорисполкома/);
    await shot(page, 'roadmap-update-ru');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await edu.getByText('Выполняется').waitFor();
    assert.match(await edu.innerText(), /Интерес к «Московской электронной школе» подтверждён — Представитель Мингорисполкома/);
    assert.match(await edu.innerText(), /Сторона партнёра: Комитет по образованию Мингорисполкома/);

    // an item passed to the other side while its form is open: the refusal is said in Russian
    const housing = page.locator('section', { has: page.getByRole('heading', { name: 'ЖКХ', level: 2 }) });
    await housing.getByRole('button', { name: /Обновить ?: ЖКХ: мероприятия белорусской стороны/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Статус').selectOption('in_progress');
    const staff = await suite.newPage();
    await signIn(staff.page, 'staff@pobratim.demo');
    const items = (await apiCall(staff.page, 'GET', '/roadmap-items?limit=200')).json.items;
    const item = items.find((x) => x.title_ru === 'ЖКХ: мероприятия белорусской стороны');
    assert.equal((await apiCall(staff.page, 'PATCH', `/roadmap-items/${item.id}`, { side: 'home' })).status, 200);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Этот пункт ведёт другая сторона.' }).first().waitFor();
    assert.doesNotMatch(await dialog.innerText(), /led by the other side/);
    /* and the dialog shows the item as it is now: read-only, led by Moscow's side */
    await dialog.getByText('его можно просматривать, но не изменять').waitFor();
    assert.equal(await dialog.locator('#rm-status').count(), 0);
    await shot(page, 'roadmap-other-side-ru');
    assert.equal((await apiCall(staff.page, 'PATCH', `/roadmap-items/${item.id}`, { side: 'partner' })).status, 200);
    await staff.context.close();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // the print view drops the navigation and the buttons
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.sidenav').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Печать' }).isVisible(), false);
    await shot(page, 'roadmap-print-ru', { fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // the partner page: the roadmap card and the trade chart with the computed change
    await page.goto('/partners');
    await page.locator('.partners-table tbody tr').first().waitFor();
    await page.locator('.partners-table tbody tr').first().getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Москва', level: 1 }).waitFor(); // the partner's side: its partner is Moscow
    const trade = page.locator('section', { has: page.getByRole('heading', { name: 'Торговля', level: 2 }) });
    await trade.locator('.trade-chart canvas').waitFor();
    assert.equal((await trade.getByTestId('yoy-2023-H1').innerText()).split('\n')[0], '+37,6 %');
    assert.match(await trade.innerText(), /9,8 млрд USD/);
    assert.match(await trade.innerText(), /Вычислено/);
    assert.match(await page.locator('main').innerText(), /Пунктов: 14 · выполнено: 0/);
    await shot(page, 'partner-ru', { fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('English: the roadmap, the trade page; staff see every item editable', async () => {
    const { context, page, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'staff@pobratim.demo');
    await setLanguage(page, 'en');
    // the dashboard first: the work panel with the trade highlight and the expiring roadmap
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const trade = page.locator('section', { has: page.getByRole('heading', { name: 'Trade highlights' }) });
    await trade.getByText('Turnover: Moscow — Belarus').waitFor();
    assert.match(await trade.innerText(), /H1 2023: 9\.8 bn USD · \+37\.6 %/);
    const expiring = page.locator('section', { has: page.getByRole('heading', { name: /Agreements expiring/ }) });
    await expiring.getByText(/Plan of activities \(roadmap\)/).waitFor();
    await page.getByRole('heading', { name: 'Latest bulletins' }).waitFor();
    // the demo's plans are years old: flagged for a status update, not upcoming
    const stale = page.locator('section', { has: page.getByRole('heading', { name: 'Needs a status update' }) });
    await stale.getByRole('link', { name: 'Days of Moscow in Harbin' }).waitFor();
    assert.match(await stale.innerText(), /Days of Moscow in Minsk\s+still “Planned”, unchanged since/);
    const events = page.locator('section', { has: page.getByRole('heading', { name: 'Upcoming events' }) });
    await events.getByText('No events ahead.').waitFor();
    await shot(page, 'dashboard-en', { fullPage: true });
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Trade' }).click();
    await page.getByRole('heading', { name: 'Trade figures', level: 1 }).waitFor();
    await page.locator('.trade-chart canvas').first().waitFor();
    assert.equal((await page.getByTestId('yoy-2023-H1').innerText()).split('\n')[0], '+37.6 %');
    assert.match(await page.locator('main').innerText(), /9\.8 bn USD/);
    assert.match(await page.locator('main').innerText(), /Turnover: Moscow — Belarus/);
    await shot(page, 'trade-en', { fullPage: true });

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Cooperation' }).click();
    await page.getByRole('link', { name: /Plan of activities \(roadmap\)/ }).click();
    await page.getByRole('heading', { name: /Plan of activities/, level: 1 }).waitFor();
    assert.match(await page.locator('main').innerText(), /Progress by sector and year/);
    assert.equal(await page.getByRole('button', { name: /^Update ?:/ }).count(), 14);
    assert.match(await page.locator('main').innerText(), /Q4 2026/);
    await shot(page, 'roadmap-en', { fullPage: true });
    // the add form and an item's dialog with every field and the decisions to link
    await page.getByRole('button', { name: 'Add item' }).click();
    const add = page.getByRole('dialog', { name: 'Add item' });
    await add.getByLabel('Due').selectOption('date');
    await add.getByLabel('Due date').waitFor();
    await shot(page, 'roadmap-add-en');
    await add.getByRole('button', { name: 'Cancel' }).click();
    await add.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: /^Update ?: Trade and economic relations: activities of the Moscow side/ }).click();
    const item = page.getByRole('dialog', { name: 'Trade and economic relations: activities of the Moscow side' });
    await item.getByLabel('Decision to link').waitFor();
    assert.equal(await item.getByLabel('Title (Russian)').inputValue(), 'Торгово-экономические отношения: мероприятия московской стороны');
    await shot(page, 'roadmap-item-staff-en');
    await page.keyboard.press('Escape');
    await item.waitFor({ state: 'hidden' });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the public event calendar without signing in, Russian and English; staff move a status', async () => {
    const { context, page, problems } = await suite.newPage();
    await page.goto('/events');
    await page.getByRole('heading', { name: 'Календарь событий', level: 1 }).waitFor();
    const list = page.locator('.ev-list');
    for (const city of ['Минске', 'Харбине', 'Пекине', 'Чэнду', 'Шанхае'])
      await list.getByRole('link', { name: new RegExp(`^Дни Москвы в ${city}`) }).first().waitFor();
    assert.match(await list.innerText(), /Дни Краснодара в Харбине/);
    assert.match(await list.innerText(), /Согласуется/);
    assert.equal(await page.getByRole('link', { name: 'Войти' }).count(), 1);
    await shot(page, 'events-public-ru', { fullPage: true });
    await list.getByRole('link', { name: /^Дни Москвы в Минске/ }).first().click();
    await page.getByRole('heading', { name: /^Дни Москвы в Минске/, level: 1 }).waitFor();
    const prog = page.locator('section', { has: page.getByRole('heading', { name: 'Программа' }) });
    assert.match(await prog.innerText(), /Форум/);
    assert.equal(await prog.getByRole('link').count(), 2, 'the business forum and the cultural and sports events');
    assert.equal(await page.getByRole('button', { name: 'Изменить' }).count(), 0, 'no editing for visitors');
    await page.getByRole('group', { name: 'Язык' }).getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Days of Moscow in Minsk', level: 1 }).waitFor();
    assert.match(await page.locator('main').innerText(), /spring 2024/);
    await shot(page, 'event-public-en', { fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();

    // staff: the Harbin Days move from negotiation to planned, and the history shows both
    const s = await suite.newPage({ locale: 'en-GB' });
    await signIn(s.page, 'staff@pobratim.demo');
    // the earlier test left this account in English: back to Russian
    await setLanguage(s.page, 'ru');
    await s.page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'События' }).click();
    await s.page.getByRole('link', { name: /^Дни Москвы в Харбине/ }).click();
    await s.page.getByRole('heading', { name: /^Дни Москвы в Харбине/, level: 1 }).waitFor();
    await s.page.getByRole('button', { name: 'Изменить' }).click();
    const form = s.page.getByRole('dialog', { name: 'Изменить мероприятие' });
    await form.getByLabel('Статус', { exact: true }).selectOption('planned');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await s.page.getByText('Сохранено. Статус записан в историю.').waitFor();
    assert.match(await s.page.locator('.history').innerText(), /Согласуется[\s\S]*Запланировано[\s\S]*Сотрудник ДВМС/);
    await shot(s.page, 'event-staff-ru', { fullPage: true });
    assert.deepEqual(s.problems, []);
    await s.context.close();
  });

  test('event links: staff choose a roadmap item and a responsible of the event\'s cities; the page links them', async () => {
    const s = await suite.newPage();
    await signIn(s.page, 'staff@pobratim.demo');
    await s.page.goto('/events');
    await s.page.getByRole('link', { name: /^Дни Москвы в Минске/ }).first().click();
    await s.page.getByRole('heading', { name: 'Дни Москвы в Минске', level: 1 }).waitFor();
    const about = s.page.locator('section', { has: s.page.getByRole('heading', { name: 'О событии' }) });
    await about.getByRole('link', { name: 'Москва — Минск' }).waitFor();
    assert.match(await about.innerText(), /Пункт дорожной карты\s+—\s+Ответственный\s+—/);

    await s.page.getByRole('button', { name: 'Изменить' }).click();
    const form = s.page.getByRole('dialog', { name: 'Изменить мероприятие' });
    const responsible = form.getByLabel('Ответственный сотрудник');
    await responsible.locator('option', { hasText: 'Сотрудник ДВМС' }).waitFor({ state: 'attached' });
    const people = await responsible.locator('option').allInnerTexts();
    assert.ok(!people.some((o) => /Краснодар/.test(o)), `only Minsk's and Moscow's staff: ${people}`);
    const roadmap = form.getByLabel('Пункт дорожной карты');
    const item = 'Торгово-экономические отношения: мероприятия московской стороны';
    await roadmap.selectOption({ label: item });
    await responsible.selectOption({ label: people.find((o) => /^Сотрудник ДВМС/.test(o)) });
    await responsible.scrollIntoViewIfNeeded();
    await shot(s.page, 'event-links-form-ru');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await s.page.getByText('Сохранено. Статус записан в историю.').waitFor();
    assert.match(await about.innerText(), /Ответственный\s+Сотрудник ДВМС/);
    await shot(s.page, 'event-links-staff-ru', { fullPage: true });

    // without a guest city, Moscow's staff member no longer fits: the server says so by field
    await s.page.getByRole('button', { name: 'Изменить' }).click();
    await form.getByRole('button', { name: 'Очистить город' }).nth(1).click();
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.getByText('Ответственный сотрудник: Не относится к принимающему городу или городу-гостю').waitFor();
    await shot(s.page, 'event-links-error-ru');
    await form.getByRole('button', { name: 'Отмена' }).click();

    // the roadmap item's link opens the roadmap at that item
    await about.getByRole('link', { name: item }).click();
    await s.page.getByRole('heading', { name: /План мероприятий/, level: 1 }).waitFor();
    const row = s.page.locator('tr.rm-target');
    assert.match(await row.innerText(), new RegExp(item));
    await s.page.waitForFunction(() => {
      const r = document.querySelector('tr.rm-target')?.getBoundingClientRect();
      return r && r.top >= 0 && r.bottom <= window.innerHeight;
    });
    await shot(s.page, 'event-links-roadmap-ru');
    await s.page.goBack();
    await about.getByRole('link', { name: 'Москва — Минск' }).click();
    await s.page.getByRole('heading', { name: 'Минск', level: 1 }).waitFor();
    assert.deepEqual(s.problems, []);
    await s.context.close();

    // the public: the published partnership named, not linked; no roadmap item, no responsible
    const p = await suite.newPage({ locale: 'en-GB' });
    await p.page.goto(s.page.url().replace(/\/partners\/\d+$/, '/events'));
    await setLanguage(p.page, 'en');
    await p.page.getByRole('link', { name: /^Days of Moscow in Minsk/ }).first().click();
    const pub = p.page.locator('section', { has: p.page.getByRole('heading', { name: 'About the event' }) });
    await pub.getByText('Moscow — Minsk').waitFor();
    assert.equal(await pub.getByRole('link', { name: 'Moscow — Minsk' }).count(), 0);
    assert.doesNotMatch(await pub.innerText(), /Roadmap item|Responsible|ДВМС staff|Сотрудник/);
    await shot(p.page, 'event-links-public-en', { fullPage: true });
    assert.deepEqual(p.problems, []);
    await p.context.close();
  });

  test('phone width: the roadmap fits 360 px', async () => {
    const { context, page, problems } = await suite.newPage({ width: 360, height: 740 });
    await signIn(page, 'partner@pobratim.demo');
    await page.goto('/cooperation');
    await page.getByRole('link', { name: /План мероприятий/ }).click();
    await page.getByRole('heading', { name: /План мероприятий/, level: 1 }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
    await shot(page, 'roadmap-phone-ru');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('staff, Russian: add an item (errors by field first), link a meeting decision, see it on the meeting', async () => {
    const { context, page, problems } = await suite.newPage({ height: 1600 }); // the whole item dialog in a shot
    await signIn(page, 'staff@pobratim.demo');
    await setLanguage(page, 'ru');
    await page.goto('/cooperation');
    await page.getByRole('link', { name: /План мероприятий \(дорожная карта\)/ }).click();
    await page.getByRole('heading', { name: /План мероприятий/, level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Добавить пункт' }).click();
    const form = page.getByRole('dialog', { name: 'Добавить пункт' });
    await form.getByRole('button', { name: 'Создать' }).click();
    const summary = form.locator('.error-summary');
    await summary.getByText('Исправьте отмеченные поля.').waitFor();
    assert.match(await summary.innerText(), /Название \(рус\.\): Заполните это поле\.[\s\S]*Название \(англ\.\): Заполните это поле\./);
    assert.equal(await form.locator('#rmf-title-ru').getAttribute('aria-invalid'), 'true');
    await shot(page, 'roadmap-add-errors-ru');

    await form.getByLabel('Направление').selectOption('transport');
    await form.getByLabel('Ведёт').selectOption('partner');
    await form.getByLabel('Название (рус.)').fill('Обмен опытом в сфере общественного транспорта');
    await form.getByLabel('Название (англ.)').fill('Exchange of experience in public transport');
    await form.getByLabel(/Ответственный со стороны департамента/).fill('Департамент транспорта');
    await form.getByLabel(/Ответственный со стороны партнёра/).fill('Мингорисполком');
    await form.getByLabel('Год').fill('2025');
    await form.getByLabel('Квартал').selectOption('2');
    await form.getByLabel('Статус').selectOption('in_progress');
    await shot(page, 'roadmap-add-ru');
    await form.getByRole('button', { name: 'Создать' }).click();

    // the new item's dialog opens: every field editable, decisions to link
    const dialog = page.getByRole('dialog', { name: 'Обмен опытом в сфере общественного транспорта' });
    await dialog.getByText('С этим пунктом пока не связано ни одно решение встреч.').waitFor();
    assert.equal(await dialog.getByLabel('Название (англ.)').inputValue(), 'Exchange of experience in public transport');
    const choice = dialog.getByLabel('Решение для связи');
    const options = await choice.locator('option').allInnerTexts();
    assert.ok(options.some((o) => /^Провести Дни Москвы в Минске весной 2024 года/.test(o)), options.join('\n'));
    assert.equal(await choice.locator('optgroup').count(), 1, 'only the meeting both sides took part in');
    await choice.selectOption({ label: options.find((o) => /^Провести Дни Москвы в Минске/.test(o)) });
    await dialog.getByRole('button', { name: 'Связать', exact: true }).click();
    await dialog.locator('.rm-decisions').getByText(/Провести Дни Москвы в Минске/).waitFor();
    let hist = await dialog.locator('.history').innerText();
    assert.match(hist, /Создан: Выполняется — Сотрудник ДВМС/);
    assert.match(hist, /Связано решение: Провести Дни Москвы в Минске[^\n]* — Сотрудник ДВМС/);

    // staff change any field, with a note of a past day
    await dialog.getByLabel('Ведёт').selectOption('home');
    await dialog.getByLabel(/Отметка о ходе выполнения/).fill('Первая рабочая встреча транспортников');
    await dialog.getByLabel('Когда это произошло').fill('2024-04-10');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.getByText('Сохранено. Изменение записано в историю.').waitFor();
    hist = await dialog.locator('.history').innerText();
    assert.match(hist, /Ведёт: Сторона партнёра → Сторона департамента — Сотрудник ДВМС/);
    assert.match(await dialog.locator('.rm-notes').first().innerText(), /10 апр\. 2024 г\. Первая рабочая встреча транспортников — Сотрудник ДВМС/);
    await shot(page, 'roadmap-item-staff-ru');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const transport = page.locator('section', { has: page.getByRole('heading', { name: 'Транспорт', level: 2 }) });
    assert.match(await transport.innerText(), /Обмен опытом в сфере общественного транспорта[\s\S]*2-й кв\. 2025/);

    // the meeting page shows the roadmap item the decision is linked to
    await page.goto('/meetings');
    await page.goto(await page.evaluate(async () => {
      const r = await fetch('/api/v1/actions');
      const a = (await r.json()).items.find((x) => /Days of Moscow in Minsk/.test(x.text_en));
      return `/meetings/${a.meeting.id}`;
    }));
    const decisions = page.locator('.actions-table');
    await decisions.getByRole('link', { name: 'Обмен опытом в сфере общественного транспорта' }).waitFor();
    assert.match(await decisions.innerText(), /Пункт дорожной карты: Обмен опытом в сфере общественного транспорта/);
    await shot(page, 'meeting-roadmap-link-ru', { fullPage: true });

    // and unlinked again from the item, recorded too
    await decisions.getByRole('link', { name: 'Обмен опытом в сфере общественного транспорта' }).click();
    await page.getByRole('heading', { name: /План мероприятий/, level: 1 }).waitFor();
    await transport.getByRole('button', { name: /Обновить ?: Обмен опытом/ }).click();
    await dialog.getByRole('button', { name: /^Отвязать/ }).click();
    await dialog.getByText('С этим пунктом пока не связано ни одно решение встреч.').waitFor();
    assert.match(await dialog.locator('.history').innerText(), /Отвязано решение: Провести Дни Москвы в Минске[^\n]* — Сотрудник ДВМС/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('partner (Minsk), English: its side\'s item, a note dated in the past; a future day is refused by field', async () => {
    const { context, page, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'partner@pobratim.demo');
    await setLanguage(page, 'en');
    await page.goto('/cooperation');
    await page.getByRole('link', { name: /Plan of activities \(roadmap\)/ }).click();
    await page.getByRole('heading', { name: /Plan of activities/, level: 1 }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add item' }).count(), 0, 'partners add no items');
    const science = page.locator('section', { has: page.getByRole('heading', { name: 'Science and innovation', level: 2 }) });
    await science.getByRole('button', { name: /^Update ?: Science: activities of the Belarusian side/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Science: activities of the Belarusian side' });
    assert.equal(await dialog.getByLabel('Title (English)').count(), 0, 'a partner changes the status and its responsible only');
    assert.equal(await dialog.getByLabel('Decision to link').count(), 0);
    await dialog.getByLabel('Status').selectOption('in_progress');
    await dialog.getByLabel(/Responsible on the partner side/).fill('Belarusian Academy of Sciences');
    await dialog.getByLabel(/Progress note/).fill('Joint laboratory agreed');
    const tomorrow = await page.evaluate(() => new Date(Date.now() + 86400000).toISOString().slice(0, 10));
    await dialog.getByLabel('When it happened').fill(tomorrow);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.locator('#rmf-noted-on-error').getByText('Must not be after today.').waitFor();
    assert.match(await dialog.locator('.error-summary').innerText(), /When it happened: Must not be after today\./);
    await shot(page, 'roadmap-note-date-error-en');
    assert.match(await dialog.locator('.history').innerText(), /^[^\n]*Created[^\n]*$/, 'nothing saved');

    await dialog.getByLabel('When it happened').fill('2024-03-15');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Saved. The change is recorded in the history.').waitFor();
    const hist = await dialog.locator('.history').innerText();
    assert.match(hist, /Status: Planned → In progress — Представитель Мингорисполкома/);
    assert.match(hist, /Note added/);
    assert.match(await dialog.locator('.rm-notes').first().innerText(), /15 Mar 2024 Joint laboratory agreed/);
    await shot(page, 'roadmap-update-en');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.match(await science.innerText(), /Partner side: Belarusian Academy of Sciences/);
    // the other side's items stay read-only
    await science.getByRole('button', { name: /^Details ?: Science: activities of the Moscow side/ }).click();
    await page.getByRole('dialog').getByText('This item is led by the other side').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

});
