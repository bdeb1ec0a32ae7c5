// Admin → Mail: the outbox. Every message the platform has to send, with
// where it stands (waiting, being sent, sent, failed, discarded), how many
// attempts it took and why the last one failed; a waiting or failed message
// can be sent now or discarded. Bodies are never shown: a reset link is
// its recipient's secret.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { ApiError, api } from '../lib/api';
import { usePaged, useTitle } from '../lib/hooks';
import type { OutboxMessage, OutboxPage, MailStatus } from '../lib/types';
import { Alert, Badge, FilterSelect } from '../components/ui';
import { ListPage, ListTable, RowButton } from '../components/lists';

const STATUSES: MailStatus[] = ['queued', 'sending', 'sent', 'failed', 'discarded'];
const TONE: Record<MailStatus, 'neutral' | 'green' | 'red' | 'blue' | 'amber'> = {
  queued: 'amber',
  sending: 'blue',
  sent: 'green',
  failed: 'red',
  discarded: 'neutral',
};

export function AdminMailPage() {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t('mail.title'));
  const [status, setStatus] = useState('');
  const [summary, setSummary] = useState<OutboxPage | null>(null);
  const [tick, setTick] = useState(0);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const list = usePaged<OutboxMessage>('/mail/outbox', { status });

  useEffect(() => {
    api
      .get<OutboxPage>('/mail/outbox', { limit: 1 })
      .then(setSummary)
      .catch(() => setSummary(null));
  }, [tick]);

  const refresh = () => {
    setTick((n) => n + 1);
    list.reload();
  };

  const act = async (m: OutboxMessage, what: 'retry' | 'discard') => {
    setBusy(m.id);
    setNotice(null);
    try {
      const after = await api.post<OutboxMessage>(`/mail/outbox/${m.id}/${what}`, {});
      list.setItems((items) => items.map((x) => (x.id === m.id ? after : x)));
      setTick((n) => n + 1);
      setNotice({ kind: 'success', text: t(what === 'retry' ? 'mail.retried' : 'mail.discarded', { to: m.to }) });
    } catch (err) {
      const stale = err instanceof ApiError && (err.code === 'not_retryable' || err.code === 'not_discardable');
      setNotice({ kind: 'error', text: stale ? t('mail.state_changed') : i18n.error(err) });
      if (stale) list.reload();
    } finally {
      setBusy(null);
    }
  };

  const kindName = (k: string) => {
    const key = `mail.kind.${k}` as MessageKey;
    const name = t(key);
    return name === key ? k : name;
  };

  return (
    <ListPage
      title={t('mail.title')}
      intro={t('mail.intro')}
      actions={
        <button type="button" class="btn" onClick={refresh}>
          {t('mail.refresh')}
        </button>
      }
      before={
        <>
          {summary && !summary.smtp_configured && (
            <Alert kind="error">
              <strong>{t('mail.not_configured')}</strong> {t('mail.not_configured_hint')}
            </Alert>
          )}
          {summary?.smtp_configured && <p class="muted mail-from">{t('mail.from', { from: summary.from ?? '' })}</p>}
          <div aria-live="polite">{notice && <Alert kind={notice.kind} onClose={() => setNotice(null)}>{notice.text}</Alert>}</div>

          {summary && (
            <ul class="mail-counts" aria-label={t('mail.counts')}>
              {STATUSES.map((s) => (
                <li key={s}>
                  <Badge tone={TONE[s]}>{t(`mail.status.${s}` as MessageKey)}</Badge> <strong>{i18n.num(summary.counts[s])}</strong>
                </li>
              ))}
            </ul>
          )}
        </>
      }
      filters={
        <>
          <FilterSelect
            id="mail-status"
            label={t('mail.status_filter')}
            value={status}
            onChange={setStatus}
            options={STATUSES.filter((s) => s !== 'sending').map((s) => ({ value: s, label: t(`mail.status.${s}` as MessageKey) }))}
            inline
          />
        </>
      }
      list={list}
      empty={t('mail.empty')}
    >
      <ListTable
        id="mail-table"
        columns={
          <>
            <th scope="col">{t('mail.message')}</th>
            <th scope="col">{t('mail.to')}</th>
            <th scope="col">{t('mail.status')}</th>
            <th scope="col">{t('mail.attempts')}</th>
            <th scope="col">{t('mail.when')}</th>
          </>
        }
        actions
      >
        {list.items.map((m) => (
          <tr key={m.id} data-mail-id={m.id}>
            <th scope="row" class="mail-subject">
              {m.subject}
              <span class="sub">
                {kindName(m.kind)} · {m.locale.toUpperCase()}
              </span>
            </th>
            <td class="person">
              {m.to_name}
              <span class="sub email">{m.to}</span>
            </td>
            <td>
              <Badge tone={TONE[m.status]}>{t(`mail.status.${m.status}` as MessageKey)}</Badge>
              {m.last_error && <span class="sub mail-error">{m.last_error}</span>}
            </td>
            <td class="num">{i18n.num(m.attempts)}</td>
            <td class="mail-when">
              {t('mail.created')} {i18n.dateTime(m.created_at)}
              {m.sent_at && (
                <span class="sub">
                  {t('mail.sent_at')} {i18n.dateTime(m.sent_at)}
                </span>
              )}
              {m.next_attempt_at && (
                <span class="sub">
                  {t('mail.next')} {i18n.dateTime(m.next_attempt_at)}
                </span>
              )}
              {m.expires_at && m.status !== 'sent' && (
                <span class="sub">
                  {t('mail.expires')} {i18n.dateTime(m.expires_at)}
                </span>
              )}
            </td>
            <td class="actions-col mail-actions">
              {m.can_retry && (
                <RowButton label={t('mail.retry')} name={m.to} onClick={() => act(m, 'retry')} disabled={busy === m.id} />
              )}
              {m.can_discard && (
                <RowButton label={t('mail.discard')} name={m.to} onClick={() => act(m, 'discard')} danger disabled={busy === m.id} />
              )}
            </td>
          </tr>
        ))}
      </ListTable>
    </ListPage>
  );
}
