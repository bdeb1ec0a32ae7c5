// A bulletin's or fact-check's page, with its ClaimReview JSON-LD and its
// revision history. Bulletin HTML comes from the server's safe Markdown renderer.

import { useEffect, useState } from 'preact/hooks';
import { type I18n, type MessageKey, useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { Alert, LoadError, PageHeader, Spinner } from '../../components/ui';
import {
  type BulletinKind,
  type Verdict,
  type Bulletin,
  useMaybeUser,
  useActivity,
  VerdictBadge,
  StatusBadge,
  Meta,
  Topics,
} from './shared';

/** ClaimReview JSON-LD in the head while the page is shown; the server made the text script-safe. */
function JsonLd({ text }: { text: string }) {
  useEffect(() => {
    const s = document.createElement('script');
    s.type = 'application/ld+json';
    s.textContent = text;
    document.head.appendChild(s);
    return () => s.remove();
  }, [text]);
  return null;
}

/** The editable fields a revision kept besides title and body; null before they were kept. */
interface RevisionFields {
  kind: BulletinKind;
  lang: 'ru' | 'en';
  countries: string[];
  topics: string[];
  city_id: number | null;
  source_url: string | null;
  claim: string | null;
  claim_source: string | null;
  claim_date: string | null;
  verdict: Verdict | null;
  sources: string[];
}

interface Revision {
  revision: number;
  title: string;
  status: Bulletin['status'];
  note: string | null;
  editor_name: string;
  created_at: string;
  fields: RevisionFields | null;
  /** what this revision changed from the one before it */
  changed: string[];
}

/** A short field's value as the history shows it; null for long ones (named only). */
function shortValue(i18n: I18n, name: string, f: RevisionFields): string | null {
  const { t } = i18n;
  switch (name) {
    case 'kind':
      return t(`bkind.${f.kind}` as MessageKey);
    case 'lang':
      return f.lang === 'ru' ? 'Русский' : 'English';
    case 'verdict':
      return f.verdict ? t(`verdict.${f.verdict}` as MessageKey) : '—';
    case 'countries':
      return f.countries.join(', ') || '—';
    case 'topics':
      return f.topics.map((x) => t(`topic.${x}` as MessageKey)).join(', ') || '—';
    case 'claim_date':
      return f.claim_date ? i18n.date(f.claim_date) : '—';
    default:
      return null;
  }
}

/** What revision r changed from prev: each field named, short ones with their values before and after. */
function Changes({ r, prev }: { r: Revision; prev: Revision | undefined }) {
  const i18n = useI18n();
  if (r.changed.length === 0) return null;
  return (
    <ul class="change-list">
      {r.changed.map((name) => {
        const now = r.fields && shortValue(i18n, name, r.fields);
        const before = prev?.fields && shortValue(i18n, name, prev.fields);
        return (
          <li key={name}>
            {i18n.t(`ed.${name}` as MessageKey)}
            {now != null && before != null && `: ${before} → ${now}`}
          </li>
        );
      })}
    </ul>
  );
}

function History({ id }: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<Revision[] | null>(null);
  useEffect(() => {
    api.get<{ items: Revision[] }>(`/bulletins/${id}/revisions`).then((r) => setItems(r.items)).catch(() => setItems([]));
  }, [id]);
  if (!items) return <Spinner />;
  return (
    <div class="table-wrap">
      <table class="table table-compact">
        <caption class="visually-hidden">{t('ex.history')}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('ex.when')}</th>
            <th scope="col">{t('ex.who')}</th>
            <th scope="col">{t('ex.status')}</th>
            <th scope="col">{t('ex.changes')}</th>
            <th scope="col">{t('ex.note')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r, i) => (
            <tr key={r.revision}>
              <td>{r.revision}</td>
              <td class="nowrap">{i18n.dateTime(r.created_at)}</td>
              <td>{r.editor_name}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td>
                <Changes r={r} prev={items[i + 1]} />
              </td>
              <td>{r.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BulletinPage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const user = useMaybeUser();
  const activity = useActivity();
  const [b, setB] = useState<Bulletin | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  useTitle(b?.title ?? t('ex.news_title'));

  useEffect(() => {
    setError(null);
    api.get<Bulletin>(`/bulletins/${id}`).then(setB).catch(setError);
  }, [id, n]);

  if (error instanceof ApiError && error.status === 404)
    return (
      <>
        <PageHeader title={t('ex.not_found')} />
        <p>
          <Link href="/news">{t('ex.back')}</Link>
        </p>
      </>
    );
  if (error != null) return <LoadError error={error} onRetry={() => setN((x) => x + 1)} />;
  if (!b) return <Spinner />;
  const staff = user?.role === 'staff' || user?.role === 'admin';
  const mine = user != null && (staff || b.editable !== undefined) && 'return_reason' in b;

  return (
    <article class="bulletin-page">
      <p class="breadcrumb">
        <Link href="/news">{t('ex.news_title')}</Link>
        {b.kind === 'fact_check' && ' › #StopCoronaFake'}
      </p>
      <div class="page-header">
        <div>
          <h1 id="page-title" tabIndex={-1} lang={b.lang}>
            {b.title}
          </h1>
          <Meta b={b} activity={activity} />
        </div>
        {b.editable && (
          <div class="page-actions">
            <Link href={`/exchange/edit/${b.id}`} class="btn">
              {t('ex.edit')}
            </Link>
          </div>
        )}
      </div>
      {b.status !== 'published' && (
        <Alert kind="info">
          <StatusBadge status={b.status} /> {t('ex.not_public')}
          {b.return_reason && (
            <>
              {' '}
              {t('ex.returned_because')} <q>{b.return_reason}</q>
            </>
          )}
        </Alert>
      )}
      {b.kind === 'fact_check' && b.claim && (
        <section class="claim-box" aria-labelledby="claim-title" lang={b.lang}>
          <h2 id="claim-title" class="claim-title">
            {t('fc.claim')}
          </h2>
          <blockquote>{b.claim}</blockquote>
          <dl class="kv">
            <dt>{t('fc.verdict')}</dt>
            <dd>{b.verdict && <VerdictBadge verdict={b.verdict} />}</dd>
            {b.claim_source && (
              <>
                <dt>{t('fc.where')}</dt>
                <dd>{b.claim_source}</dd>
              </>
            )}
            {b.claim_date && (
              <>
                <dt>{t('fc.when')}</dt>
                <dd>{i18n.date(b.claim_date)}</dd>
              </>
            )}
          </dl>
        </section>
      )}
      {b.kind === 'fact_check' && <h2 class="section-title">{t('fc.explanation')}</h2>}
      <div class="prose" lang={b.lang} dangerouslySetInnerHTML={{ __html: b.body_html ?? '' }} />
      {b.sources && b.sources.length > 0 && (
        <section>
          <h2 class="section-title">{t('fc.sources')}</h2>
          <ul>
            {b.sources.map((s) => (
              <li key={s}>
                <a href={s} rel="nofollow ugc noopener">
                  {s}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Topics topics={b.topics} />
      {b.claim_review_jsonld && <JsonLd text={b.claim_review_jsonld} />}
      {mine && (
        <section class="section">
          <h2 class="section-title">{t('ex.history')}</h2>
          <History id={b.id} />
        </section>
      )}
    </article>
  );
}
