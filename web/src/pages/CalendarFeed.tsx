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
          <input id="feed-url" readOnly value={url} aria-describedby="feed-url-hint" onFocus={(e) => e.currentTarget.select()} />
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
