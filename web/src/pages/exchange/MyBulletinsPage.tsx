// The correspondent's own bulletins and their states.

import { type MessageKey, useI18n } from '../../i18n';
import { usePaged, useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { ListPage } from '../../components/lists';
import { type Bulletin, bulletinHref, StatusBadge } from './shared';

function BulletinTable({ items, actions }: { items: Bulletin[]; actions?: (b: Bulletin) => preact.ComponentChildren }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('ed.title')}</th>
            <th scope="col">{t('ex.kind')}</th>
            <th scope="col">{t('ex.status')}</th>
            <th scope="col">{t('ex.updated')}</th>
            {actions && <th scope="col">{t('ex.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <tr key={b.id}>
              <td class="wide-cell" lang={b.lang}>
                <Link href={bulletinHref(b)}>{b.title}</Link>
                <div class="muted">{b.author_name}</div>
              </td>
              <td>{t(`bkind.${b.kind}` as MessageKey)}</td>
              <td>
                <StatusBadge status={b.status} />
              </td>
              <td class="nowrap">{i18n.date(b.updated_at)}</td>
              {actions && <td class="actions-col">{actions(b)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MyBulletinsPage() {
  const { t } = useI18n();
  useTitle(t('ex.mine_title'));
  const list = usePaged<Bulletin>('/bulletins', { mine: '1' }, 50);
  return (
    <ListPage
      title={t('ex.mine_title')}
      intro={t('ex.mine_intro')}
      actions={
        <Link href="/exchange/write" class="btn btn-primary">
          {t('ex.write')}
        </Link>
      }
      list={list}
      empty={t('ex.mine_none')}
    >
      <BulletinTable
        items={list.items}
        actions={(b) =>
          b.status === 'draft' || b.status === 'returned' ? (
            <Link href={`/exchange/edit/${b.id}`} class="btn btn-small">
              {t('ex.edit')}
            </Link>
          ) : null
        }
      />
    </ListPage>
  );
}
