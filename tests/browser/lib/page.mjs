// Shared steps of the browser tests.

/** Signs in through the login form as a demo user and waits for the first page. */
export async function signIn(page, email) {
  await page.goto('/login');
  await page.getByLabel(/^(Электронная почта|Email)/).fill(email);
  await page.getByLabel(/^(Пароль|Password)/).fill('demo-password');
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.locator('#page-title').waitFor();
}

/** Headless Debian Chromium (CHROMIUM_PATH to use another); throws when it is missing. */
export async function launchChromium() {
  const { existsSync } = await import('node:fs');
  const { chromium } = await import('playwright-core');
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`Chromium not found at ${path}: apt-get install -y chromium`);
  return chromium.launch({ executablePath: path, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/**
 * A new context and page on baseURL, with the page's errors and console
 * errors collected in `problems` (4xx answers aside: tests provoke them):
 * { context, page, problems }.
 */
export async function newPage(browser, baseURL,
  { width = 1280, height = 900, locale = 'en-GB', timezoneId = undefined } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, timezoneId, baseURL });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return { context, page, problems };
}

/** newPage on srv in Russian and Moscow time unless told otherwise. */
export function openPage(browser, srv, opts = {}) {
  return newPage(browser, srv.url, { locale: 'ru-RU', timezoneId: 'Europe/Moscow', ...opts });
}

/** Switches the interface to lang ('ru' or 'en'; the account keeps it) and waits for it. */
export async function setLanguage(page, lang) {
  const name = lang === 'ru' ? 'Русский' : 'English';
  await page.getByRole('group', { name: /^(Язык|Language)$/ }).getByRole('button', { name }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}
