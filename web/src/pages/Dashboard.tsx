// Dashboard: the work panel first (meetings, overdue items, expiring
// agreements, trade), then GET /dashboard — platform counts, the caller's
// organization, organizations by country.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { api } from '../lib/api';
import { useTitle } from '../lib/hooks';
import { useSession } from '../lib/session';
import { safeHref } from '../lib/url';
import type { Dashboard } from '../lib/types';
import { Badge, LoadError, PageHeader, Spinner } from '../components/ui';
import { DashboardWork } from '../components/DashboardWork';

export function DashboardPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  useTitle(t('dash.title'));
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .get<Dashboard>('/dashboard')
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [n]);

  const intro = `${t('dash.welcome', { name: user.name })} ${t('dash.today', { date: i18n.longDate(new Date()) })}`;

  return (
    <>
      <PageHeader title={t('dash.title')} intro={intro} />
      <DashboardWork />
      {error != null && <LoadError error={error} onRetry={() => setN((x) => x + 1)} />}
      {!data && error == null && <Spinner />}
      {data && <DashboardBody data={data} />}
    </>
  );
}

function DashboardBody({ data }: { data: Dashboard }) {
  const i18n = useI18n();
  const { t } = i18n;
  const all: Array<[MessageKey, number | undefined]> = [
    ['dash.organizations', data.counts.organizations],
    ['dash.users', data.counts.users],
    ['dash.countries', data.counts.countries],
    ['dash.cities', data.counts.cities],
  ];
  const stats = all.filter((x): x is [MessageKey, number] => x[1] !== undefined);
  const rows = [...data.organizations_by_country].sort(
    (a, b) => b.count - a.count || i18n.name(a).localeCompare(i18n.name(b), i18n.locale),
  );
  const total = rows.reduce((s, r) => s + r.count, 0);
  const max = rows.reduce((m, r) => Math.max(m, r.count), 0);
  const home = data.home;
  const website = safeHref(home?.website);

  return (
    <>
      <section aria-labelledby="stats-h" class="section">
        <h2 id="stats-h" class="visually-hidden">
          {t('dash.counts')}
        </h2>
        <dl class="stats">
          {stats.map(([k, v]) => (
            <div class="stat" key={k}>
              <dt>{t(k)}</dt>
              <dd>{i18n.num(v)}</dd>
            </div>
          ))}
        </dl>
      </section>

      <div class="grid-2">
        <section class="card" aria-labelledby="home-h">
          <h2 id="home-h" class="card-title">
            {t('dash.home')}
          </h2>
          {!home && <p class="muted">{t('dash.home_none')}</p>}
          {home && (
            <div class="home-org">
              <p class="home-name">{i18n.name(home)}</p>
              {i18n.pick(home.short_ru, home.short_en) && (
                <p class="home-short">{i18n.pick(home.short_ru, home.short_en)}</p>
              )}
              <Badge tone="blue">{t(`kind.${home.kind}` as MessageKey)}</Badge>
              <dl class="kv">
                {home.city && (
                  <>
                    <dt>{t('org.city')}</dt>
                    <dd>{i18n.name(home.city)}</dd>
                    <dt>{t('org.country')}</dt>
                    <dd>{i18n.pick(home.city.country_name_ru, home.city.country_name_en) || home.city.country_code}</dd>
                  </>
                )}
                {website && (
                  <>
                    <dt>{t('org.website')}</dt>
                    <dd>
                      <a href={website} rel="noopener noreferrer" target="_blank">
                        {website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
                      </a>
                    </dd>
                  </>
                )}
                <dt>{t('org.users')}</dt>
                <dd>{i18n.num(home.user_count)}</dd>
              </dl>
            </div>
          )}
        </section>

        <section class="card" aria-labelledby="bycountry-h">
          <h2 id="bycountry-h" class="card-title">
            {t('dash.by_country')}
          </h2>
          {rows.length === 0 ? (
            <p class="muted">{t('dash.by_country_empty')}</p>
          ) : (
            <table class="table table-compact bar-table">
              <thead>
                <tr>
                  <th scope="col">{t('dash.country')}</th>
                  <th scope="col" class="bar-col">
                    <span class="visually-hidden">{t('dash.share')}</span>
                  </th>
                  <th scope="col" class="num">
                    {t('dash.count')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.country_code}>
                    <th scope="row">
                      {i18n.name(r) || r.country_code}
                      <span class="code">{r.country_code}</span>
                    </th>
                    <td class="bar-col" aria-hidden="true">
                      <span class="bar" style={{ width: `${max ? Math.max(4, (r.count / max) * 100) : 0}%` }} />
                    </td>
                    <td class="num">
                      {i18n.num(r.count)}
                      <span class="muted pct"> · {i18n.percent(total ? r.count / total : 0)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}
