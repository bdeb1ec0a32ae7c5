// Browser test of upload refusals (issue 12): with a 1 MB quota, a Harbin
// partner adding a large photo to the exhibition, and a correspondent
// inserting one into a bulletin, read why it was refused and how much room is
// left, in English and in Russian; a picture bomb is refused with its own
// message. Screenshots go to tests/browser/screenshots/uploads-*.png.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { noisePng, png } from '../api/lib/images.mjs';
import { browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

let photoEvent;
const shot = shooter('uploads-');

/* A photo of about 1.5 MB: more than the whole 1 MB quota. */
const big = { name: 'noise.png', mimeType: 'image/png', buffer: noisePng(700, 700) };

describe('upload refusals in the browser', () => {
  const suite = browserSuite({
    server: { env: { POBRATIM_UPLOAD_QUOTA: '1' } },
    async init({ srv }) {
      const events = (await (await fetch(`${srv.url}/api/v1/events`)).json()).items;
      photoEvent = events.find((e) => e.kind === 'exhibition' && /Krasnodar in Harbin/.test(e.title_en)).id;
    },
  });

  for (const [locale, texts] of [
    ['en-GB', { add: 'Add a photo', picture: 'Picture', upload: 'Upload',
      quota: /^Not enough storage: the picture needs 1\.\d\sMB, and 1\sMB of your 1\sMB are left\. Remove pictures you no longer need; their space is freed within two hours\.$/,
      bomb: 'The picture is too large (over 25 megapixels).' }],
    ['ru-RU', { add: 'Добавить фото', picture: 'Изображение', upload: 'Загрузить',
      quota: /^Недостаточно места: изображению нужно 1,\d\sМБ, а из ваших 1\sМБ осталось 1\sМБ\. Удалите ненужные изображения — их место освободится в течение двух часов\.$/,
      bomb: 'Изображение слишком большое (более 25 мегапикселей).' }],
  ]) {
    test(`exhibition, ${locale}: over the quota, and a picture bomb`, async () => {
      const { context, page, problems } = await suite.newPage({ locale });
      await signIn(page, 'partner.harbin@pobratim.demo');
      await page.goto(`/events/${photoEvent}/exhibition`);
      await setLanguage(page, locale.slice(0, 2));
      await page.getByRole('heading', { name: texts.add, level: 2 }).waitFor();
      const form = page.locator('form.sc-upload');
      await form.getByLabel(texts.picture, { exact: true }).setInputFiles(big);
      await form.getByRole('button', { name: texts.upload }).click();
      const alert = form.getByRole('alert');
      await alert.waitFor();
      assert.match((await alert.innerText()).replace('×', '').trim(), texts.quota);
      await form.scrollIntoViewIfNeeded();
      await shot(page, `quota-${locale.slice(0, 2)}`);
      assert.equal(await page.locator('.sc-thumb').count(), 4, 'nothing was added');
      await form.getByLabel(texts.picture, { exact: true }).setInputFiles({ name: 'bomb.png', mimeType: 'image/png',
        buffer: png(8, 8, { stateW: 20000, stateH: 20000 }) });
      await form.getByRole('button', { name: texts.upload }).click();
      await form.getByRole('alert').getByText(texts.bomb).waitFor();
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test('bulletin editor, Russian: an image over the quota is refused with the room left', async () => {
    const { context, page, problems } = await suite.newPage({ locale: 'ru-RU' });
    await signIn(page, 'correspondent@pobratim.demo');
    await page.goto('/exchange/write');
    await setLanguage(page, 'ru');
    await page.getByText('Вставить изображение…').waitFor();
    await page.locator('#ed-image').setInputFiles(big);
    const msg = page.getByText(/^Недостаточно места: изображению нужно 1,\d\sМБ, а из ваших 1\sМБ осталось 1\sМБ\./);
    await msg.waitFor();
    await msg.scrollIntoViewIfNeeded();
    await shot(page, 'quota-editor-ru');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
