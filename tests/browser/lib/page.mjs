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

/**
 * A new context and page on baseURL, with the page's errors and console
 * errors collected in `problems` (4xx answers aside: tests provoke them).
 */
export async function newPage(browser, baseURL, { width = 1280, height = 900, locale = 'en-GB' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, baseURL });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return { context, page, problems };
}

/** Switches the interface to lang ('ru' or 'en'; the account keeps it) and waits for it. */
export async function setLanguage(page, lang) {
  const name = lang === 'ru' ? 'Русский' : 'English';
  await page.getByRole('group', { name: /^(Язык|Language)$/ }).getByRole('button', { name }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}
