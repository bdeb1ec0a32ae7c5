// Pieces shared by the lists: the page of a paged list, its "load more"
// footer, and the delete confirmation dialog.

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { ApiError } from '../lib/api';
import type { Paged } from '../lib/hooks';
import { Alert, ListStates, LiveError, Modal, PageHeader } from './ui';

/**
 * A paged list's page: the header with its actions, what stands above the
 * list (tabs, a notice, figures), the filters, the list's states (the load
 * error with a retry, the first page loading, `empty`) and its items, the
 * footer that loads more; `after` (the list's dialogs) last.
 */
export function ListPage<T>(props: {
  title: string;
  intro?: string | undefined;
  actions?: ComponentChildren;
  /** What was just done (success, unless said), in a live region; onNoticeClose dismisses it. */
  notice?: string | { kind: 'success' | 'error'; text: string } | null;
  onNoticeClose?: () => void;
  before?: ComponentChildren;
  /** The filters' controls: a search form, or a group labelled filtersLabel when each acts at once. */
  filters?: ComponentChildren;
  filtersLabel?: string;
  filtersClass?: string;
  list: Paged<T>;
  empty: ComponentChildren;
  /** The items, shown once there are some. */
  children: ComponentChildren;
  after?: ComponentChildren;
}) {
  const cls = props.filtersClass ? `filters ${props.filtersClass}` : 'filters';
  const notice = typeof props.notice === 'string' ? { kind: 'success' as const, text: props.notice } : props.notice;
  return (
    <>
      <PageHeader title={props.title} intro={props.intro} actions={props.actions} />
      {props.notice !== undefined && (
        <div aria-live="polite">
          {notice && (
            <Alert kind={notice.kind} onClose={props.onNoticeClose}>
              {notice.text}
            </Alert>
          )}
        </div>
      )}
      {props.before}
      {props.filters &&
        (props.filtersLabel ? (
          <div class={cls} role="group" aria-label={props.filtersLabel}>
            {props.filters}
          </div>
        ) : (
          <form class={cls} role="search" onSubmit={(e) => e.preventDefault()}>
            {props.filters}
          </form>
        ))}
      <ListStates list={props.list} empty={props.empty}>
        {props.children}
      </ListStates>
      <ListFooter list={props.list} />
      {props.after}
    </>
  );
}

/**
 * A list's table in a region named by the page's title, which scrolls on
 * its own on a narrow screen; `columns` are the header's cells, an unnamed
 * actions column last when `actions`.
 */
export function ListTable(props: { id: string; columns: ComponentChildren; actions?: boolean; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <div class="table-wrap" role="region" aria-labelledby="page-title" tabIndex={0}>
      <table class="table" id={props.id}>
        <thead>
          <tr>
            {props.columns}
            {props.actions && (
              <th scope="col" class="actions-col">
                <span class="visually-hidden">{t('common.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** A row's button: its action, and for screen readers the row it acts on ("Edit: Anna Petrova"). */
export function RowButton(props: { label: string; name: string; onClick: () => void; danger?: boolean; disabled?: boolean }) {
  return (
    <button type="button" class={props.danger ? 'btn btn-small btn-danger-quiet' : 'btn btn-small'} disabled={props.disabled} onClick={props.onClick}>
      {props.label}
      <span class="visually-hidden">: {props.name}</span>
    </button>
  );
}

export function ListFooter<T>({ list }: { list: Paged<T> }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (list.items.length === 0) return null;
  return (
    <div class="list-footer">
      <span class="muted" aria-live="polite">
        {t('common.shown', { n: list.items.length })}
      </span>
      {list.next && (
        <button type="button" class="btn" onClick={list.loadMore} disabled={list.loading}>
          {list.loading ? t('common.loading_more') : t('common.load_more')}
        </button>
      )}
      {list.error != null && list.items.length > 0 && <span class="text-error">{i18n.error(list.error)}</span>}
    </div>
  );
}

export function ConfirmDelete(props: {
  title: string;
  text: string;
  run: () => Promise<unknown>;
  /** Message for a 409 conflict, instead of the generic one. */
  conflictText?: string | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.run();
      props.onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') {
        setError(props.conflictText ?? e.problem.detail ?? t('err.conflict'));
      } else {
        setError(i18n.error(e));
      }
      setBusy(false);
    }
  };
  return (
    <Modal
      title={props.title}
      size="narrow"
      onClose={props.onClose}
      footer={
        <>
          <button type="button" class="btn btn-danger" onClick={go} disabled={busy}>
            {t('common.delete')}
          </button>
          <button type="button" class="btn" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <p>{props.text}</p>
      <LiveError message={error} />
    </Modal>
  );
}
