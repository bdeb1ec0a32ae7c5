// One organization, read-only, for signed-in users (GET /organizations/{id}):
// its names in both languages, kind, city and country, website. Search hits
// of kind "organization" open here; admins edit in Admin → Organizations.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { api } from '../lib/api';
import { useTitle } from '../lib/hooks';
import type { Organization } from '../lib/types';
import { LoadError, PageHeader, Spinner } from '../components/ui';

export function OrganizationPage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [org, setOrg] = useState<Organization | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  useTitle(org ? i18n.name(org) : t('org.title'));

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .get<Organization>(`/organizations/${id}`)
      .then((o) => live && setOrg(o))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id, n]);

  if (error != null) return <LoadError error={error} onRetry={() => setN((x) => x + 1)} />;
  if (!org) return <Spinner />;
  const shorts = [org.short_ru, org.short_en].filter(Boolean).join(' · ');
  const country = org.city ? i18n.pick(org.city.country_name_ru, org.city.country_name_en) || org.city.country_code : '';
  return (
    <>
      <PageHeader title={i18n.name(org)} intro={t('org.title')} />
      <dl class="kv">
        <dt>{t('org.names')}</dt>
        <dd>
          <span lang="ru">{org.name_ru}</span>
          <br />
          <span lang="en">{org.name_en}</span>
        </dd>
        {shorts && (
          <>
            <dt>{t('org.short')}</dt>
            <dd>{shorts}</dd>
          </>
        )}
        <dt>{t('org.kind')}</dt>
        <dd>{t(`kind.${org.kind}` as MessageKey)}</dd>
        {org.city && (
          <>
            <dt>{t('org.city')}</dt>
            <dd>
              {i18n.name(org.city)}
              {country && `, ${country}`}
            </dd>
          </>
        )}
        {org.website && (
          <>
            <dt>{t('org.website')}</dt>
            <dd>
              <a href={org.website} rel="nofollow noopener" target="_blank">
                {org.website}
              </a>
            </dd>
          </>
        )}
      </dl>
    </>
  );
}
