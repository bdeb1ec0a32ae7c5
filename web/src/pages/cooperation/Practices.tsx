// The practices catalogue: what a city offers its partners to study (the
// Moscow Electronic School), filtered by city and sector; a practice's page
// with the interest requests the caller may see, a form to express interest
// (another city's partners and staff) and the owning city's status buttons.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { useSubmit, useTitle } from '../../lib/hooks';
import { Link, navigate } from '../../lib/router';
import {
  INTEREST_MOVES,
  type Interest,
  type InterestStatus,
  type Practice,
  type PracticeDetail,
  showcaseError,
} from '../../lib/showcase';
import type { User } from '../../lib/types';
import { Alert, Badge, LoadError, PageHeader, Spinner } from '../../components/ui';
import { NotFoundPage } from '../Status';
import { PracticeForm } from './PracticeForm';
import { SectorOptions } from '../../components/pickers';
import { PracticeRegions } from '../../components/PracticeRegions';

const TONE: Record<InterestStatus, 'neutral' | 'green' | 'red' | 'blue' | 'amber'> = {
  new: 'blue',
  in_discussion: 'amber',
  agreed: 'green',
  declined: 'red',
};

function InterestBadge({ status }: { status: InterestStatus }) {
  const { t } = useI18n();
  return <Badge tone={TONE[status]}>{t(`pr.status.${status}` as MessageKey)}</Badge>;
}

/** Who may add a practice (POST /practices): staff for their city, admins for any. */
const mayAdd = (user: User | null) => user?.role === 'staff' || user?.role === 'admin';

