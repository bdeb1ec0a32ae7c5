// Pages that explain why there is nothing to show: 404 and 403.

import { useI18n } from '../i18n';
import { useTitle } from '../lib/hooks';
import { Link } from '../lib/router';
import { PageHeader } from '../components/ui';

export function NotFoundPage(props: { path: string; signedIn: boolean }) {
  const { t } = useI18n();
  useTitle(t('notfound.title'));
  return (
    <div class="status-page">
      <p class="status-code" aria-hidden="true">
        404
      </p>
      <PageHeader title={t('notfound.title')} />
      <p>{t('notfound.text', { path: props.path })}</p>
      <p>
        <Link href={props.signedIn ? '/' : '/login'} class="btn btn-primary">
          {props.signedIn ? t('notfound.home') : t('notfound.login')}
        </Link>
      </p>
    </div>
  );
}

export function ForbiddenPage() {
  const { t } = useI18n();
  useTitle(t('forbidden.title'));
  return (
    <div class="status-page">
      <p class="status-code" aria-hidden="true">
        403
      </p>
      <PageHeader title={t('forbidden.title')} />
      <p>{t('forbidden.text')}</p>
      <p>
        <Link href="/" class="btn btn-primary">
          {t('notfound.home')}
        </Link>
      </p>
    </div>
  );
}
