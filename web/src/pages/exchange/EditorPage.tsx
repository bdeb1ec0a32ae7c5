// The correspondent's editor: a bulletin or fact-check with preview, sent
// for moderation.

import { ValueList, listValues } from '../../components/ValueList';
import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../../i18n';
import { api, fieldErrors } from '../../lib/api';
import { useTitle } from '../../lib/hooks';
import { Link, navigate, useLocation } from '../../lib/router';
import { Alert, ErrorSummary, Field, PageHeader, Spinner } from '../../components/ui';
import { type CityChoice, CityPicker, useCityChoice } from '../../components/pickers';
import { CountriesPicker } from '../../components/CountryPicker';
import {
  type BulletinKind,
  type Verdict,
  type Bulletin,
  KINDS,
  TOPICS,
  useMaybeUser,
  bulletinHref,
  StatusBadge,
} from './shared';

const VERDICTS: Verdict[] = ['false', 'misleading', 'unproven', 'true'];
interface Draft {
  kind: BulletinKind;
  lang: 'ru' | 'en';
  title: string;
  body: string;
  /** ISO codes, the main country first */
  countries: string[];
  city: CityChoice | null;
  topics: string[];
  claim: string;
  claim_source: string;
  claim_date: string;
  verdict: Verdict | '';
  sources: string[];
}

function toBody(d: Draft) {
  const fc = d.kind === 'fact_check';
  return {
    kind: d.kind,
    lang: d.lang,
    title: d.title,
    body: d.body,
    countries: d.countries,
    city_id: d.city?.id ?? null,
    topics: d.topics,
    ...(fc
      ? {
          claim: d.claim || null,
          claim_source: d.claim_source || null,
          claim_date: d.claim_date || null,
          verdict: d.verdict || null,
          sources: listValues(d.sources),
        }
      : {}),
  };
}

/** The editor's city: mounted once the bulletin is read, so the picker starts from its city. */
function BulletinCity(props: { initial: CityChoice | null; onChange: (c: CityChoice | null) => void; error?: string }) {
  const { t } = useI18n();
  const [city, setCity] = useCityChoice(props.initial);
  const change = (c: CityChoice | null) => {
    setCity(c);
    props.onChange(c);
  };
  return <CityPicker id="ed-city_id" label={t('ed.city_id')} hint={t('ed.city_hint')} value={city} onChange={change} error={props.error} />;
}

