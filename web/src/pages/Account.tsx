// The signed-in user's own account: who they are (set by an administrator)
// and the password, which they change themselves. A change signs out every
// other session; this one goes on.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { fieldMessage, type MessageKey, useI18n } from '../i18n';
import { ApiError, api, fieldErrors } from '../lib/api';
import { useSubmit, useTitle } from '../lib/hooks';
import { useSession } from '../lib/session';
import { Alert, Badge, ErrorSummary, Field, PageHeader, Spinner } from '../components/ui';
import { TOPICS } from './exchange/shared';
import { CountriesPicker } from '../components/CountryPicker';

export function AccountPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  useTitle(t('acct.title'));
  return (
    <>
      <PageHeader title={t('acct.title')} intro={t('acct.intro')} />
      <dl class="kv account-facts">
        <dt>{t('users.name')}</dt>
        <dd>{user.name}</dd>
        <dt>{t('users.email')}</dt>
        <dd>
          {user.email} <AddressState />
        </dd>
        <dt>{t('users.role')}</dt>
        <dd>{t(`role.${user.role}` as MessageKey)}</dd>
        <dt>{t('users.organization')}</dt>
        <dd>{user.organization ? i18n.name(user.organization) : t('user.no_org')}</dd>
      </dl>
      <TimeZoneForm />
      <MailPrefsForm />
      <PasswordForm />
    </>
  );
}

/** Whether one's address is confirmed; an unconfirmed one can ask for the link again. */
function AddressState() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useSubmit();
  if (user.email_verified) return <Badge tone="green">{t('acct.verified')}</Badge>;
  const send = async () => {
    if (await run(async () => { await api.post('/me/email-verification', {}); return true; })) setSent(true);
  };
  return (
    <>
      <Badge tone="amber">{t('users.unverified')}</Badge>
      <span class="verification" aria-live="polite">
        <span class="hint">{t('acct.unverified_hint')}</span>
        {sent ? (
          <span class="text-success">{t('acct.verification_sent')}</span>
        ) : (
          <button type="button" class="btn btn-small" disabled={busy} onClick={send}>
            {t('users.send_verification')}
          </button>
        )}
        {error != null && <span class="text-error">{i18n.error(error)}</span>}
      </span>
    </>
  );
}

const IDS: Record<string, string> = { old_password: 'pw-old', new_password: 'pw-new', repeat: 'pw-repeat' };

function PasswordForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const [old, setOld] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, setError, run } = useSubmit((err) => {
    // a wrong current password is the current password field's problem
    if (err instanceof ApiError && err.code === 'wrong_password') {
      setLocal({ old_password: t('acct.pw.wrong') });
      return new ApiError({ status: 400, code: 'validation_failed' });
    }
    return err;
  });
  const fe = fieldErrors(error);
  const errOf = (f: string) =>
    local[f] ?? (fe[f]?.code === 'too_short' ? t('acct.pw.too_short') : fieldMessage(i18n, fe[f]));
  const labels: Record<string, string> = {
    old_password: t('acct.pw.old'), new_password: t('acct.pw.new'), repeat: t('acct.pw.repeat'),
  };
  const fields = [...new Set([...Object.keys(local), ...Object.keys(fe)])].filter((f) => IDS[f]);
  const summary = fields.map((f) => ({ href: `#${IDS[f]}`, text: `${labels[f]}: ${errOf(f) ?? ''}` }));

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(false);
    setLocal({});
    setError(null);
    const missing: Record<string, string> = {};
    if (!old) missing.old_password = t('field.required');
    if (!next) missing.new_password = t('field.required');
    else if (next !== repeat) missing.repeat = t('acct.pw.mismatch');
    if (Object.keys(missing).length > 0) {
      setLocal(missing);
      setError(new ApiError({ status: 400, code: 'validation_failed' }));
      return;
    }
    const ok = await run(async () => {
      await api.put('/me/password', { old_password: old, new_password: next });
      return true;
    });
    if (ok) {
      setOld('');
      setNext('');
      setRepeat('');
      setDone(true);
    }
  };

  return (
    <section class="card account-password" aria-labelledby="pw-title">
      <h2 class="card-title" id="pw-title">{t('acct.pw.title')}</h2>
      <p class="muted">{t('acct.pw.intro')}</p>
      {done && <Alert kind="success" onClose={() => setDone(false)}>{t('acct.pw.done')}</Alert>}
      <ErrorSummary message={error ? i18n.error(error) : null} items={summary} />
      <form onSubmit={submit} noValidate>
        {/* lets password managers tie the new password to the account */}
        <input type="hidden" autoComplete="username" value={user.email} />
        <Field id="pw-old" label={t('acct.pw.old')} required error={errOf('old_password')}>
          {(a) => <input {...a} type="password" autoComplete="current-password" value={old} onInput={(e) => setOld(e.currentTarget.value)} />}
        </Field>
        <Field id="pw-new" label={t('acct.pw.new')} hint={t('acct.pw.new_hint')} required error={errOf('new_password')}>
          {(a) => <input {...a} type="password" autoComplete="new-password" maxLength={1024} value={next} onInput={(e) => setNext(e.currentTarget.value)} />}
        </Field>
        <Field id="pw-repeat" label={t('acct.pw.repeat')} required error={errOf('repeat')}>
          {(a) => <input {...a} type="password" autoComplete="new-password" maxLength={1024} value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />}
        </Field>
        <div class="page-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : t('acct.pw.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

interface TimeZones {
  items: string[];
  default: string;
}

/** "+08:00" and "14:05": a zone's offset from UTC and its wall clock now. */
function clockOf(zone: string, locale: string): { offset: string; time: string } {
  const now = new Date();
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(now).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const time = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(now);
  return { offset: name === 'GMT' ? '+00:00' : name.slice(3), time };
}

/** The zones by region ("Europe", "Asia", ...), each labelled with its city and offset. */
function zoneGroups(zones: string[]): Array<[string, Array<{ zone: string; label: string }>]> {
  const groups = new Map<string, Array<{ zone: string; label: string }>>();
  for (const zone of zones) {
    const cut = zone.indexOf('/');
    const region = cut < 0 ? 'UTC' : zone.slice(0, cut);
    const place = cut < 0 ? zone : zone.slice(cut + 1).replace(/_/g, ' ').replace(/\//g, ' / ');
    const list = groups.get(region) ?? [];
    list.push({ zone, label: `${place} (UTC${clockOf(zone, 'en').offset})` });
    groups.set(region, list);
  }
  return [...groups.entries()];
}

/**
 * The clock one's mail tells the time by: a zone of the server's list, or
 * none (the platform's). A button offers the device's zone when it differs.
 */
function TimeZoneForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user, updateUser } = useSession();
  const [zones, setZones] = useState<TimeZones | null>(null);
  const [zone, setZone] = useState(user.timezone ?? '');
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useSubmit();
  const fe = fieldErrors(error);

  useEffect(() => {
    api.get<TimeZones>('/timezones').then(setZones, setError);
  }, []);
  const groups = useMemo(() => (zones ? zoneGroups(zones.items) : []), [zones]);
  if (!zones) return error != null ? <Alert kind="error">{i18n.error(error)}</Alert> : <Spinner />;

  const device = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const shown = zone || zones.default;
  const clock = clockOf(shown, i18n.locale);
  const choose = (z: string) => {
    setDone(false);
    setError(null);
    setZone(z);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const saved = await run(() => api.patch<{ user: typeof user }>('/me', { timezone: zone || null }));
    if (saved) {
      updateUser(saved.user);
      setZone(saved.user.timezone ?? '');
      setDone(true);
    }
  };

  return (
    <section class="card account-tz" aria-labelledby="tz-title">
      <h2 class="card-title" id="tz-title">{t('acct.tz.title')}</h2>
      <p class="muted">{t('acct.tz.intro')}</p>
      {done && <Alert kind="success" onClose={() => setDone(false)}>{t('acct.tz.saved')}</Alert>}
      {error != null && !fe.timezone && <Alert kind="error">{i18n.error(error)}</Alert>}
      <form onSubmit={submit} noValidate>
        <Field id="tz-zone" label={t('acct.tz.label')} required hint={t('acct.tz.now', { time: clock.time, offset: clock.offset })}
          error={fe.timezone ? t('acct.tz.unknown') : undefined}>
          {(a) => (
            <select {...a} value={zone} onChange={(e) => choose(e.currentTarget.value)}>
              <option value="">{t('acct.tz.default', { zone: zones.default })}</option>
              {groups.map(([region, list]) => (
                <optgroup key={region} label={region}>
                  {list.map((z) => <option key={z.zone} value={z.zone}>{z.label}</option>)}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <div class="page-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : t('acct.tz.save')}
          </button>
          {device && device !== shown && zones.items.includes(device) && (
            <button type="button" class="btn" onClick={() => choose(device)}>
              {t('acct.tz.device', { zone: device })}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

interface MailPrefs {
  remind_day: boolean;
  remind_soon: boolean;
  actions_due: boolean;
  digest: 'none' | 'daily' | 'weekly';
  countries: string[];
  topics: string[];
}

/**
 * What one wants by mail: meeting reminders a day and 15 minutes before,
 * the action items due tomorrow, a digest of the exchange for some
 * countries and topics. Mail goes to a confirmed address only.
 */
function MailPrefsForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const [p, setP] = useState<MailPrefs | null>(null);
  const [countries, setCountries] = useState<string[]>([]);
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useSubmit();
  const fe = fieldErrors(error);

  useEffect(() => {
    api.get<MailPrefs>('/me/mail-preferences').then((x) => {
      setP(x);
      setCountries(x.countries);
    }, setError);
  }, []);
  if (!p) return error != null ? <Alert kind="error">{i18n.error(error)}</Alert> : <Spinner />;

  const set = (change: Partial<MailPrefs>) => {
    setDone(false);
    setP({ ...p, ...change });
  };
  const toggleTopic = (k: string) =>
    set({ topics: p.topics.includes(k) ? p.topics.filter((x) => x !== k) : [...p.topics, k] });
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = { ...p, countries };
    const saved = await run(() => api.put<MailPrefs>('/me/mail-preferences', body));
    if (saved) {
      setP(saved);
      setCountries(saved.countries);
      setDone(true);
    }
  };
  const countryError = Object.entries(fe).find(([k]) => k.startsWith('countries'))?.[1];

  return (
    <section class="card account-mail" aria-labelledby="mail-title">
      <h2 class="card-title" id="mail-title">{t('acct.mail.title')}</h2>
      <p class="muted">{t('acct.mail.intro')}</p>
      {done && <Alert kind="success" onClose={() => setDone(false)}>{t('acct.mail.saved')}</Alert>}
      {error != null && !countryError && <Alert kind="error">{i18n.error(error)}</Alert>}
      <form onSubmit={submit} noValidate>
        <fieldset class="checks">
          <legend>{t('acct.mail.reminders')}</legend>
          <label class="check">
            <input type="checkbox" checked={p.remind_day} onChange={(e) => set({ remind_day: e.currentTarget.checked })} />{' '}
            {t('acct.mail.remind_day')}
          </label>
          <label class="check">
            <input type="checkbox" checked={p.remind_soon} onChange={(e) => set({ remind_soon: e.currentTarget.checked })} />{' '}
            {t('acct.mail.remind_soon')}
          </label>
          <label class="check">
            <input type="checkbox" checked={p.actions_due} onChange={(e) => set({ actions_due: e.currentTarget.checked })} />{' '}
            {t('acct.mail.actions_due')}
          </label>
        </fieldset>
        <Field id="mail-digest" label={t('acct.mail.digest')} hint={t('acct.mail.digest_hint')} required>
          {(a) => (
            <select {...a} value={p.digest} onChange={(e) => set({ digest: e.currentTarget.value as MailPrefs['digest'] })}>
              {(['none', 'daily', 'weekly'] as const).map((d) => (
                <option key={d} value={d}>{t(`acct.mail.digest_${d}` as MessageKey)}</option>
              ))}
            </select>
          )}
        </Field>
        {p.digest !== 'none' && (
          <>
            <CountriesPicker id="mail-countries" label={t('acct.mail.countries')} hint={t('acct.mail.countries_pick_hint')}
              error={countryError ? t('acct.mail.countries_invalid') : undefined} value={countries}
              onChange={(v) => { setDone(false); setCountries(v); }} />
            <fieldset class="checks topic-checks">
              <legend>{t('acct.mail.topics')}</legend>
              <p class="hint">{t('acct.mail.topics_hint')}</p>
              {TOPICS.map((k) => (
                <label class="check" key={k}>
                  <input type="checkbox" checked={p.topics.includes(k)} onChange={() => toggleTopic(k)} />{' '}
                  {t(`topic.${k}` as MessageKey)}
                </label>
              ))}
            </fieldset>
          </>
        )}
        <div class="page-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : t('acct.mail.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
