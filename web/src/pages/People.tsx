// People (issue 15): the contacts of staff and admins. The list searches by
// name and filters by city, organization and a word of the post; people are
// added and edited in a form, two duplicates merged into one, and the list
// exported to and imported from vCard. A person's page shows their posts over
// time, the meetings they took part in, their delegations and the actions
// they own.

import { useEffect, useState } from 'preact/hooks';
import { fieldMessage, type MessageKey, useI18n } from '../i18n';
import { ApiError, api, withQuery } from '../lib/api';
import { useDebounced, usePaged, useTitle } from '../lib/hooks';
import { Link } from '../lib/router';
import type { OrgRef, Person } from '../lib/types';
import { type CityChoice, CityPicker, OrgPicker, useCityChoice } from '../components/pickers';
import { Field, LoadError, PageHeader, Spinner, SearchFilter } from '../components/ui';
import { type FormField, FormModal, FormRefusal, type ErrOf } from '../components/FormModal';
import { ListPage, ListTable, RowButton } from '../components/lists';

interface PersonPost {
  post_ru: string | null;
  post_en: string | null;
  organization: { id: number; name_ru: string | null; name_en: string | null } | null;
  since: string;
  until: string | null;
}

interface PersonRecord extends Person {
  posts: PersonPost[];
  meetings: { id: number; title_ru: string; title_en: string; date: string | null; status: string; role: string }[];
  delegations: {
    id: number;
    specialty_ru: string;
    specialty_en: string;
    from: { name_ru: string | null; name_en: string };
    to: { name_ru: string | null; name_en: string };
    date: string | null;
    status: string;
    role_ru: string | null;
    role_en: string | null;
  }[];
  actions: {
    id: number;
    text_ru: string;
    text_en: string;
    due_date: string | null;
    status: string;
    meeting: { id: number; title_ru: string; title_en: string };
  }[];
}

/** A reference's name (an organization, a city) in the UI language; either may be missing. */
function refName(i18n: ReturnType<typeof useI18n>, o: { name_ru: string | null; name_en: string | null }): string {
  return i18n.pick(o.name_ru, o.name_en);
}

interface ImportItem {
  line: number;
  name: string;
  result: 'inserted' | 'exists' | 'refused';
  id?: number;
  errors?: { field: string; code: string; message: string }[];
}

