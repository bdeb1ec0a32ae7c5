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
