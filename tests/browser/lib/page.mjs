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
 * A page of a new context on srv at 1280×900 in Moscow time, and the page errors and
 * console errors it meets (4xx answers are the tests' own business): { context, page, problems }.
 */
export async function openPage(browser, srv, { locale = 'ru-RU', width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, timezoneId: 'Europe/Moscow', baseURL: srv.url });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return { context, page, problems };
}
