// Countries chosen by name, not typed as ISO codes: a searchable picker over
// the gazetteer's countries (GET /countries, their Russian and English names)
// built on Combobox, so it is used from the keyboard as every other chooser.
// CountryPicker chooses one country; CountriesPicker several, in order (the
// first is the main one), each shown as a chip with its own remove button.

import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { api } from '../lib/api';
import { Combobox } from './Combobox';

export interface Country {
  code: string;
  name_en: string;
  name_ru: string;
}

let all: Promise<Country[]> | null = null;

/** The gazetteer's countries, read once per page load. */
function countries(): Promise<Country[]> {
  if (!all) {
    all = api.get<{ items: Country[] }>('/countries').then((x) => x.items);
    all.catch(() => {
      all = null;
    });
  }
  return all;
}

/** Countries whose code, or a word of whose Russian or English name, starts with q. */
function matching(list: Country[], q: string, locale: string): Country[] {
  const s = q.toLocaleLowerCase(locale);
  const starts = (name: string) => name.toLocaleLowerCase(locale).split(/[\s\-(),]+/).some((w) => w.startsWith(s));
  return list.filter((c) => c.code.toLowerCase() === s || starts(c.name_ru) || starts(c.name_en)).slice(0, 12);
}

/** The country of each code, in order (codes the gazetteer lacks are dropped). */
export function useCountries(codes: string[]): Country[] {
  const [list, setList] = useState<Country[]>([]);
  useEffect(() => {
    countries()
      .then(setList)
      .catch(() => setList([]));
  }, []);
  return codes.map((c) => list.find((x) => x.code === c)).filter((x): x is Country => x != null);
}

const keyOf = (c: Country) => c.code.charCodeAt(0) * 256 + c.code.charCodeAt(1);

interface PickerProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

export function CountryPicker(props: PickerProps & { value: string | null; onChange: (code: string | null) => void }) {
  const i18n = useI18n();
  const [chosen] = useCountries(props.value ? [props.value] : []);
  return (
    <Combobox<Country>
      {...props}
      value={chosen ?? null}
      onChange={(c) => props.onChange(c?.code ?? null)}
      search={async (q) => matching(await countries(), q, i18n.appLocale)}
      keyOf={keyOf}
      format={(c) => i18n.pick(c.name_ru, c.name_en)}
      renderOption={(c) => (
        <>
          {i18n.pick(c.name_ru, c.name_en)} <span class="code">{c.code}</span>
        </>
      )}
      emptyText={i18n.t('cp.none')}
      clearLabel={i18n.t('cp.clear')}
    />
  );
}

export function CountriesPicker(props: PickerProps & { value: string[]; onChange: (codes: string[]) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const chosen = useCountries(props.value);
  const [adding, setAdding] = useState<Country | null>(null);
  return (
    <div class="countries-picker">
      <Combobox<Country>
        {...props}
        value={adding}
        onChange={(c) => {
          if (!c) return setAdding(null);
          if (!props.value.includes(c.code)) props.onChange([...props.value, c.code]);
          setAdding(null);
        }}
        search={async (q) => matching(await countries(), q, i18n.appLocale).filter((c) => !props.value.includes(c.code))}
        keyOf={keyOf}
        format={() => ''}
        renderOption={(c) => (
          <>
            {i18n.pick(c.name_ru, c.name_en)} <span class="code">{c.code}</span>
          </>
        )}
        emptyText={t('cp.none')}
        clearLabel={t('cp.clear')}
      />
      {chosen.length > 0 && (
        <ul class="chips" aria-label={t('cp.chosen', { label: props.label })}>
          {chosen.map((c, i) => (
            <li class="chip" key={c.code}>
              {i18n.pick(c.name_ru, c.name_en)}
              {i === 0 && chosen.length > 1 && <span class="chip-note"> · {t('cp.main')}</span>}
              <button
                type="button"
                class="chip-remove"
                aria-label={t('cp.remove', { name: i18n.pick(c.name_ru, c.name_en) })}
                onClick={() => props.onChange(props.value.filter((x) => x !== c.code))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