export function PeoplePage() {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t('people.title'));
  const [q, setQ] = useState('');
  const [post, setPost] = useState('');
  const [city, setCity] = useState<CityChoice | null>(null);
  const [org, setOrg] = useState<OrgRef | null>(null);
  const dq = useDebounced(q.trim(), 300);
  const dpost = useDebounced(post.trim(), 300);
  const filters = {
    q: dq,
    post: dpost,
    city_id: city ? String(city.id) : '',
    organization_id: org ? String(org.id) : '',
  };
  const list = usePaged<Person>('/people', filters);
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const [merging, setMerging] = useState(false);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const exportHref = `/api/v1${withQuery('/people.vcf', { ...filters, lang: i18n.locale })}`;

  const saved = (p: Person, created: boolean) => {
    setEditing(null);
    setNotice(t(created ? 'common.created' : 'common.saved'));
    list.setItems((items) => (created ? [p, ...items] : items.map((x) => (x.id === p.id ? p : x))));
  };

  return (
    <ListPage
      title={t('people.title')}
      intro={t('people.intro')}
      actions={
        <>
          <button type="button" class="btn btn-primary" onClick={() => setEditing('new')}>
            {t('people.new')}
          </button>
          <button type="button" class="btn" onClick={() => setMerging(true)}>
            {t('people.merge')}
          </button>
          <button type="button" class="btn" onClick={() => setImporting(true)}>
            {t('people.import')}
          </button>
          <a class="btn" href={exportHref} download="people.vcf">
            {t('people.export')}
          </a>
        </>
      }
      notice={notice}
      onNoticeClose={() => setNotice(null)}
      filters={
        <>
          <SearchFilter id="people-q" label={t('people.search')} value={q} onChange={setQ} />
          <SearchFilter id="people-post" label={t('people.post_filter')} value={post} onChange={setPost} />
          <CityPicker id="people-city" value={city} onChange={setCity} label={t('people.city')} hint="" />
          <OrgPicker id="people-org" label={t('people.organization')} hint="" value={org} onChange={setOrg} />
        </>
      }
      filtersClass="people-filters"
      list={list}
      empty={t('common.no_results')}
      after={
        <>
          {editing && (
            <PersonForm person={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={saved} />
          )}
          {merging && (
            <MergeForm
              onClose={() => setMerging(false)}
              onMerged={(kept, dropped) => {
                setMerging(false);
                setNotice(t('people.merged', { name: i18n.name(kept) }));
                list.setItems((items) => items.filter((x) => x.id !== dropped).map((x) => (x.id === kept.id ? kept : x)));
              }}
            />
          )}
          {importing && (
            <ImportForm
              onClose={() => setImporting(false)}
              onImported={() => list.reload()}
            />
          )}
        </>
      }
    >
      <ListTable
        id="people-table"
        columns={
          <>
            <th scope="col">{t('people.name')}</th>
            <th scope="col">{t('people.post')}</th>
            <th scope="col">{t('people.organization')}</th>
            <th scope="col">{t('people.city')}</th>
            <th scope="col">{t('people.contacts')}</th>
          </>
        }
        actions
      >
        {list.items.map((p) => (
          <tr key={p.id}>
            <th scope="row" class="wide-cell">
              <Link href={`/people/${p.id}`}>{i18n.name(p)}</Link>
            </th>
            <td>{i18n.pick(p.post_ru, p.post_en) || <span class="muted">{t('common.none')}</span>}</td>
            <td>{p.organization ? refName(i18n, p.organization) : <span class="muted">{t('common.none')}</span>}</td>
            <td>{p.city ? refName(i18n, p.city) : <span class="muted">{t('common.none')}</span>}</td>
            <td class="contact-cell">
              {p.email && <a href={`mailto:${p.email}`}>{p.email}</a>}
              {p.phone && <span class="sub">{p.phone}</span>}
              {!p.email && !p.phone && <span class="muted">{t('common.none')}</span>}
            </td>
            <td class="actions-col">
              <RowButton label={t('common.edit')} name={i18n.name(p)} onClick={() => setEditing(p)} />
            </td>
          </tr>
        ))}
      </ListTable>
    </ListPage>
  );
}

/** A person picker over GET /people (names in both languages, the post and city beside). */
function PersonSelect(props: { id: string; label: string; value: Person | null; onChange: (p: Person | null) => void; error?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 250);
  const [options, setOptions] = useState<Person[]>([]);
  useEffect(() => {
    let live = true;
    api
      .get<{ items: Person[] }>('/people', { q: dq, limit: 20 })
      .then((r) => live && setOptions(r.items))
      .catch(() => live && setOptions([]));
    return () => {
      live = false;
    };
  }, [dq]);
  const label = (p: Person) =>
    [i18n.name(p), i18n.pick(p.post_ru, p.post_en), p.city ? refName(i18n, p.city) : ''].filter(Boolean).join(' — ');
  const shown = props.value && !options.some((o) => o.id === props.value?.id) ? [props.value, ...options] : options;
  return (
    <Field id={props.id} label={props.label} required error={props.error}>
      {(a) => (
        <>
          <input
            id={`${props.id}-q`}
            type="search"
            class="picker-filter"
            aria-label={`${props.label}: ${t('people.search')}`}
            value={q}
            onInput={(e) => setQ(e.currentTarget.value)}
          />
          <select
            {...a}
            size={6}
            value={props.value ? String(props.value.id) : ''}
            onChange={(e) => props.onChange(shown.find((o) => String(o.id) === e.currentTarget.value) ?? null)}
          >
            {shown.map((o) => (
              <option key={o.id} value={String(o.id)}>
                {label(o)}
              </option>
            ))}
          </select>
        </>
      )}
    </Field>
  );
}

