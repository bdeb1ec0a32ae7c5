// One field per value: a list of inputs, each holding one address or link,
// with a button to add a row and one to remove each, instead of several
// values typed into one box with commas or line breaks. Enter in a row adds
// the next one (and does not submit the form); the list always shows at least
// one row. Used by the fact-check editor's sources and the slot finder's
// guests.
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n';

export interface ValueListProps {
  /** the first row's id, from the enclosing Field (its label points there) */
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
  values: string[];
  onChange: (values: string[]) => void;
  type: 'email' | 'url';
  /** a row's accessible name after the first (which the Field's label names): "Source 2" */
  rowLabel: (n: number) => string;
  /** the add button's text */
  addLabel: string;
}

/** The values a list holds, trimmed, without empty rows or repeats. */
export function listValues(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

export function ValueList(props: ValueListProps) {
  const { t } = useI18n();
  const rows = props.values.length > 0 ? props.values : [''];
  const focusRow = useRef<number | null>(null);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (focusRow.current === null) return;
    list.current?.querySelectorAll('input')[focusRow.current]?.focus();
    focusRow.current = null;
  });
  const put = (i: number, v: string) => props.onChange(rows.map((x, j) => (j === i ? v : x)));
  const add = () => {
    focusRow.current = rows.length;
    props.onChange([...rows, '']);
  };
  const remove = (i: number) => {
    focusRow.current = Math.max(0, i - 1);
    props.onChange(rows.filter((_, j) => j !== i));
  };
  return (
    <div class="value-list">
      <ul ref={list}>
        {rows.map((v, i) => (
          <li key={i}>
            <input
              id={i === 0 ? props.id : `${props.id}-${i + 1}`}
              {...(props.type === 'email' ? { type: 'email' as const, autocomplete: 'email' } : { type: 'url' as const })}
              value={v}
              aria-label={i === 0 ? undefined : props.rowLabel(i + 1)}
              aria-describedby={props['aria-describedby']}
              aria-invalid={props['aria-invalid']}
              onInput={(e) => put(i, e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                e.preventDefault();
                if (v.trim()) add();
              }}
            />
            {(rows.length > 1 || v) && (
              <button type="button" class="btn btn-small btn-quiet" onClick={() => remove(i)}
                aria-label={t('vl.remove', { what: v.trim() || props.rowLabel(i + 1) })}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      <button type="button" class="btn btn-small" onClick={add}>{props.addLabel}</button>
    </div>
  );
}
