// The mutual-aid board: requests and offers of compatriots abroad. Contacts
// come from the server only for the author, staff and organizations that
// answered; everyone else sees that they are hidden and can answer.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { api } from '../lib/api';
import { usePaged, useTitle } from '../lib/hooks';
import { Link, navigate, useLocation } from '../lib/router';
import { Alert, Badge, Field, LoadError, PageHeader, Spinner } from '../components/ui';
import { type FormField, FormModal } from '../components/FormModal';
import { ListPage } from '../components/lists';
import { useMaybeUser } from './exchange/shared';
import { CountryPicker } from '../components/CountryPicker';

export interface AidPost {
  id: number;
  kind: 'request' | 'offer';
  category: string;
  status: 'open' | 'matched' | 'closed';
  lang: string;
  title: string;
  body: string;
  country: { code: string; name_en: string; name_ru: string };
  author_name: string;
  organization: { id: number; name_en: string; name_ru: string } | null;
  answer_count: number;
  created_at: string;
  contact_visible: boolean;
  editable: boolean;
  contact?: string;
  answers?: Array<{ id: number; message: string; user_name: string; organization: { name_en: string; name_ru: string }; created_at: string }>;
}

const CATEGORIES = ['medical', 'legal', 'housing', 'travel_home', 'information', 'other'];

function StatusTag({ status }: { status: AidPost['status'] }) {
  const { t } = useI18n();
  return <Badge tone={status === 'open' ? 'green' : status === 'matched' ? 'blue' : 'neutral'}>{t(`aid.status.${status}` as MessageKey)}</Badge>;
}

