// Browser test of the showcase (issue 7): the online exhibition of "Days of
// Krasnodar in Harbin" gone through with the keyboard only (thumbnail grid,
// lightbox with arrows, Home/End, Tab kept inside, Esc back to the thumbnail),
// a Harbin partner adding and removing a photo, the fair, and the practices
// catalogue: Harbin expresses interest in MESH, Moscow's staff moves the
// request. Russian and English, and a phone width. Screenshots go to
// tests/browser/screenshots/showcase-*.png.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { png } from '../api/lib/images.mjs';
import { browserSuite, shooter, signIn } from './lib/page.mjs';

const shot = shooter('showcase-');
let photoEvent;
let fairEvent;

/* Every <img> on the page has loaded a real picture. */
async function imagesLoaded(page) {
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  return page.evaluate(() => [...document.images].map((i) => ({ alt: i.alt, w: i.naturalWidth })));
}

const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
const focusInDialog = (page) => page.evaluate(() => !!document.activeElement?.closest('dialog[open]'));

describe('showcase in the browser', () => {
  const suite = browserSuite({
    async init({ srv }) {
      const events = (await (await fetch(`${srv.url}/api/v1/events`)).json()).items;
      photoEvent = events.find((e) => e.kind === 'exhibition' && /Krasnodar in Harbin/.test(e.title_en)).id;
      fairEvent = events.find((e) => e.kind === 'fair' && /Krasnodar in Harbin/.test(e.title_en)).id;
    },
  });

  test('anonymous, English: the exhibition with the keyboard only', async () => {
    const { context, page, problems } = await suite.newPage();
    await page.goto(`/events/${photoEvent}`);
    await page.getByRole('link', { name: 'Online exhibition (4)' }).click();
    await page.getByRole('heading', { name: 'Online exhibition', level: 1 }).waitFor();
    const imgs = await imagesLoaded(page);
    assert.equal(imgs.length, 4);
    assert.ok(imgs.every((i) => i.w === 320), 'the thumbnails, 320 px wide');
    assert.match(imgs[0].alt, /sunflower field near Krasnodar/);
    await shot(page, 'gallery-en', { fullPage: true });

    // Tab to the first thumbnail, open it with Enter
    const first = page.getByRole('button', { name: /^Open photo: A sunflower field/ });
    let tabs = 0;
    while (!(await first.evaluate((b) => b === document.activeElement)) && tabs++ < 40) await page.keyboard.press('Tab');
    assert.ok(tabs < 40, 'the thumbnail is reachable by Tab');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.ok(await focusInDialog(page), 'focus moves into the lightbox');
    await dialog.getByText('1 of 4').waitFor();
    await page.keyboard.press('ArrowRight');
    await dialog.getByText('2 of 4').waitFor();
    assert.match(await dialog.locator('figcaption').innerText(), /Harbin's ice sculptures at night/);
    assert.match(await dialog.locator('img').getAttribute('alt'), /Harbin's ice sculptures/);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await dialog.getByText('4 of 4').waitFor();
    await page.keyboard.press('Home');
    await dialog.getByText('1 of 4').waitFor();
    await page.keyboard.press('End');
    await dialog.getByText('4 of 4').waitFor();
    const big = await dialog.locator('img').evaluate(async (i) => { await i.decode(); return i.naturalWidth; });
    assert.equal(big, 960, 'the lightbox shows the original');
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      assert.ok(await focusInDialog(page), `${key} stays in the lightbox`);
    }
    await shot(page, 'lightbox-en');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // the lightbox gives focus back as it closes, which may be a frame after it leaves the page
    await page.waitForFunction(() => /^Open photo: A sunflower field/.test(document.activeElement?.getAttribute('aria-label') ?? ''))
      .catch(() => {});
    assert.match(await focused(page), /^Open photo: A sunflower field/, 'focus returns to the thumbnail');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('Russian: captions in Russian, the fair, and a phone', async () => {
    const { context, page, problems } = await suite.newPage({ locale: 'ru-RU' });
    await page.goto(`/events/${photoEvent}/exhibition`);
    await page.getByRole('heading', { name: 'Онлайн-выставка', level: 1 }).waitFor();
    const imgs = await imagesLoaded(page);
    assert.match(imgs[0].alt, /Подсолнуховое поле под Краснодаром/);
    await page.getByRole('button', { name: /^Открыть фото: Ледовые скульптуры/ }).click();
    await page.getByRole('dialog').getByText('2 из 4').waitFor();
    await shot(page, 'lightbox-ru');
    await page.keyboard.press('Escape');
    await shot(page, 'gallery-ru', { fullPage: true });

    await page.goto(`/events/${fairEvent}/fair`);
    await page.getByRole('heading', { name: 'Онлайн-ярмарка', level: 1 }).waitFor();
    for (const h of ['Администрация города Краснодара', 'Мастерская «Кубанские промыслы»'])
      await page.getByRole('heading', { name: h, level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Кубанский каравай', level: 3 }).waitFor();
    assert.equal(await page.locator('.prose strong').first().innerText(), 'праздничный хлеб', 'Markdown rendered');
    assert.ok((await imagesLoaded(page)).every((i) => i.w === 320 && i.alt));
    await shot(page, 'fair-ru', { fullPage: true });
    await context.close();

    const phone = await suite.newPage({ width: 360, height: 740, locale: 'ru-RU' });
    await phone.page.goto(`/events/${photoEvent}/exhibition`);
    await imagesLoaded(phone.page);
    await shot(phone.page, 'gallery-ru-360', { fullPage: true });
    assert.ok(await phone.page.evaluate(() => document.documentElement.scrollWidth <= 360), 'nothing wider than the phone');
    await phone.page.getByRole('button', { name: /^Открыть фото: Подсолнуховое/ }).click();
    await phone.page.getByRole('dialog').getByText('1 из 4').waitFor();
    const box = await phone.page.getByRole('dialog').boundingBox();
    assert.ok(box.width <= 360, 'the lightbox fits the phone');
    await shot(phone.page, 'lightbox-ru-360');
    await phone.context.close();
    assert.deepEqual([...problems, ...phone.problems], []);
  });

  test('Harbin partner, English: adds a captioned photo, moves it one place earlier, removes it; adds a fair exhibitor with a product, edits both', async () => {
    const { context, page, problems } = await suite.newPage();
    await signIn(page, 'partner.harbin@pobratim.demo');
    await page.goto(`/events/${photoEvent}/exhibition`);
    await page.getByRole('heading', { name: 'Add a photo', level: 2 }).waitFor();
    const form = page.locator('form.sc-upload');
    await form.getByLabel('Picture').setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: png(600, 400) });
    await form.getByLabel('Caption in English').fill('A gradient from Harbin');
    await form.getByLabel('Caption in Russian').fill('Градиент из Харбина');
    await form.getByRole('button', { name: 'Upload' }).click();
    const added = page.getByRole('button', { name: 'Open photo: A gradient from Harbin' });
    await added.waitFor();
    assert.equal(await page.locator('.sc-thumb').count(), 5);
    await page.getByRole('button', { name: 'Move earlier: A gradient from Harbin' }).click();
    await page.waitForFunction(() => /gradient/.test(document.querySelectorAll('.sc-thumb img')[3]?.alt ?? ''));
    assert.match(await page.locator('.sc-thumb img').nth(4).getAttribute('alt'), /Kuban river/, 'one step: the river is last now');
    await shot(page, 'gallery-editor-en', { fullPage: true });
    page.once('dialog', (d) => d.accept());
    await page.locator('.sc-cell', { has: added }).getByRole('button', { name: 'Remove' }).click();
    await added.waitFor({ state: 'detached' });
    assert.equal(await page.locator('.sc-thumb').count(), 4);

    // the fair, as its editor sees it, reached from the event page
    await page.goto(`/events/${fairEvent}`);
    await page.getByRole('link', { name: 'Online fair (3)' }).click();
    await page.getByRole('heading', { name: 'Add an exhibitor', level: 2 }).waitFor();
    // each exhibitor has its own (folded) edit form: the new one is the form named so
    const addForm = page.getByRole('form', { name: 'Add an exhibitor' });
    await addForm.getByLabel('Or a name').fill('Harbin bakers');
    await addForm.getByLabel('Country').selectOption('CN');
    await addForm.getByRole('button', { name: 'Add an exhibitor' }).click();
    const bakers = page.locator('section', { has: page.getByRole('heading', { name: 'Harbin bakers', level: 2 }) });
    await bakers.waitFor();
    await bakers.locator('summary', { hasText: 'Add a product' }).click();
    await bakers.getByLabel('Name in Russian').fill('Хлеб «Да лиеба»');
    await bakers.getByLabel('Name in English').fill('Da lieba bread');
    await bakers.getByLabel('Description in English').fill('Baked **daily**.');
    await bakers.getByLabel('Picture', { exact: true }).setInputFiles({ name: 'bread.png', mimeType: 'image/png', buffer: png(480, 320) });
    await bakers.getByRole('button', { name: 'Add a product' }).click();
    await bakers.getByRole('heading', { name: 'Da lieba bread', level: 3 }).waitFor();
    assert.equal(await bakers.locator('.prose strong').innerText(), 'daily');
    await bakers.getByRole('img', { name: 'Da lieba bread' }).waitFor();
    assert.ok((await imagesLoaded(page)).every((i) => i.w > 0), 'the new thumbnail loads');
    await shot(page, 'fair-editor-en', { fullPage: true });
    // the exhibitor's own fields: a new name and country, kept by the server
    await bakers.locator('summary', { hasText: 'Edit exhibitor' }).click();
    assert.equal(await bakers.getByLabel('Or a name').inputValue(), 'Harbin bakers');
    await bakers.getByLabel('Or a name').fill('Harbin Bakers Guild');
    await bakers.getByLabel('Country').selectOption('RU');
    await shot(page, 'fair-exhibitor-edit-en', { fullPage: true });
    await bakers.getByRole('button', { name: 'Save' }).click();
    const guild = page.locator('section', { has: page.getByRole('heading', { name: 'Harbin Bakers Guild', level: 2 }) });
    await guild.locator('p.muted', { hasText: 'Russian Federation' }).waitFor();
    await guild.getByRole('heading', { name: 'Da lieba bread', level: 3 }).waitFor();
    await page.reload();
    await guild.locator('p.muted', { hasText: 'Russian Federation' }).waitFor();
    // a product's own names and description, in its folded edit form, prefilled
    const bread = guild.locator('li.fair-product', { has: page.getByRole('heading', { name: 'Da lieba bread', level: 3 }) });
    await bread.locator('summary', { hasText: 'Edit product' }).click();
    assert.equal(await bread.getByLabel('Name in Russian').inputValue(), 'Хлеб «Да лиеба»');
    assert.equal(await bread.getByLabel('Description in English').inputValue(), 'Baked **daily**.');
    await bread.getByLabel('Name in English').fill('Da lieba rye bread');
    await bread.getByLabel('Description in English').fill('Baked **every morning**.');
    await shot(page, 'fair-product-edit-en', { fullPage: true });
    await bread.getByRole('button', { name: 'Save' }).click();
    const rye = guild.locator('li.fair-product', { has: page.getByRole('heading', { name: 'Da lieba rye bread', level: 3 }) });
    await rye.locator('.prose strong', { hasText: 'every morning' }).waitFor();
    await page.reload();
    await rye.locator('.prose strong', { hasText: 'every morning' }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('practices: Harbin expresses interest in MESH (English); Moscow\'s staff moves it (Russian)', async () => {
    const harbin = await suite.newPage();
    let page = harbin.page;
    await signIn(page, 'partner.harbin@pobratim.demo');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Practices' }).click();
    await page.getByRole('heading', { name: 'Practices', level: 1 }).waitFor();
    await page.getByLabel('Sector').selectOption('education');
    await page.getByText('Practices shown: 1').waitFor();
    await page.getByRole('link', { name: 'Moscow Electronic School (MES)' }).click();
    await page.getByRole('heading', { name: 'Moscow Electronic School (MES)', level: 1 }).waitFor();
    await page.getByText('No requests you can see.').waitFor();
    await page.getByLabel('Message to the practice’s city').fill('Harbin schools would like to study MES.');
    await page.getByRole('button', { name: 'Express interest' }).click();
    await page.getByText('Your interest has been sent to the practice’s city.').waitFor();
    const mine = page.locator('.pr-interest');
    assert.equal(await mine.count(), 1, 'Harbin sees its own request only');
    assert.match(await mine.innerText(), /Harbin[\s\S]*New[\s\S]*Harbin schools would like to study MES\./);
    await shot(page, 'practice-en', { fullPage: true });
    assert.deepEqual(harbin.problems, []);
    await harbin.context.close();

    const moscow = await suite.newPage({ locale: 'ru-RU' });
    page = moscow.page;
    await signIn(page, 'staff@pobratim.demo');
    await page.goto('/practices');
    await page.getByRole('link', { name: 'Московская электронная школа (МЭШ)' }).click();
    await page.getByRole('heading', { name: 'Московская электронная школа (МЭШ)', level: 1 }).waitFor();
    const requests = page.locator('.pr-interest');
    assert.equal(await requests.count(), 2, 'Minsk\'s and Harbin\'s');
    const fromHarbin = requests.filter({ hasText: 'Харбин' });
    await fromHarbin.getByLabel('Комментарий к изменению (необязательно)').fill('Созвон в декабре');
    await fromHarbin.getByRole('button', { name: 'Начать обсуждение' }).click();
    await fromHarbin.getByText('Созвон в декабре').waitFor();
    assert.match(await fromHarbin.locator('.pr-interest-head').innerText(), /Обсуждается/);
    assert.match(await requests.filter({ hasText: 'Минск' }).innerText(), /заинтересованность во внедрении МЭШ/);
    await shot(page, 'practice-ru', { fullPage: true });
    await page.goto('/practices');
    await page.getByText('Показано практик: 4').waitFor();
    await shot(page, 'practices-ru', { fullPage: true });
    assert.deepEqual(moscow.problems, []);
    await moscow.context.close();

    const phone = await suite.newPage({ width: 360, height: 740 });
    await phone.page.goto('/practices');
    await phone.page.getByRole('heading', { name: 'Practices', level: 1 }).waitFor();
    await shot(phone.page, 'practices-en-360', { fullPage: true });
    await phone.context.close();
  });
  test('practices: staff add a practice with the form and edit it (Russian, English); a partner has no button', async () => {
    const harbin = await suite.newPage();
    await signIn(harbin.page, 'partner.harbin@pobratim.demo');
    await harbin.page.goto('/practices');
    await harbin.page.getByRole('heading', { name: 'Practices', level: 1 }).waitFor();
    assert.equal(await harbin.page.getByRole('button', { name: 'Add a practice' }).count(), 0);
    await harbin.context.close();

    const staff = await suite.newPage({ locale: 'ru-RU' });	// the demo staff user reads Russian
    const page = staff.page;
    await signIn(page, 'staff@pobratim.demo');
    await page.goto('/practices');
    await page.getByRole('button', { name: 'Добавить практику' }).click();
    const dialog = page.getByRole('dialog', { name: 'Добавить практику' });
    await dialog.getByRole('button', { name: 'Создать' }).click();	// nothing filled in
    await dialog.locator('.error-summary').waitFor();
    assert.match(await dialog.locator('.error-summary').innerText(), /Название по-русски/);
    await dialog.getByLabel('Сфера').selectOption('health');
    await dialog.getByLabel('Название по-русски').fill('Телемедицинские консультации');
    await dialog.getByLabel('Название по-английски').fill('Telemedicine consultations');
    await dialog.getByLabel('Описание по-русски').fill('**Удалённые** консультации городских больниц.');
    await shot(page, 'practice-form-ru');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    await page.getByRole('heading', { name: 'Телемедицинские консультации', level: 1 }).waitFor();
    assert.equal(await page.locator('.prose strong').innerText(), 'Удалённые', 'the description is Markdown');

    await page.locator('.lang-switch button[lang="en"]').click();
    await page.getByRole('heading', { name: 'Telemedicine consultations', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Edit the practice' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit the practice' });
    await edit.getByLabel('Title in English').fill('Telemedicine for partner cities');
    await shot(page, 'practice-form-en');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Telemedicine for partner cities', level: 1 }).waitFor();
    await page.locator('.lang-switch button[lang="ru"]').click();	// the demo user's language again
    await page.getByRole('heading', { name: 'Телемедицинские консультации', level: 1 }).waitFor();
    assert.deepEqual(staff.problems, []);
    await staff.context.close();
  });
});