function MergeForm(props: { onClose: () => void; onMerged: (kept: Person, dropped: number) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [keep, setKeep] = useState<Person | null>(null);
  const [drop, setDrop] = useState<Person | null>(null);

  const submit = async () => {
    if (!keep || !drop) throw new FormRefusal(t('people.merge_pick'));
    if (keep.id === drop.id) throw new FormRefusal(t('people.merge_same'));
    const kept = await api.post<Person>(`/people/${keep.id}/merge`, { duplicate_id: drop.id });
    return { kept, dropped: drop.id };
  };

  return (
    <FormModal
      id="merge-form"
      title={t('people.merge_title')}
      size="wide"
      fields={{ duplicate_id: { id: 'merge-drop', label: t('people.merge_drop') } }}
      submit={submit}
      onDone={(r) => props.onMerged(r.kept, r.dropped)}
      onClose={props.onClose}
      submitLabel={t('people.merge_run')}
      intro={<p class="muted">{t('people.merge_intro')}</p>}
    >
      {() => (
        <>
          <div class="field-row">
            <PersonSelect id="merge-keep" label={t('people.merge_keep')} value={keep} onChange={setKeep} />
            <PersonSelect id="merge-drop" label={t('people.merge_drop')} value={drop} onChange={setDrop} />
          </div>
          {keep && drop && keep.id !== drop.id && (
            <p role="status">{t('people.merge_summary', { keep: i18n.name(keep), drop: i18n.name(drop) })}</p>
          )}
        </>
      )}
    </FormModal>
  );
}

/** The vCard reader's refusals (src/base/vcard.c), each with a message of its own. */
const VCARD_CODES = new Set(['payload_too_large', 'too_many_lines', 'line_too_long', 'invalid_utf8', 'control_character',
  'syntax', 'unbalanced', 'unsupported_version', 'quoted_printable', 'no_name', 'too_many_cards', 'no_cards']);

function ImportForm(props: { onClose: () => void; onImported: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [file, setFile] = useState<File | null>(null);
  const [items, setItems] = useState<ImportItem[] | null>(null);
  const [inserted, setInserted] = useState(0);
  const refusal = (err: unknown) => {
    if (!(err instanceof ApiError) || !VCARD_CODES.has(err.code)) return i18n.error(err);
    const line = (err.problem as { line?: number }).line;
    const text = t(`vcard.err.${err.code}` as MessageKey);
    return line ? t('vcard.at_line', { line, text }) : text;
  };

  const submit = async () => {
    if (!file) throw new FormRefusal(t('vcard.choose'));
    return api.send<{ inserted: number; items: ImportItem[] }>('POST', '/people.vcf', file, 'text/vcard');
  };
  const done = (r: { inserted: number; items: ImportItem[] }) => {
    setItems(r.items);
    setInserted(r.inserted);
    props.onImported();
  };

  return (
    <FormModal
      id="vcard-form"
      title={t('vcard.title')}
      size="wide"
      submit={submit}
      onDone={done}
      onClose={props.onClose}
      submitLabel={t('vcard.run')}
      closeLabel={items ? t('vcard.close') : t('common.cancel')}
      message={refusal}
      plainError
      intro={<p class="muted">{t('vcard.intro')}</p>}
      after={
        items && (
          <>
            <p role="status">{t('vcard.done', { inserted, total: items.length })}</p>
            <ul class="import-results">
              {items.map((x) => (
                <li key={x.line}>
                  {t('vcard.line', { line: x.line })}: {x.id && x.result !== 'refused' ? <Link href={`/people/${x.id}`}>{x.name}</Link> : x.name}{' '}
                  — {t(`vcard.result.${x.result}` as MessageKey)}
                  {x.errors && x.errors.length > 0 && (
                    <span class="text-error"> ({x.errors.map((er) => `${er.field}: ${fieldMessage(i18n, er) ?? er.code}`).join('; ')})</span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )
      }
    >
      {() => (
        <>
          <div class="field">
            <label for="vcard-file">{t('vcard.file')}</label>
            <input
              id="vcard-file"
              type="file"
              accept=".vcf,text/vcard,text/x-vcard"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          </div>
        </>
      )}
    </FormModal>
  );
}

const TEXT_FIELDS = ['name_ru', 'name_en', 'post_ru', 'post_en', 'post_since', 'email', 'phone'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const personId = (f: TextField) => `person-${f.replace('_', '-')}`;

export function PersonForm(props: { person: Person | null; onClose: () => void; onSaved: (p: Person, created: boolean) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const p = props.person;
  const [text, setText] = useState<Record<TextField, string>>({
    name_ru: p?.name_ru ?? '',
    name_en: p?.name_en ?? '',
    post_ru: p?.post_ru ?? '',
    post_en: p?.post_en ?? '',
    post_since: p?.post_since ?? '',
    email: p?.email ?? '',
    phone: p?.phone ?? '',
  });
  const [org, setOrg] = useState<OrgRef | null>((p?.organization as OrgRef | null) ?? null);
  const [city, setCity] = useCityChoice(
    p?.city ? { id: p.city.id, name_ru: p.city.name_ru ?? '', name_en: p.city.name_en ?? '', country_code: '' } : null,
  );
  const labels: Record<TextField, string> = {
    name_ru: t('people.name_ru'),
    name_en: t('people.name_en'),
    post_ru: t('people.post_ru'),
    post_en: t('people.post_en'),
    post_since: t('people.post_since'),
    email: t('people.email'),
    phone: t('people.phone'),
  };
  const fields: Record<string, FormField> = {
    ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, { id: personId(f), label: labels[f] }])),
    organization_id: { id: 'person-org', label: t('people.organization') },
    city_id: { id: 'person-city', label: t('people.city') },
  };

  const submit = async () => {
    const optional = (v: string) => (v.trim() ? v.trim() : null);
    const full: Record<string, unknown> = {
      name_ru: text.name_ru.trim(),
      name_en: text.name_en.trim(),
      post_ru: optional(text.post_ru),
      post_en: optional(text.post_en),
      post_since: optional(text.post_since),
      email: optional(text.email),
      phone: optional(text.phone),
      organization_id: org?.id ?? null,
      city_id: city?.id ?? null,
    };
    let body = full;
    if (p) {
      const before: Record<string, unknown> = {
        name_ru: p.name_ru, name_en: p.name_en, post_ru: p.post_ru, post_en: p.post_en, post_since: p.post_since,
        email: p.email ?? null, phone: p.phone ?? null, organization_id: p.organization?.id ?? null,
        city_id: p.city?.id ?? null,
      };
      body = Object.fromEntries(Object.entries(full).filter(([k, v]) => before[k] !== v));
      if (Object.keys(body).length === 0) {
        props.onClose();
        return undefined;
      }
    } else body = Object.fromEntries(Object.entries(full).filter(([, v]) => v !== null));
    return p ? api.patch<Person>(`/people/${p.id}`, body) : api.post<Person>('/people', body);
  };

  const field = (errOf: ErrOf, f: TextField, opts: { required?: boolean; lang?: string; type?: 'text' | 'date' | 'email' | 'tel'; hint?: string } = {}) => (
    <Field id={personId(f)} label={labels[f]} required={opts.required} error={errOf(f)} hint={opts.hint}>
      {(a) => (
        <input
          {...a}
          /* one of text, date, email, tel: Preact's typings take each alone */
          type={(opts.type ?? 'text') as 'text'}
          lang={opts.lang}
          autoComplete="off"
          value={text[f]}
          onInput={(e) => {
            const v = e.currentTarget.value;
            setText((s) => ({ ...s, [f]: v }));
          }}
        />
      )}
    </Field>
  );

  return (
    <FormModal
      id="person-form"
      title={p ? t('people.edit_title') : t('people.create_title')}
      fields={fields}
      submit={submit}
      onDone={(saved) => props.onSaved(saved, !p)}
      onClose={props.onClose}
      creating={!p}
    >
      {(errOf) => (
        <>
          <div class="field-row">
            {field(errOf, 'name_ru', { required: true, lang: 'ru' })}
            {field(errOf, 'name_en', { required: true, lang: 'en' })}
          </div>
          <div class="field-row">
            {field(errOf, 'post_ru', { lang: 'ru' })}
            {field(errOf, 'post_en', { lang: 'en' })}
          </div>
          {field(errOf, 'post_since', { type: 'date', hint: t('people.post_since_hint') })}
          <OrgPicker id="person-org" label={t('people.organization')} value={org} onChange={setOrg} error={errOf('organization_id')} />
          <CityPicker id="person-city" value={city} onChange={setCity} label={t('people.city')} hint={t('people.city_hint')} />
          <div class="field-row">
            {field(errOf, 'email', { type: 'email' })}
            {field(errOf, 'phone', { type: 'tel' })}
          </div>
        </>
      )}
    </FormModal>
  );
}

function period(i18n: ReturnType<typeof useI18n>, x: PersonPost): string {
  return x.until
    ? i18n.t('people.period', { since: i18n.date(x.since), until: i18n.date(x.until) })
    : i18n.t('people.period_now', { since: i18n.date(x.since) });
}

export function PersonPage({ id, staff }: { id: number; staff: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [r, setR] = useState<PersonRecord | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [gen, setGen] = useState(0);
  useTitle(r ? i18n.name(r) : t('people.title'));
  useEffect(() => {
    setError(null);
    api
      .get<PersonRecord>(`/people/${id}/record`)
      .then(setR)
      .catch(setError);
  }, [id, gen]);
  if (error != null) return <LoadError error={error} onRetry={() => setGen((g) => g + 1)} />;
  if (!r) return <Spinner />;
  const none = <p class="muted">{t('people.nothing')}</p>;
  return (
    <>
      {staff && (
        <p class="breadcrumb">
          <Link href="/people">{t('people.title')}</Link>
        </p>
      )}
      <PageHeader
        title={i18n.name(r)}
        intro={[i18n.pick(r.post_ru, r.post_en), r.organization ? refName(i18n, r.organization) : '', r.city ? refName(i18n, r.city) : '']
          .filter(Boolean)
          .join(' · ')}
        actions={
          staff && (
            <button type="button" class="btn" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </button>
          )
        }
      />
      <p class="muted" lang={i18n.locale === 'ru' ? 'en' : 'ru'}>
        {i18n.locale === 'ru' ? r.name_en : r.name_ru}
      </p>
      {(r.email || r.phone) && (
        <p class="person-contacts">
          {r.email && <a href={`mailto:${r.email}`}>{r.email}</a>}
          {r.email && r.phone && ' · '}
          {r.phone && <a href={`tel:${r.phone.replace(/[^+\d]/g, '')}`}>{r.phone}</a>}
        </p>
      )}

      <section class="person-record" aria-labelledby="person-posts">
        <h2 class="section-title" id="person-posts">{t('people.posts')}</h2>
        {r.posts.length === 0 ? none : (
          <ol class="timeline">
            {r.posts.map((x, i) => (
              <li key={i}>
                <span class="timeline-when">{period(i18n, x)}</span>
                <span class="timeline-what">{i18n.pick(x.post_ru, x.post_en) || t('common.none')}</span>
                {x.organization && <span class="sub">{refName(i18n, x.organization)}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section class="person-record" aria-labelledby="person-meetings">
        <h2 class="section-title" id="person-meetings">{t('people.meetings')}</h2>
        {r.meetings.length === 0 ? none : (
          <ul class="plain-list">
            {r.meetings.map((m) => (
              <li key={m.id}>
                <Link href={`/meetings/${m.id}`}>{i18n.pick(m.title_ru, m.title_en)}</Link>
                <span class="sub">
                  {[m.date ? i18n.date(m.date) : t('common.none'), t(`meet.role.${m.role}` as MessageKey),
                    t(`meet.status.${m.status}` as MessageKey)].join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="person-record" aria-labelledby="person-delegations">
        <h2 class="section-title" id="person-delegations">{t('people.delegations')}</h2>
        {r.delegations.length === 0 ? none : (
          <ul class="plain-list">
            {r.delegations.map((d) => (
              <li key={d.id}>
                <Link href={`/delegations/${d.id}`}>
                  {i18n.pick(d.specialty_ru, d.specialty_en)}: {refName(i18n, d.from)} → {refName(i18n, d.to)}
                </Link>
                <span class="sub">
                  {[d.date && d.date.length > 4 ? i18n.date(d.date) : d.date ?? t('common.none'),
                    i18n.pick(d.role_ru, d.role_en), t(`dl.status.${d.status}` as MessageKey)].filter(Boolean).join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="person-record" aria-labelledby="person-actions">
        <h2 class="section-title" id="person-actions">{t('people.actions')}</h2>
        {r.actions.length === 0 ? none : (
          <ul class="plain-list">
            {r.actions.map((x) => (
              <li key={x.id}>
                {i18n.pick(x.text_ru, x.text_en)}
                <span class="sub">
                  <Link href={`/meetings/${x.meeting.id}`}>{i18n.pick(x.meeting.title_ru, x.meeting.title_en)}</Link>
                  {x.due_date && ` · ${t('people.due', { date: i18n.date(x.due_date) })}`}
                  {` · ${t(`act.status.${x.status}` as MessageKey)}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {editing && (
        <PersonForm
          person={r}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setGen((g) => g + 1);
          }}
        />
      )}
    </>
  );
}
