// Building blocks used across pages: page header, form fields, alerts,
// modal dialog. Kept deliberately plain (GOV.UK-like): visible labels, hints
// and errors tied to controls with aria-describedby.

import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n';
import type { Paged } from '../lib/hooks';

export function PageHeader(props: { title: string; intro?: string; actions?: ComponentChildren }) {
  return (
    <div class="page-header">
      <div>
        <h1 id="page-title" tabIndex={-1}>
          {props.title}
        </h1>
        {props.intro && <p class="lead">{props.intro}</p>}
      </div>
      {props.actions && <div class="page-actions">{props.actions}</div>}
    </div>
  );
}

export function Alert(props: { kind: 'error' | 'info' | 'success'; children: ComponentChildren; onClose?: () => void }) {
  const { t } = useI18n();
  return (
    <div class={`alert alert-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      <div class="alert-body">{props.children}</div>
      {props.onClose && (
        <button type="button" class="btn-link alert-close" onClick={props.onClose} aria-label={t('common.close')}>
          ×
        </button>
      )}
    </div>
  );
}

/** A live region that is always in the DOM, so screen readers announce changes. */
export function LiveError(props: { message: string | null | undefined; id?: string }) {
  return (
    <div id={props.id} class={props.message ? 'alert alert-error' : 'live-empty'} role="alert" aria-live="assertive">
      {props.message || ''}
    </div>
  );
}

export interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  children: (aria: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => ComponentChildren;
}

export function Field({ id, label, hint, error, required, children }: FieldProps) {
  const { t } = useI18n();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-has-error' : ''}`}>
      <label for={id}>
        {label}
        {!required && <span class="opt"> ({t('common.optional')})</span>}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children({
        id,
        ...(described ? { 'aria-describedby': described } : {}),
        ...(error ? { 'aria-invalid': 'true' as const } : {}),
      })}
    </div>
  );
}

/**
 * GOV.UK-style error summary: a list of problems linking to the fields.
 * Rendered inside an always-present live region.
 */
export function ErrorSummary(props: { message: string | null; items: Array<{ href: string; text: string }> }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.message && ref.current) ref.current.focus();
  }, [props.message]);
  if (!props.message) return <div class="live-empty" role="alert" aria-live="assertive" />;
  return (
    <div class="error-summary" role="alert" aria-live="assertive" tabIndex={-1} ref={ref}>
      <p class="error-summary-title">{props.message}</p>
      {props.items.length > 0 && (
        <ul>
          {props.items.map((it) => (
            <li key={it.href}>
              <a
                href={it.href}
                onClick={(e) => {
                  e.preventDefault();
                  document.querySelector<HTMLElement>(it.href)?.focus();
                }}
              >
                {it.text}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A <dialog> shown modal while mounted; on unmount it closes and the focus
 * goes back to what had it when it opened.
 */
export function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (d && !d.open) d.showModal();
    return () => {
      if (d?.open) d.close();
      opener?.focus?.();
    };
  }, []);
  return ref;
}

/** A modal built on <dialog>: focus is trapped by the browser, Esc closes. */
export function Modal(props: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  footer?: ComponentChildren;
  size?: 'narrow' | 'wide';
}) {
  const ref = useModalDialog();
  const { t } = useI18n();
  const onCancel = (e: Event) => {
    e.preventDefault();
    props.onClose();
  };
  return (
    <dialog ref={ref} class={`modal modal-${props.size ?? 'wide'}`} aria-labelledby="modal-title" onCancel={onCancel}>
      <div class="modal-head">
        <h2 id="modal-title">{props.title}</h2>
        <button type="button" class="btn-icon" onClick={props.onClose} aria-label={t('common.close')}>
          ×
        </button>
      </div>
      <div class="modal-body">{props.children}</div>
      {props.footer && <div class="modal-foot">{props.footer}</div>}
    </dialog>
  );
}

export function Spinner(props: { label?: string }) {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? t('app.loading')}
    </p>
  );
}

export function LoadError(props: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  return (
    <Alert kind="error">
      {i18n.t('app.load_failed')} {i18n.error(props.error)}{' '}
      {props.onRetry && (
        <button type="button" class="btn-link" onClick={props.onRetry}>
          {i18n.t('app.retry')}
        </button>
      )}
    </Alert>
  );
}

/**
 * A paged list's states before its table: the load error (with a retry), a
 * spinner while the first page loads, `empty` when there is nothing; the
 * children (the table) once there are items.
 */
export function ListStates(props: {
  list: Pick<Paged<unknown>, 'items' | 'loading' | 'error' | 'reload'>;
  empty: ComponentChildren;
  children: ComponentChildren;
}) {
  const { list } = props;
  if (list.items.length > 0) return <>{props.children}</>;
  if (list.error != null) return <LoadError error={list.error} onRetry={list.reload} />;
  if (list.loading) return <Spinner />;
  return <p class="empty">{props.empty}</p>;
}

/** A list's filter: a labelled select whose first choice, "All", is the empty value. */
export function FilterSelect(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  inline?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div class={props.inline ? 'field field-inline' : 'field'}>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t('common.all')}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A list's search filter: a labelled search box. */
export function SearchFilter(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  inline?: boolean;
}) {
  return (
    <div class={props.inline ? 'field field-inline' : 'field'}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="search"
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
    </div>
  );
}

export function Badge(props: { tone?: 'neutral' | 'green' | 'red' | 'blue' | 'amber'; children: ComponentChildren }) {
  return <span class={`badge badge-${props.tone ?? 'neutral'}`}>{props.children}</span>;
}

/** A modal form's buttons: submit (Create or Save, or label; Saving… while busy) and Cancel (or cancelLabel). */
export function FormFooter(props: {
  form: string;
  busy: boolean;
  creating: boolean;
  label?: string | undefined;
  cancelLabel?: string | undefined;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <button type="submit" form={props.form} class="btn btn-primary" disabled={props.busy}>
        {props.busy ? t('common.saving') : (props.label ?? (props.creating ? t('common.create') : t('common.save')))}
      </button>
      <button type="button" class="btn" onClick={props.onCancel}>
        {props.cancelLabel ?? t('common.cancel')}
      </button>
    </>
  );
}
