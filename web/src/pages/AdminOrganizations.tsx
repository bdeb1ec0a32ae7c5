// Admin → Organizations: paged list with search and kind filter; create,
// edit, delete (409 while users belong to it). The city comes from the
// gazetteer through an autocomplete.

import { useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { api } from '../lib/api';
import { useDebounced, usePaged, useTitle } from '../lib/hooks';
import { ORG_KINDS, type OrgKind, type Organization } from '../lib/types';
import { type CityChoice, CityPicker } from '../components/pickers';
import { Badge, Field, FilterSelect, SearchFilter } from '../components/ui';
import { type FormField, FormModal, invalidField, type ErrOf } from '../components/FormModal';
import { ConfirmDelete, ListPage, ListTable, RowButton } from '../components/lists';
import { safeHref } from '../lib/url';

export function AdminOrganizationsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t('orgs.title'));
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const dq = useDebounced(q.trim(), 300);
  const list = usePaged<Organization>('/organizations', { q: dq, kind });
  const [editing, setEditing] = useState<Organization | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Organization | null>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);

  const saved = (o: Organization, created: boolean) => {
    setEditing(null);
    setNotice(created ? 'common.created' : 'common.saved');
    list.setItems((items) => (created ? [o, ...items] : items.map((x) => (x.id === o.id ? o : x))));
  };

  return (
    <ListPage
      title={t('orgs.title')}
      intro={t('orgs.intro')}
      actions={
        <button type="button" class="btn btn-primary" onClick={() => setEditing('new')}>
          {t('orgs.new')}
        </button>
      }
      notice={notice && t(notice)}
      onNoticeClose={() => setNotice(null)}
      filters={
        <>
          <SearchFilter id="orgs-q" label={t('common.search')} value={q} onChange={setQ} placeholder={t('orgs.search_placeholder')} inline />
          <FilterSelect
            id="orgs-kind"
            label={t('orgs.kind_filter')}
            value={kind}
            onChange={setKind}
            options={ORG_KINDS.map((k) => ({ value: k, label: t(`kind.${k}` as MessageKey) }))}
            inline
          />
        </>
      }
      list={list}
      empty={t('common.no_results')}
      after={
        <>
          {editing && (
            <OrgForm org={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={saved} />
          )}
          {deleting && (
            <ConfirmDelete
              title={t('orgs.delete_title')}
              text={t('orgs.delete_text', { name: i18n.name(deleting) })}
              run={() => api.del(`/organizations/${deleting.id}`)}
              conflictText={
                deleting.user_count > 0
                  ? t('orgs.delete_conflict', { n: deleting.user_count })
                  : t('orgs.delete_conflict_other')
              }
              onClose={() => setDeleting(null)}
              onDone={() => {
                const id = deleting.id;
                setDeleting(null);
                setNotice('common.deleted');
                list.setItems((items) => items.filter((x) => x.id !== id));
              }}
            />
          )}
        </>
      }
    >
      <ListTable
        id="orgs-table"
        columns={
          <>
            <th scope="col">{t('org.name')}</th>
            <th scope="col">{t('org.kind')}</th>
            <th scope="col">{t('org.city')}</th>
            <th scope="col" class="num">
              {t('org.users')}
            </th>
            <th scope="col">{t('org.updated')}</th>
          </>
        }
        actions
      >
        {list.items.map((o) => {
          const short = i18n.pick(o.short_ru, o.short_en);
          const href = safeHref(o.website);
          return (
            <tr key={o.id}>
              <th scope="row" class="wide-cell">
                {i18n.name(o)}
                {(short || href) && (
                  <span class="sub">
                    {short}
                    {short && href && ' · '}
                    {href && (
                      <a href={href} target="_blank" rel="noopener noreferrer">
                        {href.replace(/^https?:\/\//, '').replace(/\/$/, '')}
                      </a>
                    )}
                  </span>
                )}
              </th>
              <td>
                <Badge>{t(`kind.${o.kind}` as MessageKey)}</Badge>
              </td>
              <td>
                {o.city ? (
                  <>
                    {i18n.name(o.city)}
                    <span class="sub">{i18n.pick(o.city.country_name_ru, o.city.country_name_en)}</span>
                  </>
                ) : (
                  <span class="muted">{t('common.none')}</span>
                )}
              </td>
              <td class="num">{i18n.num(o.user_count ?? 0)}</td>
              <td class="nowrap">{i18n.date(o.updated_at)}</td>
              <td class="actions-col">
                <RowButton label={t('common.edit')} name={i18n.name(o)} onClick={() => setEditing(o)} />
                <RowButton label={t('common.delete')} name={i18n.name(o)} onClick={() => setDeleting(o)} danger />
              </td>
            </tr>
          );
        })}
      </ListTable>
    </ListPage>
  );
}

const FIELDS = ['kind', 'name_ru', 'name_en', 'short_ru', 'short_en', 'city_id', 'website'] as const;
type FieldName = (typeof FIELDS)[number];
const FIELD_IDS: Record<FieldName, string> = {
  kind: 'org-kind',
  name_ru: 'org-name-ru',
  name_en: 'org-name-en',
  short_ru: 'org-short-ru',
  short_en: 'org-short-en',
  website: 'org-website',
  city_id: 'org-city',
};

function OrgForm(props: {
  org: Organization | null;
  onClose: () => void;
  onSaved: (o: Organization, created: boolean) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const o = props.org;
  const [kind, setKind] = useState<OrgKind>(o?.kind ?? 'city_administration');
  const [text, setText] = useState<Record<'name_ru' | 'name_en' | 'short_ru' | 'short_en' | 'website', string>>({
    name_ru: o?.name_ru ?? '',
    name_en: o?.name_en ?? '',
    short_ru: o?.short_ru ?? '',
    short_en: o?.short_en ?? '',
    website: o?.website ?? '',
  });
  const [city, setCity] = useState<CityChoice | null>(o?.city ?? null);

  const labels: Record<FieldName, string> = {
    kind: t('org.kind'),
    name_ru: t('orgs.name_ru'),
    name_en: t('orgs.name_en'),
    short_ru: t('orgs.short_ru'),
    short_en: t('orgs.short_en'),
    website: t('orgs.website'),
    city_id: t('orgs.city'),
  };
  // the server names the city "city" or "city_id"
  const fields: Record<string, FormField> = Object.fromEntries(
    [...FIELDS.map((f) => [f, { id: FIELD_IDS[f], label: labels[f] }]), ['city', { id: FIELD_IDS.city_id, label: labels.city_id }]],
  );

  const submit = async () => {
    const trimmed = (v: string) => v.trim();
    const optional = (v: string) => (v.trim() ? v.trim() : null);
    const full: Record<string, unknown> = {
      kind,
      name_ru: trimmed(text.name_ru),
      name_en: trimmed(text.name_en),
      short_ru: optional(text.short_ru),
      short_en: optional(text.short_en),
      website: optional(text.website),
      city_id: city?.id ?? null,
    };
    let body: Record<string, unknown> = full;
    if (!city) {
      // city_id is an integer in the API: absent on create (the server reports it), never null.
      delete full.city_id;
      if (o) throw invalidField('city_id', 'required');
    }
    if (o) {
      const before: Record<string, unknown> = {
        kind: o.kind,
        name_ru: o.name_ru,
        name_en: o.name_en,
        short_ru: o.short_ru || null,
        short_en: o.short_en || null,
        website: o.website || null,
        city_id: o.city?.id ?? null,
      };
      body = Object.fromEntries(Object.entries(full).filter(([k, v]) => before[k] !== v));
      if (Object.keys(body).length === 0) {
        props.onClose();
        return undefined;
      }
    } else {
      body = Object.fromEntries(Object.entries(full).filter(([, v]) => v !== null));
    }
    return o ? api.patch<Organization>(`/organizations/${o.id}`, body) : api.post<Organization>('/organizations', body);
  };

  const textField = (errOf: ErrOf, f: 'name_ru' | 'name_en' | 'short_ru' | 'short_en' | 'website', required: boolean, lang?: string) => (
    <Field
      id={FIELD_IDS[f]}
      label={labels[f]}
      required={required}
      error={errOf(f)}
      hint={f === 'website' ? t('orgs.website_hint') : undefined}
    >
      {(a) => (
        <input
          {...a}
          type="text"
          inputMode={f === 'website' ? 'url' : undefined}
          lang={lang}
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
      id="org-form"
      title={o ? t('orgs.edit_title') : t('orgs.create_title')}
      fields={fields}
      submit={submit}
      onDone={(saved) => props.onSaved(saved, !o)}
      onClose={props.onClose}
      creating={!o}
    >
      {(errOf) => (
        <>
          <Field id="org-kind" label={t('org.kind')} required error={errOf('kind')}>
            {(a) => (
              <select {...a} value={kind} onChange={(e) => setKind(e.currentTarget.value as OrgKind)}>
                {ORG_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`kind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div class="field-row">
            {textField(errOf, 'name_ru', true, 'ru')}
            {textField(errOf, 'name_en', true, 'en')}
          </div>
          <div class="field-row">
            {textField(errOf, 'short_ru', false, 'ru')}
            {textField(errOf, 'short_en', false, 'en')}
          </div>
          <CityPicker id="org-city" value={city} onChange={setCity} error={errOf('city_id') ?? errOf('city')} required />
          {textField(errOf, 'website', false)}
        </>
      )}
    </FormModal>
  );
}