export function EditorPage({ id }: { id?: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const user = useMaybeUser();
  useTitle(id ? t('ed.edit_title') : t('ed.new_title'));
  const [d, setD] = useState<Draft>({
    kind: 'news', lang: i18n.appLocale, title: '', body: '', countries: [], city: null, topics: [],
    claim: '', claim_source: '', claim_date: '', verdict: '', sources: [],
  });
  const [loaded, setLoaded] = useState(!id);
  const [status, setStatus] = useState<Bulletin['status']>('draft');
  const [reason, setReason] = useState<string | null>(null);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [preview, setPreview] = useState('');
  const [errors, setErrors] = useState<Record<string, { code: string; message: string }>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!id) return;
    api.get<Bulletin>(`/bulletins/${id}`).then((b) => {
      setD({
        kind: b.kind, lang: b.lang, title: b.title, body: b.body ?? '', countries: b.countries,
        city: b.city && { ...b.city, name_ru: b.city.name_ru ?? b.city.name_en }, topics: b.topics,
        claim: b.claim ?? '', claim_source: b.claim_source ?? '', claim_date: b.claim_date ?? '',
        verdict: b.verdict ?? '', sources: b.sources ?? [],
      });
      setStatus(b.status);
      setReason(b.return_reason ?? null);
      setLoaded(true);
    }).catch((e: unknown) => setMessage(i18n.error(e)));
  }, [id]);

  useEffect(() => {
    if (tab !== 'preview') return;
    api.post<{ html: string }>('/markdown/preview', { markdown: d.body }).then((r) => setPreview(r.html)).catch(() => setPreview(''));
  }, [tab, d.body]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const err = (f: string) => (errors[f] ? t(`ed.err.${errors[f].code === 'required' ? 'required' : 'invalid'}` as MessageKey) : undefined);

  const save = async (then: 'stay' | 'submit') => {
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const b = id
        ? await api.patch<Bulletin>(`/bulletins/${id}`, toBody(d))
        : await api.post<Bulletin>('/bulletins', toBody(d));
      if (then === 'submit') await api.post<Bulletin>(`/bulletins/${b.id}/submit`, {});
      navigate(then === 'submit' ? `${bulletinHref(b)}` : `/exchange/edit/${b.id}?saved=1`, { replace: !id ? false : true });
      if (then === 'stay') setMessage(null);
    } catch (e) {
      setErrors(fieldErrors(e));
      setMessage(i18n.error(e));
    } finally {
      setBusy(false);
    }
  };
  const { search } = useLocation();
  if (!user) return null;
  if (!loaded) return message ? <Alert kind="error">{message}</Alert> : <Spinner />;
  const fc = d.kind === 'fact_check';
  const summary = Object.keys(errors).map((f) => ({ href: `#ed-${f}`, text: `${t(`ed.${f}` as MessageKey)}: ${err(f)}` }));

  return (
    <>
      <PageHeader title={id ? t('ed.edit_title') : t('ed.new_title')} intro={t('ed.intro')} />
      {search.get('saved') && !message && <Alert kind="success">{t('ed.saved')}</Alert>}
      {id && (
        <p>
          <StatusBadge status={status} /> {reason && <span>{t('ex.returned_because')} <q>{reason}</q></span>}
        </p>
      )}
      <ErrorSummary message={message} items={summary} />
      <form
        class="editor"
        onSubmit={(e) => {
          e.preventDefault();
          void save('stay');
        }}
      >
        <div class="grid-2">
          <Field id="ed-kind" label={t('ed.kind')} required>
            {(a) => (
              <select {...a} value={d.kind} onChange={(e) => set('kind', e.currentTarget.value as BulletinKind)}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`bkind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="ed-lang" label={t('ed.lang')} required>
            {(a) => (
              <select {...a} value={d.lang} onChange={(e) => set('lang', e.currentTarget.value as 'ru' | 'en')}>
                <option value="ru">Русский</option>
                <option value="en">English</option>
              </select>
            )}
          </Field>
        </div>
        <Field id="ed-title" label={t('ed.title')} required error={err('title')}>
          {(a) => <input {...a} type="text" maxLength={300} value={d.title} onInput={(e) => set('title', e.currentTarget.value)} />}
        </Field>
        <CountriesPicker
          id="ed-countries"
          label={t('ed.countries')}
          hint={t('ed.countries_pick_hint')}
          required
          error={err('countries')}
          value={d.countries}
          onChange={(v) => set('countries', v)}
        />
        <BulletinCity initial={d.city} onChange={(c) => set('city', c)} error={err('city_id')} />
        <fieldset class="field topics-field">
          <legend>{t('ed.topics')}</legend>
          <div class="checks">
            {TOPICS.map((x) => (
              <label key={x} class="check">
                <input
                  type="checkbox"
                  checked={d.topics.includes(x)}
                  onChange={(e) => set('topics', e.currentTarget.checked ? [...d.topics, x] : d.topics.filter((y) => y !== x))}
                />
                {t(`topic.${x}` as MessageKey)}
              </label>
            ))}
          </div>
        </fieldset>
        {fc && (
          <fieldset class="claim-fields">
            <legend>#StopCoronaFake</legend>
            <Field id="ed-claim" label={t('ed.claim')} required error={err('claim')}>
              {(a) => <textarea {...a} rows={2} value={d.claim} onInput={(e) => set('claim', e.currentTarget.value)} />}
            </Field>
            <div class="grid-2">
              <Field id="ed-claim_source" label={t('ed.claim_source')}>
                {(a) => <input {...a} type="text" value={d.claim_source} onInput={(e) => set('claim_source', e.currentTarget.value)} />}
              </Field>
              <Field id="ed-claim_date" label={t('ed.claim_date')} error={err('claim_date')}>
                {(a) => <input {...a} type="date" value={d.claim_date} onInput={(e) => set('claim_date', e.currentTarget.value)} />}
              </Field>
            </div>
            <Field id="ed-verdict" label={t('ed.verdict')} required error={err('verdict')}>
              {(a) => (
                <select {...a} value={d.verdict} onChange={(e) => set('verdict', e.currentTarget.value as Verdict)}>
                  <option value="">—</option>
                  {VERDICTS.map((v) => (
                    <option key={v} value={v}>
                      {t(`verdict.${v}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="ed-sources" label={t('ed.sources')} hint={t('ed.sources_hint')} error={err('sources')}>
              {(a) => (
                <ValueList {...a} type="url" values={d.sources} onChange={(v) => set('sources', v)}
                  rowLabel={(n) => t('ed.source_n', { n })} addLabel={t('ed.source_add')} />
              )}
            </Field>
          </fieldset>
        )}
        <div class="field">
          <div class="tabs" role="tablist" aria-label={t('ed.body')}>
            <button type="button" role="tab" id="tab-write" aria-selected={tab === 'write'} aria-controls="panel-body" onClick={() => setTab('write')}>
              {t('ed.write')}
            </button>
            <button type="button" role="tab" id="tab-preview" aria-selected={tab === 'preview'} aria-controls="panel-body" onClick={() => setTab('preview')}>
              {t('ed.preview')}
            </button>
          </div>
          <div id="panel-body" role="tabpanel" aria-labelledby={tab === 'write' ? 'tab-write' : 'tab-preview'}>
            {tab === 'write' && (
              <div class="image-insert">
                <label for="ed-image" class="btn btn-small">
                  {t('ed.image')}
                </label>
                <input
                  id="ed-image"
                  class="visually-hidden"
                  type="file"
                  accept="image/png,image/jpeg,image/webp"
                  onChange={(e) => {
                    const file = e.currentTarget.files?.[0];
                    e.currentTarget.value = '';
                    if (!file) return;
                    api
                      .post<{ url: string }>('/files', file)
                      .then((r) => set('body', `${d.body}${d.body && !d.body.endsWith('\n') ? '\n\n' : ''}![${file.name.replace(/[\[\]]/g, '')}](${r.url})\n`))
                      .catch((err: unknown) => setMessage(i18n.error(err)));
                  }}
                />
                <span class="hint">{t('ed.image_hint')}</span>
              </div>
            )}
            {tab === 'write' ? (
              <Field id="ed-body" label={fc ? t('ed.explanation') : t('ed.body')} hint={t('ed.body_hint')} required error={err('body')}>
                {(a) => <textarea {...a} rows={14} value={d.body} onInput={(e) => set('body', e.currentTarget.value)} />}
              </Field>
            ) : (
              <div class="prose preview" lang={d.lang} dangerouslySetInnerHTML={{ __html: preview }} />
            )}
          </div>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn" disabled={busy}>
            {t('ed.save')}
          </button>
          {(status === 'draft' || status === 'returned') && (
            <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void save('submit')}>
              {t('ed.submit')}
            </button>
          )}
          <Link href="/exchange/mine" class="btn btn-quiet">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
