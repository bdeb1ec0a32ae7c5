// A form that opens in a modal: the dialog, the <form>, its buttons, busy
// while it is sent, and what the server refused shown by field, linked from
// an error summary that takes the focus. Each form gives only its fields and
// what submitting does.

import type { ComponentChildren } from 'preact';
import { fieldMessage, useI18n } from '../i18n';
import { ApiError, fieldErrors } from '../lib/api';
import { useSubmit } from '../lib/hooks';
import { ErrorSummary, FormFooter, LiveError, Modal } from './ui';

/** A body field's control (its id, for the summary's link) and its label. */
export interface FormField {
  id: string;
  label: string;
}

/** A field's error message, if it has one (FormModal's children are given it). */
export type ErrOf = (field: string) => string | undefined;

/** A refusal the form makes itself before sending anything: its message is shown as it is. */
export class FormRefusal extends Error {}

/** A field error the form finds itself, shown as the server's would be (code: field.<code>'s message, else message). */
export function invalidField(field: string, code: string, message = ''): ApiError {
  return new ApiError({ status: 400, code: 'validation_failed', errors: [{ field, code, message }] });
}

/** A row's field ("items[2].quantity") placed at its control, prefix-2-quantity. */
export function rowPlace(prefix: string, field: string): Partial<FormField> | undefined {
  const m = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(field);
  return m ? { id: `${prefix}-${m[2]}-${m[3]}` } : undefined;
}

export function FormModal<T>(props: {
  /** The <form>'s id, which the footer's submit button names. */
  id: string;
  title: string;
  /**
   * Server field name -> its control and label, in the order the form shows
   * them: the error summary lists errors in that order, each linking to its
   * field; a field not named links to the first.
   */
  fields?: Record<string, FormField>;
  /** Where a field not in fields (a row's, "items[2].name") links, if anywhere. */
  place?: (field: string) => Partial<FormField> | undefined;
  /** Sends the form; what it gives (not undefined) goes to onDone. Throwing shows the error. */
  submit: () => Promise<T | undefined>;
  onDone?: (result: T) => void;
  onClose: () => void;
  /** The submit button says Create (else Save), unless submitLabel says otherwise. */
  creating?: boolean;
  submitLabel?: string;
  closeLabel?: string;
  size?: 'narrow' | 'wide';
  /** What the thrown error becomes (it may act on it too); null keeps none. */
  onError?: (err: unknown) => unknown;
  /** The summary's message for the error (default: the error's own message). */
  message?: (err: unknown) => string;
  /** A plain alert instead of the error summary (forms with no fields to link). */
  plainError?: boolean;
  /** Before the error summary, and after the form. */
  intro?: ComponentChildren;
  after?: ComponentChildren;
  /** The fields; errOf gives a field's error message, for its Field. */
  children: (errOf: ErrOf) => ComponentChildren;
}) {
  const i18n = useI18n();
  const { busy, error, run } = useSubmit<unknown>(props.onError ?? ((err) => err));
  const fields = props.fields ?? {};
  const names = Object.keys(fields);
  const fe = fieldErrors(error);
  const errOf = (f: string) => fieldMessage(i18n, fe[f]);
  const rank = (f: string) => (f in fields ? names.indexOf(f) : names.length);
  const summary = Object.keys(fe)
    .sort((a, b) => rank(a) - rank(b))
    .map((f) => {
      const at = fields[f] ?? props.place?.(f);
      return { href: `#${at?.id ?? fields[names[0] ?? '']?.id ?? props.id}`, text: `${at?.label ?? f}: ${errOf(f) ?? ''}` };
    });
  const message =
    error == null ? null : error instanceof FormRefusal ? error.message : props.message ? props.message(error) : i18n.error(error);

  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await run(props.submit);
    if (r !== undefined) props.onDone?.(r);
  };

  return (
    <Modal
      title={props.title}
      onClose={props.onClose}
      size={props.size}
      footer={
        <FormFooter
          form={props.id}
          busy={busy}
          creating={props.creating ?? false}
          label={props.submitLabel}
          cancelLabel={props.closeLabel}
          onCancel={props.onClose}
        />
      }
    >
      {props.intro}
      {props.plainError ? <LiveError message={message} /> : <ErrorSummary message={message} items={summary} />}
      <form id={props.id} onSubmit={submit} noValidate>
        {props.children(errOf)}
      </form>
      {props.after}
    </Modal>
  );
}