export function PracticesPage({ user }: { user: User | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [all, setAll] = useState<Practice[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [city, setCity] = useState('');
  const [sector, setSector] = useState('');
  const [error, setError] = useState<unknown>(null);
  useTitle(t('pr.title'));
  useEffect(() => {
    api
      .get<{ items: Practice[] }>('/practices')
      .then((x) => setAll(x.items))
      .catch(setError);
  }, []);
  if (error != null) return <LoadError error={error} />;
  if (!all) return <Spinner />;
  const cities = [...new Map(all.map((p) => [p.city.id, p.city])).values()];
  const shown = all.filter((p) => (!city || p.city.id === Number(city)) && (!sector || p.sector === sector));
  return (
    <>
      <PageHeader
        title={t('pr.title')}
        intro={t('pr.intro')}
        actions={
          mayAdd(user) && (
            <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
              {t('prf.add')}
            </button>
          )
        }
      />
      {adding && (
        <PracticeForm
          practice={null}
          chooseCity={user?.role === 'admin'}
          onClose={() => setAdding(false)}
          onSaved={(id) => navigate(`/practices/${id}`)}
        />
      )}
      <div class="pr-filters">
        <div class="field">
          <label for="pr-city">{t('pr.city')}</label>
          <select id="pr-city" value={city} onChange={(e) => setCity(e.currentTarget.value)}>
            <option value="">{t('pr.all_cities')}</option>
            {cities.map((c) => (
              <option key={c.id} value={c.id}>
                {i18n.name(c)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="pr-sector">{t('pr.sector')}</label>
          <select id="pr-sector" value={sector} onChange={(e) => setSector(e.currentTarget.value)}>
            <option value="">{t('pr.all_sectors')}</option>
            <SectorOptions />
          </select>
        </div>
      </div>
      <p class="muted" role="status">
        {t('pr.count', { n: shown.length })}
      </p>
      <ul class="pr-list">
        {shown.map((p) => (
          <li key={p.id} class="card pr-card">
            <Link href={`/practices/${p.id}`} class="pr-title">
              {i18n.pick(p.title_ru, p.title_en)}
            </Link>
            <span class="sub">
              {i18n.name(p.city)} · {t(`rm.sector.${p.sector}` as MessageKey)}
              {p.organization && ` · ${i18n.pick(p.organization.name_ru, p.organization.name_en)}`}
            </span>
            {p.interest_count != null && p.interest_count > 0 && <span class="muted">{t('pr.interest_count', { n: p.interest_count })}</span>}
          </li>
        ))}
      </ul>
    </>
  );
}

function InterestItem(props: { i: Interest; manage: boolean; onChange: (p: PracticeDetail) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { i } = props;
  const [note, setNote] = useState('');
  const { error, run } = useSubmit((err) => showcaseError(i18n, err));
  const move = (status: InterestStatus) =>
    run(async () => {
      props.onChange(await api.patch<PracticeDetail>(`/practice-interests/${i.id}`, { status, note: note.trim() || null }));
      setNote('');
    });
  const moves = INTEREST_MOVES[i.status];
  return (
    <li class="pr-interest">
      <div class="pr-interest-head">
        <strong>{i18n.name(i.city)}</strong>
        {i.organization && <span class="muted"> · {i18n.pick(i.organization.name_ru, i.organization.name_en)}</span>}
        <InterestBadge status={i.status} />
      </div>
      <p>{i.message}</p>
      <ol class="history" aria-label={t('pr.history')}>
        {i.history.map((h, k) => (
          <li key={k}>
            <time dateTime={h.at}>{i18n.date(h.at)}</time> <InterestBadge status={h.status} />
            {h.by && <span class="muted"> ({h.by})</span>}
            {h.note && <span> — {h.note}</span>}
          </li>
        ))}
      </ol>
      {props.manage && moves.length > 0 && (
        <div class="pr-moves">
          {error && <p class="field-error">{error}</p>}
          <label for={`note-${i.id}`}>{t('pr.note')}</label>
          <input id={`note-${i.id}`} value={note} maxLength={2000} onInput={(e) => setNote(e.currentTarget.value)} />
          <div class="sc-tool-buttons">
            {moves.map((s) => (
              <button key={s} type="button" class="btn btn-small" onClick={() => void move(s)}>
                {t(`pr.move.${s}` as MessageKey)}
              </button>
            ))}
          </div>
        </div>
      )}
    </li>
  );
}

function ExpressForm({ id, onDone }: { id: number; onDone: (p: PracticeDetail) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [message, setMessage] = useState('');
  const { error, run } = useSubmit((err) => showcaseError(i18n, err));
  const submit = async (e: Event) => {
    e.preventDefault();
    await run(async () => {
      onDone(await api.post<PracticeDetail>(`/practices/${id}/interests`, { message: message.trim() }));
      setMessage('');
    });
  };
  return (
    <form class="pr-express" onSubmit={submit}>
      {error && <Alert kind="error">{error}</Alert>}
      <div class="field">
        <label for="pr-message">{t('pr.message')}</label>
        <textarea id="pr-message" rows={3} required maxLength={4000} value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
      </div>
      <button type="submit" class="btn btn-primary" disabled={!message.trim()}>
        {t('pr.express')}
      </button>
    </form>
  );
}

export function PracticePage({ id, user }: { id: number; user: User | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [p, setP] = useState<PracticeDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const [editing, setEditing] = useState(false);
  useTitle(p ? i18n.pick(p.title_ru, p.title_en) : t('pr.title'));
  const load = () => api.get<PracticeDetail>(`/practices/${id}`).then(setP).catch(setError);
  useEffect(() => {
    void load();
  }, [id, user?.id]);
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage path={`/practices/${id}`} signedIn={!!user} />;
  if (error != null) return <LoadError error={error} />;
  if (!p) return <Spinner />;
  const html = i18n.locale === 'ru' ? (p.description_ru_html ?? p.description_en_html) : (p.description_en_html ?? p.description_ru_html);
  return (
    <>
      <p class="breadcrumb">
        <Link href="/practices">← {t('pr.back')}</Link>
      </p>
      <PageHeader
        title={i18n.pick(p.title_ru, p.title_en)}
        intro={`${i18n.name(p.city)} · ${t(`rm.sector.${p.sector}` as MessageKey)}`}
        actions={
          p.can_manage && (
            <button type="button" class="btn" onClick={() => setEditing(true)}>
              {t('prf.edit')}
            </button>
          )
        }
      />
      {editing && (
        <PracticeForm
          practice={p}
          chooseCity={false}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void load();
          }}
        />
      )}
      {sent && (
        <Alert kind="success" onClose={() => setSent(false)}>
          {t('pr.sent')}
        </Alert>
      )}
      <div class="grid-2">
        <section class="card" aria-labelledby="pr-about">
          <h2 id="pr-about" class="card-title">
            {t('pr.about')}
          </h2>
          <dl class="kv">
            <dt>{t('pr.city')}</dt>
            <dd>{i18n.name(p.city)}</dd>
            <dt>{t('pr.sector')}</dt>
            <dd>{t(`rm.sector.${p.sector}` as MessageKey)}</dd>
            <dt>{t('pr.owner')}</dt>
            <dd>{p.organization ? i18n.pick(p.organization.name_ru, p.organization.name_en) : t('common.none')}</dd>
          </dl>
          {html && <div class="prose" dangerouslySetInnerHTML={{ __html: html }} />}
        </section>
        <section class="card" aria-labelledby="pr-interests">
          <h2 id="pr-interests" class="card-title">
            {t('pr.interests')}
          </h2>
          {!user && <p class="muted">{t('pr.sign_in_hint')}</p>}
          {user && p.interests.length === 0 && <p class="muted">{t('pr.no_interests')}</p>}
          <ul class="pr-interests">
            {p.interests.map((i) => (
              <InterestItem key={i.id} i={i} manage={p.can_manage} onChange={setP} />
            ))}
          </ul>
          {p.can_express_interest && (
            <ExpressForm
              id={p.id}
              onDone={(x) => {
                setP(x);
                setSent(true);
              }}
            />
          )}
        </section>
        <PracticeRegions id={p.id} />
      </div>
    </>
  );
}
