// Shared set-up and steps of the browser tests.
//
//   const suite = browserSuite({ server: { env: {...} }, page: { locale: 'ru-RU' } });
//   const shot = shooter('partners-');
//   test('…', async () => {
//     const { context, page, problems } = await suite.newPage();
//     await signIn(page, 'staff@pobratim.demo');
//     await shot(page, 'list-ru', { fullPage: true });   // tests/browser/screenshots/partners-list-ru.png
//     assert.deepEqual(problems, []);
//     await context.close();
//   });

import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { ROOT, startServer } from './server.mjs';

export const SHOTS = join(ROOT, 'tests/browser/screenshots');

/**
 * Signs in through the login form as a demo user. With `next`, from
 * /login?next=… and waits to land there; without, waits for the first page.
 */
export async function signIn(page, email, { password = 'demo-password', next } = {}) {
  await page.goto(next === undefined ? '/login' : `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/^(Электронная почта|Email)/).fill(email);
  await page.getByLabel(/^(Пароль|Password)/).fill(password);
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
  if (next !== undefined) {
    await page.waitForURL((u) => u.pathname === next.split('?')[0]);
    return;
  }
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.locator('#page-title').waitFor();
}

/**
 * Headless Debian Chromium (CHROMIUM_PATH to use another) with `args` added;
 * throws when it is missing.
 */
export async function launchChromium(args = []) {
  const { chromium } = await import('playwright-core');
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`Chromium not found at ${path}: apt-get install -y chromium`);
  return chromium.launch({ executablePath: path, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...args] });
}

/**
 * A new context and page on baseURL: { context, page, problems }. The page's
 * errors are collected in `problems`, and its console errors too unless
 * consoleErrors is false (4xx answers aside: tests provoke them). Other
 * options (timezoneId, permissions, acceptDownloads…) go to the context.
 */
export async function newPage(browser, baseURL,
  { width = 1280, height = 900, locale = 'en-GB', timeout = 10000, consoleErrors = true, ...contextOptions } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, baseURL, ...contextOptions });
  context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  if (consoleErrors) {
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
  }
  return { context, page, problems };
}

/**
 * The server (startServer(server)) and the browser (launchChromium(args)) of
 * the tests of the enclosing describe, or of the file: started before them,
 * closed after them, with init(suite) run last (data the tests look up). A
 * set-up that fails is kept, not thrown, so that it fails every test that
 * calls ready() or newPage() (counted as failures, not cancelled).
 * newPage(opts) is newPage() on the suite's server with `page` as defaults.
 */
export function browserSuite({ server = {}, args = [], page: pageDefaults = {}, init } = {}) {
  const suite = {
    srv: null,
    browser: null,
    error: null,
    ready() {
      if (suite.error) throw suite.error;
      return suite;
    },
    newPage(opts = {}) {
      suite.ready();
      return newPage(suite.browser, suite.srv.url, { ...pageDefaults, ...opts });
    },
  };
  before(async () => {
    try {
      mkdirSync(SHOTS, { recursive: true });
      suite.browser = await launchChromium(args);
      suite.srv = await startServer(server);
      if (init) await init(suite);
    } catch (e) {
      suite.error = e;
    }
  });
  after(async () => {
    await suite.browser?.close();
    await suite.srv?.stop();
  });
  return suite;
}

/** shot(page, name, options) saves page.screenshot(options) as tests/browser/screenshots/<prefix><name>.png. */
export function shooter(prefix = '') {
  return (page, name, opts = {}) => page.screenshot({ path: join(SHOTS, `${prefix}${name}.png`), ...opts });
}

/** Each language's name on the switch's buttons, in itself. */
export const LANGUAGE_NAMES = { ru: 'Русский', en: 'English', de: 'Deutsch', fr: 'Français', it: 'Italiano', zh: '简体中文' };

/**
 * Switches the interface to lang ('ru' or 'en'; on the room and the public
 * pages also 'de', 'fr', 'it' or 'zh') and waits for it. With saved, a
 * signed-in user's choice is also checked to be kept (PATCH /me answers 200).
 */
export async function setLanguage(page, lang, { saved = false } = {}) {
  const patched = saved && page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH');
  await page.getByRole('group', { name: /^(Язык|Language|Sprache|Langue|Lingua|语言)$/ })
    .getByRole('button', { name: LANGUAGE_NAMES[lang] }).click();
  if (saved) {
    const res = await patched;
    assert.equal(res.status(), 200, `PATCH /me {"locale":"${lang}"} answered ${res.status()}`);
  }
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** How far the page is wider than its window, in CSS pixels (0: no horizontal scrolling). */
export function overflowX(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The keys a guest page showed in English for want of its language's (i18n/index.ts), as 'de:room.leave'. */
export function missingTranslations(page) {
  return page.evaluate(() => [...(window.__pobratimI18nMissing ?? [])]);
}

/** Calls the API from a signed-in page, as the web client does (with the CSRF token): { status, json }. */
export function apiCall(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const me = await (await fetch('/api/v1/me')).json();
    const r = await fetch(`/api/v1${p}`, { method: m, body: b ? JSON.stringify(b) : undefined,
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token } });
    return { status: r.status, json: await r.json().catch(() => null) };
  }, [method, path, body]);
}

/** What a media element says once it has its metadata (or an error): { duration, ready, error }. */
export function mediaState(locator) {
  return locator.evaluate((el) => new Promise((resolve) => {
    const done = () => resolve({ duration: el.duration, ready: el.readyState, error: el.error?.code ?? null });
    if (el.readyState >= 1 || el.error)
      done();
    el.addEventListener('loadedmetadata', done, { once: true });
    el.addEventListener('error', done, { once: true });
  }));
}
