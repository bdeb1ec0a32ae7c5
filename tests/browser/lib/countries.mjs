// Choosing countries in the web UI's country pickers (web/src/components/CountryPicker.tsx):
// type part of the name into the combobox, then pick the option by keyboard.

/** In scope (a page or a locator), types `typed` into the combobox named `label` and picks `option`. */
export async function pickCountry(scope, label, typed, option) {
  const box = scope.getByRole('combobox', { name: label });
  await box.fill(typed);
  await scope.getByRole('option', { name: option }).first().waitFor();
  await box.press('Enter');
}

/** The names of the countries chosen in a CountriesPicker labelled `label`, in order. */
export async function chosenCountries(scope, label) {
  const chips = scope.getByRole('list', { name: new RegExp(`^${label.source ?? label}: (выбраны|chosen)$`) });
  if ((await chips.count()) === 0) return [];
  return (await chips.locator('li').allInnerTexts())
    .map((x) => x.replace(/×/g, '').replace(/\s*·\s*(основная|main)\s*$/, '').trim());
}
