// The private calendar feed: a subscription URL for calendar apps, shown
// once when made; making a new one or revoking ends the old.

import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { api } from '../lib/api';
import { useSubmit } from '../lib/hooks';
import { Alert } from '../components/ui';

interface Feed {
  active: boolean;
  created_at: string | null;
  url?: string;
}

/** webcal:// for an http(s) feed: calendar apps subscribe to it on a click. */
export function webcal(url: string): string {
  return url.replace(/^https?:\/\//, 'webcal://');
}

/** A feed's webcal:// address, to copy or to open in a calendar app. */
export function WebcalLink(props: { id: string; url: string; describedBy?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const address = webcal(props.url);
  const copy = () => void navigator.clipboard?.writeText(address).then(() => setCopied(true), () => setCopied(false));
  return (
    <div class="webcal-row">
      <input id={props.id} readOnly value={address} aria-describedby={props.describedBy}
        onFocus={(e) => e.currentTarget.select()} />
      <button type="button" class="btn btn-small" onClick={copy}>{copied ? t('feed.copied') : t('feed.copy')}</button>
      <a class="btn btn-small" href={address}>{t('feed.webcal')}</a>
    </div>
  );
}

export function CalendarFeed() {
  const i18n = useI18n();
  const { t } = i18n;
  const [feed, setFeed] = useState<Feed | null>(null);
  const { busy, error, setError, run: write } = useSubmit();

  useEffect(() => {
    api.get<Feed>('/me/calendar-feed').then(setFeed).catch(setError);
  }, []);

  const run = (p: Promise<Feed | null>) =>
    void write(async () => {
      const f = await p;
      setFeed(f ?? { active: false, created_at: null });
    });
  // absolute, on the server's public address (--public-url)
  const url = feed?.url ?? null;

  return (
    <section class="card feed-card" aria-labelledby="feed-title">
      <h2 class="card-title" id="feed-title">{t('feed.title')}</h2>
      <p class="muted">{t('feed.intro')}</p>
      {error != null && <Alert kind="error">{i18n.error(error)}</Alert>}
      {url && (
        <div class="field">
          <label for="feed-url">{t('feed.url')}</label>
          <p class="hint" id="feed-url-hint">{t('feed.url_hint')}</p>
          <WebcalLink id="feed-url" url={url} describedBy="feed-url-hint" />
        </div>
      )}
      {feed && !url && (
        <p>{feed.active ? t('feed.active', { date: i18n.date(feed.created_at!) }) : t('feed.inactive')}</p>
      )}
      <div class="page-actions">
        <button type="button" class="btn" disabled={busy} onClick={() => run(api.post<Feed>('/me/calendar-feed', {}))}>
          {feed?.active ? t('feed.renew') : t('feed.create')}
        </button>
        {feed?.active && (
          <button type="button" class="btn btn-danger-quiet" disabled={busy} onClick={() => run(api.del('/me/calendar-feed').then(() => null))}>
            {t('feed.revoke')}
          </button>
        )}
      </div>
    </section>
  );
}
