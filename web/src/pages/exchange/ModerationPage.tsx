// The moderation queue: bulletins waiting for a staff member's decision.

import { useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { usePaged, useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { Field } from '../../components/ui';
import { ListPage } from '../../components/lists';
import { type Bulletin, bulletinHref } from './shared';

export function ModerationPage() {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t('mod.title'));
  const list = usePaged<Bulletin>('/bulletins', { status: 'submitted' }, 50);
  const [returning, setReturning] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const act = async (b: Bulletin, what: 'publish' | 'return') => {
    try {
      await api.post(`/bulletins/${b.id}/${what}`, what === 'return' ? { reason } : {});
      setNote({ kind: 'success', text: t(what === 'publish' ? 'mod.published' : 'mod.returned', { title: b.title }) });
      setReturning(null);
      setReason('');
      list.setItems((items) => items.filter((x) => x.id !== b.id));
    } catch (e) {
      setNote({ kind: 'error', text: i18n.error(e) });
    }
  };
  return (
    <ListPage
      title={t('mod.title')}
      intro={t('mod.intro')}
      notice={note}
      onNoticeClose={() => setNote(null)}
      list={list}
      empty={t('mod.none')}
    >
      <div class="bulletin-list">
        {list.items.map((b) => (
          <article key={b.id} class="bulletin-card">
            <h2 class="bulletin-card-title" lang={b.lang}>
              <Link href={bulletinHref(b)}>{b.title}</Link>
            </h2>
            <p class="bulletin-meta">
              {t(`bkind.${b.kind}` as MessageKey)} · {b.author_name} · {i18n.dateTime(b.updated_at)}
            </p>
            <p class="excerpt" lang={b.lang}>
              {b.excerpt}
            </p>
            {returning === b.id ? (
              <form
                class="return-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void act(b, 'return');
                }}
              >
                <Field id={`reason-${b.id}`} label={t('mod.reason')} required>
                  {(a) => <textarea {...a} rows={2} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
                </Field>
                <div class="form-actions">
                  <button type="submit" class="btn btn-danger" disabled={!reason.trim()}>
                    {t('mod.return')}
                  </button>
                  <button type="button" class="btn btn-quiet" onClick={() => setReturning(null)}>
                    {t('common.cancel')}
                  </button>
                </div>
              </form>
            ) : (
              <div class="form-actions">
                <button type="button" class="btn btn-primary" onClick={() => void act(b, 'publish')}>
                  {t('mod.publish')}
                </button>
                <button type="button" class="btn" onClick={() => setReturning(b.id)}>
                  {t('mod.return_with_reason')}
                </button>
              </div>
            )}
          </article>
        ))}
      </div>
    </ListPage>
  );
}
