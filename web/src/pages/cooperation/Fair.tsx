// An event's online fair: exhibitors (an organization of the registry or a
// name, and a country) with their products — a picture, a name and a
// Markdown description rendered by the server. Public for published events;
// staff and the partners of the event's cities keep it.

import { useEffect, useRef, useState } from 'preact/hooks';
import { type I18n, useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { useSubmit, useTitle } from '../../lib/hooks';
import { type Exhibitor, type Fair, type Product, showcaseError, uploadPicture } from '../../lib/showcase';
import type { Country, Organization, Page, User } from '../../lib/types';
import { Alert, LoadError, PageHeader, Spinner } from '../../components/ui';
import { NotFoundPage } from '../Status';
import { EventBack, useEventHead } from './Exhibition';

function exhibitorName(i18n: I18n, x: Exhibitor): string {
  return x.name ?? i18n.pick(x.organization_name_ru, x.organization_name_en);
}

/** Runs a write, reports its error in the UI language and calls done once it succeeded; true if it did. */
function useRun(i18n: I18n, done: () => void) {
  const { error, run: write } = useSubmit((err) => showcaseError(i18n, err));
  const run = async (fn: () => Promise<unknown>) =>
    (await write(async () => {
      await fn();
      done();
      return true;
    })) ?? false;
  return { error, run };
}

function ProductCard({ p, edit, onChange }: { p: Product; edit: boolean; onChange: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const name = i18n.pick(p.name_ru, p.name_en);
  const html = i18n.locale === 'ru' ? (p.description_ru_html ?? p.description_en_html) : (p.description_en_html ?? p.description_ru_html);
  const { error, run } = useRun(i18n, onChange);
  const file = useRef<HTMLInputElement>(null);
  return (
    <li class="fair-product">
      {p.thumb_url && p.picture_url ? (
        <a href={p.picture_url} class="fair-picture">
          <img src={p.thumb_url} alt={name} loading="lazy" />
        </a>
      ) : (
        <div class="fair-picture fair-nopicture" aria-hidden="true" />
      )}
      <h3 class="fair-product-name">{name}</h3>
      {html && <div class="prose" dangerouslySetInnerHTML={{ __html: html }} />}
      {edit && (
        <details class="fair-add">
          <summary>{t('sc.edit_product')}</summary>
          <ProductForm exhibitorId={p.exhibitor_id} p={p} onDone={onChange} />
        </details>
      )}
      {edit && (
        <div class="sc-tool-buttons">
          {error && <p class="field-error">{error}</p>}
          <label class="btn btn-small">
            {p.picture_url ? t('sc.replace_picture') : t('sc.add_picture')}
            <input
              ref={file}
              type="file"
              class="visually-hidden"
              accept="image/png,image/jpeg,image/webp"
              onChange={(e) => {
                const f = e.currentTarget.files?.[0];
                if (f) void run(() => uploadPicture('PUT', `/fair-products/${p.id}/picture`, f));
              }}
            />
          </label>
          <button
            type="button"
            class="btn btn-small btn-danger"
            onClick={() => window.confirm(t('sc.remove_confirm')) && void run(() => api.del(`/fair-products/${p.id}`))}
          >
            {t('sc.remove')}
          </button>
        </div>
      )}
    </li>
  );
}

/** Adds a product to the exhibitor's stand, with its picture; or with `p` edits that one's names and descriptions. */
function ProductForm({ exhibitorId, p, onDone }: { exhibitorId: number; p?: Product; onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const blank = { name_ru: '', name_en: '', description_ru: '', description_en: '' };
  const [f, setF] = useState(
    p ? { name_ru: p.name_ru, name_en: p.name_en, description_ru: p.description_ru ?? '', description_en: p.description_en ?? '' } : blank,
  );
  const [picture, setPicture] = useState<File | null>(null);
  const { error, run } = useRun(i18n, () => {
    if (!p) {
      setF(blank);
      setPicture(null);
    }
    onDone();
  });
  const id = (k: string) => `pf-${exhibitorId}-${p?.id ?? 'new'}-${k}`;
  const text = (k: keyof typeof blank, label: string, area = false) => (
    <div class="field">
      <label for={id(k)}>{label}</label>
      {area ? (
        <textarea id={id(k)} rows={3} lang={k.endsWith('ru') ? 'ru' : 'en'} value={f[k]} onInput={(e) => setF({ ...f, [k]: e.currentTarget.value })} />
      ) : (
        <input id={id(k)} lang={k.endsWith('ru') ? 'ru' : 'en'} required value={f[k]} onInput={(e) => setF({ ...f, [k]: e.currentTarget.value })} />
      )}
    </div>
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const body = {
      name_ru: f.name_ru.trim(),
      name_en: f.name_en.trim(),
      description_ru: f.description_ru.trim() || null,
      description_en: f.description_en.trim() || null,
    };
    const ok = await run(async () => {
      if (p) {
        await api.patch<Product>(`/fair-products/${p.id}`, body);
        return;
      }
      const added = await api.post<Product>(`/fair-exhibitors/${exhibitorId}/products`, body);
      if (picture) await uploadPicture('PUT', `/fair-products/${added.id}/picture`, picture);
    });
    if (ok && !p) form.reset(); /* the file input keeps its name otherwise */
  };
  const label = p ? t('common.save') : t('sc.add_product');
  return (
    <form onSubmit={(e) => void submit(e)}>
      {error && <Alert kind="error">{error}</Alert>}
      <div class="grid-2">
        {text('name_ru', t('sc.name_ru'))}
        {text('name_en', t('sc.name_en'))}
        {text('description_ru', t('sc.description_ru'), true)}
        {text('description_en', t('sc.description_en'), true)}
      </div>
      <p class="hint">{t('sc.markdown_hint')}</p>
      {!p && (
        <div class="field">
          <label for={id('picture')}>{t('sc.picture')}</label>
          <input id={id('picture')} type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => setPicture(e.currentTarget.files?.[0] ?? null)} />
        </div>
      )}
      <button type="submit" class="btn btn-primary">
        {label}
      </button>
    </form>
  );
}

/** What the exhibitor forms choose from: the registry's organizations and the countries. */
interface Choices {
  orgs: Organization[];
  countries: Country[];
}

function useChoices(load: boolean): Choices {
  const [orgs, setOrgs] = useState<Organization[]>([]);
  const [countries, setCountries] = useState<Country[]>([]);
  useEffect(() => {
    if (!load) return;
    api.get<Page<Organization>>('/organizations', { limit: 200 }).then((x) => setOrgs(x.items)).catch(() => setOrgs([]));
    api.get<{ items: Country[] }>('/countries').then((x) => setCountries(x.items)).catch(() => setCountries([]));
  }, [load]);
  return { orgs, countries };
}

/** Adds an exhibitor to the event's fair, or with `x` edits that one. */
function ExhibitorForm({ eventId, x, choices, onDone }: { eventId: number; x?: Exhibitor; choices: Choices; onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [org, setOrg] = useState(x?.organization_id != null ? String(x.organization_id) : '');
  const [name, setName] = useState(x?.name ?? '');
  const [country, setCountry] = useState(x?.country_code ?? 'RU');
  const { error, run } = useRun(i18n, () => {
    if (!x) {
      setOrg('');
      setName('');
    }
    onDone();
  });
  const id = (k: string) => `fx-${x?.id ?? 'new'}-${k}`;
  const submit = (e: Event) => {
    e.preventDefault();
    const body = { organization_id: org ? Number(org) : null, name: name.trim() || null, country_code: country };
    void run(() => (x ? api.patch<Exhibitor>(`/fair-exhibitors/${x.id}`, body) : api.post<Exhibitor>(`/events/${eventId}/exhibitors`, body)));
  };
  const label = x ? t('common.save') : t('sc.add_exhibitor');
  return (
    <form class={x ? undefined : 'card'} onSubmit={submit} aria-labelledby={x ? undefined : id('title')}>
      {!x && (
        <h2 id={id('title')} class="card-title">
          {t('sc.add_exhibitor')}
        </h2>
      )}
      {error && <Alert kind="error">{error}</Alert>}
      <div class="grid-2">
        <div class="field">
          <label for={id('org')}>{t('sc.organization')}</label>
          <select id={id('org')} value={org} onChange={(e) => setOrg(e.currentTarget.value)}>
            <option value="">{t('sc.org_none')}</option>
            {choices.orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {i18n.name(o)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={id('name')}>{t('sc.exhibitor_name')}</label>
          <input id={id('name')} value={name} maxLength={300} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={id('country')}>{t('sc.country')}</label>
          <select id={id('country')} value={country} onChange={(e) => setCountry(e.currentTarget.value)}>
            {choices.countries.map((c) => (
              <option key={c.code} value={c.code}>
                {i18n.name(c)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" class="btn btn-primary">
        {label}
      </button>
    </form>
  );
}

function ExhibitorCard({ x, edit, choices, onChange }: { x: Exhibitor; edit: boolean; choices: Choices; onChange: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { error, run } = useRun(i18n, onChange);
  const titleId = `fx-${x.id}`;
  return (
    <section class="card fair-exhibitor" aria-labelledby={titleId}>
      <h2 id={titleId} class="card-title">
        {exhibitorName(i18n, x)}
      </h2>
      <p class="muted">{i18n.pick(x.country_name_ru, x.country_name_en) || x.country_code}</p>
      {x.products.length === 0 && <p class="muted">{t('sc.no_products')}</p>}
      <ul class="fair-products">
        {x.products.map((p) => (
          <ProductCard key={`${p.id}-${p.name_ru}-${p.name_en}-${p.description_ru}-${p.description_en}`} p={p} edit={edit} onChange={onChange} />
        ))}
      </ul>
      {edit && (
        <>
          <details class="fair-add">
            <summary>{t('sc.add_product')}</summary>
            <ProductForm exhibitorId={x.id} onDone={onChange} />
          </details>
          <details class="fair-add">
            <summary>{t('sc.edit_exhibitor')}</summary>
            <ExhibitorForm eventId={x.event_id} x={x} choices={choices} onDone={onChange} />
          </details>
          {error && <p class="field-error">{error}</p>}
          <button
            type="button"
            class="btn btn-small btn-danger"
            onClick={() => window.confirm(t('sc.remove_exhibitor_confirm')) && void run(() => api.del(`/fair-exhibitors/${x.id}`))}
          >
            {t('sc.remove_exhibitor')}
          </button>
        </>
      )}
    </section>
  );
}

export function FairPage({ id, user }: { id: number; user: User | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const head = useEventHead(id);
  const [fair, setFair] = useState<Fair | null>(null);
  const [error, setError] = useState<unknown>(null);
  const choices = useChoices(!!fair?.can_edit);
  const reload = () => api.get<Fair>(`/events/${id}/fair`).then(setFair).catch(setError);
  useEffect(() => {
    void reload();
  }, [id, user?.id]);
  useTitle(head.event ? `${t('sc.fair')}: ${i18n.pick(head.event.title_ru, head.event.title_en)}` : t('sc.fair'));
  const err = error ?? head.error;
  if (err instanceof ApiError && err.status === 404) return <NotFoundPage path={`/events/${id}/fair`} signedIn={!!user} />;
  if (err != null) return <LoadError error={err} />;
  if (!fair || !head.event) return <Spinner />;
  return (
    <>
      <EventBack event={head.event} />
      <PageHeader title={t('sc.fair')} intro={i18n.pick(head.event.title_ru, head.event.title_en)} />
      {fair.exhibitors.length === 0 && <p class="muted">{t('sc.no_exhibitors')}</p>}
      <div class="fair-list">
        {fair.exhibitors.map((x) => (
          <ExhibitorCard key={`${x.id}-${x.organization_id}-${x.name}-${x.country_code}`} x={x} edit={fair.can_edit} choices={choices} onChange={() => void reload()} />
        ))}
      </div>
      {fair.can_edit && <ExhibitorForm eventId={id} choices={choices} onDone={() => void reload()} />}
    </>
  );
}