function NewPost({ onClose, onCreated }: { onClose: () => void; onCreated: (p: AidPost) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [f, setF] = useState({ kind: 'request', category: 'medical', lang: i18n.locale, title: '', body: '', country_code: '', contact: '' });
  const set = (k: keyof typeof f, v: string) => setF((x) => ({ ...x, [k]: v }));
  const fields: Record<string, FormField> = {
    kind: { id: 'aid-kind', label: t('aid.kind') },
    category: { id: 'aid-category', label: t('aid.category') },
    title: { id: 'aid-title', label: t('ed.title') },
    body: { id: 'aid-body', label: t('aid.body') },
    country_code: { id: 'aid-country', label: t('aid.country') },
    lang: { id: 'aid-lang', label: t('ed.lang') },
    contact: { id: 'aid-contact', label: t('aid.contact') },
  };
  return (
    <FormModal
      id="aid-form"
      title={t('aid.new')}
      fields={fields}
      submit={() => api.post<AidPost>('/aid', f)}
      onDone={onCreated}
      onClose={onClose}
      submitLabel={t('aid.publish')}
    >
      {(errOf) => (
        <>
          <div class="grid-2">
            <Field id="aid-kind" label={t('aid.kind')} required>
              {(a) => (
                <select {...a} value={f.kind} onChange={(e) => set('kind', e.currentTarget.value)}>
                  <option value="request">{t('aid.kind.request')}</option>
                  <option value="offer">{t('aid.kind.offer')}</option>
                </select>
              )}
            </Field>
            <Field id="aid-category" label={t('aid.category')} required>
              {(a) => (
                <select {...a} value={f.category} onChange={(e) => set('category', e.currentTarget.value)}>
                  {CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {t(`aid.cat.${c}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field id="aid-title" label={t('ed.title')} required error={errOf('title')}>
            {(a) => <input {...a} type="text" maxLength={200} value={f.title} onInput={(e) => set('title', e.currentTarget.value)} />}
          </Field>
          <Field id="aid-body" label={t('aid.body')} required error={errOf('body')}>
            {(a) => <textarea {...a} rows={4} value={f.body} onInput={(e) => set('body', e.currentTarget.value)} />}
          </Field>
          <div class="grid-2">
            <CountryPicker id="aid-country" label={t('aid.country')} hint={t('aid.country_pick_hint')} required
              error={errOf('country_code')} value={f.country_code || null} onChange={(c) => set('country_code', c ?? '')} />
            <Field id="aid-lang" label={t('ed.lang')} required>
              {(a) => (
                <select {...a} value={f.lang} onChange={(e) => set('lang', e.currentTarget.value)}>
                  <option value="ru">Русский</option>
                  <option value="en">English</option>
                </select>
              )}
            </Field>
          </div>
          <Field id="aid-contact" label={t('aid.contact')} hint={t('aid.contact_hint')} required error={errOf('contact')}>
            {(a) => <input {...a} type="text" value={f.contact} onInput={(e) => set('contact', e.currentTarget.value)} />}
          </Field>
        </>
      )}
    </FormModal>
  );
}

export function AidBoardPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const user = useMaybeUser();
  const { search } = useLocation();
  useTitle(t('aid.title'));
  const kind = search.get('kind') ?? '';
  const category = search.get('category') ?? '';
  const status = search.get('status') ?? 'open';
  const list = usePaged<AidPost>('/aid', { kind, category, status }, 50);
  const [creating, setCreating] = useState(false);
  const setFilter = (name: string, value: string) => {
    const qs = new URLSearchParams(search);
    qs.set(name, value);
    navigate(`/aid?${qs}`, { replace: true });
  };
  return (
    <ListPage
      title={t('aid.title')}
      intro={t('aid.intro')}
      actions={
        user && user.role !== 'partner' ? (
          <button type="button" class="btn btn-primary" onClick={() => setCreating(true)}>
            {t('aid.new')}
          </button>
        ) : undefined
      }
      filtersLabel={t('ex.filters')}
      filters={
        <>
          <div class="field field-inline">
            <label for="a-kind">{t('aid.kind')}</label>
            <select id="a-kind" value={kind} onChange={(e) => setFilter('kind', e.currentTarget.value)}>
              <option value="">{t('ex.all_kinds')}</option>
              <option value="request">{t('aid.kind.request')}</option>
              <option value="offer">{t('aid.kind.offer')}</option>
            </select>
          </div>
          <div class="field field-inline">
            <label for="a-cat">{t('aid.category')}</label>
            <select id="a-cat" value={category} onChange={(e) => setFilter('category', e.currentTarget.value)}>
              <option value="">{t('aid.all_categories')}</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`aid.cat.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div class="field field-inline">
            <label for="a-status">{t('ex.status')}</label>
            <select id="a-status" value={status} onChange={(e) => setFilter('status', e.currentTarget.value)}>
              {(['open', 'matched', 'closed'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`aid.status.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
        </>
      }
      list={list}
      empty={t('aid.none')}
      after={
        <>
          {creating && (
            <NewPost
              onClose={() => setCreating(false)}
              onCreated={(p) => {
                setCreating(false);
                navigate(`/aid/${p.id}`);
              }}
            />
          )}
        </>
      }
    >
      <div class="aid-grid">
        {list.items.map((p) => (
          <article key={p.id} class={`aid-card aid-${p.kind}`}>
            <p class="aid-kind">
              {t(`aid.kind.${p.kind}` as MessageKey)} · {t(`aid.cat.${p.category}` as MessageKey)}
            </p>
            <h2 class="bulletin-card-title" lang={p.lang}>
              <Link href={`/aid/${p.id}`}>{p.title}</Link>
            </h2>
            <p class="bulletin-meta">
              {i18n.name(p.country)} · {p.organization ? i18n.name(p.organization) : p.author_name} · {i18n.date(p.created_at)}
            </p>
            <p class="excerpt" lang={p.lang}>
              {p.body}
            </p>
            <p>
              <StatusTag status={p.status} /> <span class="muted">{t('aid.answers', { n: p.answer_count })}</span>
            </p>
          </article>
        ))}
      </div>
    </ListPage>
  );
}

export function AidPostPage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const user = useMaybeUser();
  const [p, setP] = useState<AidPost | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [answer, setAnswer] = useState('');
  const [note, setNote] = useState<string | null>(null);
  useTitle(p?.title ?? t('aid.title'));
  useEffect(() => {
    api.get<AidPost>(`/aid/${id}`).then(setP).catch(setError);
  }, [id]);
  if (error != null) return <LoadError error={error} />;
  if (!p) return <Spinner />;
  const own = p.editable;
  const setStatus = async (status: string) => {
    try {
      setP(await api.patch<AidPost>(`/aid/${p.id}`, { status }));
    } catch (e) {
      setNote(i18n.error(e));
    }
  };
  return (
    <article>
      <p class="breadcrumb">
        <Link href="/aid">{t('aid.title')}</Link>
      </p>
      <PageHeader title={p.title} intro={`${t(`aid.kind.${p.kind}` as MessageKey)} · ${t(`aid.cat.${p.category}` as MessageKey)} · ${i18n.name(p.country)}`} />
      {note && <Alert kind="error">{note}</Alert>}
      <p>
        <StatusTag status={p.status} />
      </p>
      <p class="aid-body" lang={p.lang}>
        {p.body}
      </p>
      <section class="card contact-card" aria-labelledby="contact-title">
        <h2 class="card-title" id="contact-title">
          {t('aid.contact')}
        </h2>
        {p.contact_visible ? <p class="contact">{p.contact}</p> : <p class="muted">{t('aid.contact_hidden')}</p>}
      </section>
      {p.answers && p.answers.length > 0 && (
        <section class="section">
          <h2 class="section-title">{t('aid.answers_title')}</h2>
          <ul class="answer-list">
            {p.answers.map((a) => (
              <li key={a.id}>
                <strong>{i18n.name(a.organization)}</strong> · {a.user_name} · {i18n.dateTime(a.created_at)}
                <p>{a.message}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {user && user.role !== 'partner' && !p.contact_visible && p.status !== 'closed' && (
        <form
          class="section"
          onSubmit={(e) => {
            e.preventDefault();
            api
              .post<AidPost>(`/aid/${p.id}/answers`, { message: answer })
              .then((x) => {
                setP(x);
                setAnswer('');
              })
              .catch((err: unknown) => setNote(i18n.error(err)));
          }}
        >
          <Field id="aid-answer" label={t('aid.answer')} hint={t('aid.answer_hint')} required>
            {(a) => <textarea {...a} rows={3} value={answer} onInput={(e) => setAnswer(e.currentTarget.value)} />}
          </Field>
          <button type="submit" class="btn btn-primary" disabled={!answer.trim()}>
            {t('aid.answer_send')}
          </button>
        </form>
      )}
      {own && (
        <div class="form-actions">
          {p.status !== 'matched' && (
            <button type="button" class="btn" onClick={() => void setStatus('matched')}>
              {t('aid.mark_matched')}
            </button>
          )}
          {p.status !== 'closed' && (
            <button type="button" class="btn btn-quiet" onClick={() => void setStatus('closed')}>
              {t('aid.close')}
            </button>
          )}
        </div>
      )}
    </article>
  );
}
