// An accessible autocomplete (WAI-ARIA combobox with a listbox popup) over a
// server search. Used to choose a city (GET /cities?q=) and an organization
// (GET /organizations?q=). The chosen item is held by the parent; typing
// clears the choice until an option is picked again.

import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n';

export interface ComboboxProps<T> {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  value: T | null;
  onChange: (v: T | null) => void;
  search: (q: string, signal: AbortSignal) => Promise<T[]>;
  keyOf: (v: T) => number;
  /** Text shown in the input once an item is chosen. */
  format: (v: T) => string;
  renderOption: (v: T) => ComponentChildren;
  emptyText: string;
  clearLabel: string;
}

export function Combobox<T>(p: ComboboxProps<T>) {
  const i18n = useI18n();
  const [text, setText] = useState(p.value ? p.format(p.value) : '');
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<T[]>([]);
  const [active, setActive] = useState(-1);
  const [busy, setBusy] = useState(false);
  const [searched, setSearched] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const ctrl = useRef<AbortController | null>(null);
  const listId = `${p.id}-list`;

  // Keep the text in step with a choice made elsewhere (or a language change).
  useEffect(() => {
    if (p.value) setText(p.format(p.value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.value, i18n.locale]);

  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      ctrl.current?.abort();
    },
    [],
  );

  const runSearch = (q: string) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      ctrl.current?.abort();
      const c = new AbortController();
      ctrl.current = c;
      setBusy(true);
      p.search(q.trim(), c.signal)
        .then((items) => {
          if (c.signal.aborted) return;
          setOptions(items);
          setActive(items.length ? 0 : -1);
          setSearched(true);
          setOpen(true);
        })
        .catch(() => {
          if (!c.signal.aborted) {
            setOptions([]);
            setSearched(true);
          }
        })
        .finally(() => {
          if (!c.signal.aborted) setBusy(false);
        });
    }, 200);
  };

  const choose = (item: T) => {
    p.onChange(item);
    setText(p.format(item));
    setOpen(false);
    setActive(-1);
  };

  const onInput = (v: string) => {
    setText(v);
    if (p.value) p.onChange(null);
    if (v.trim()) runSearch(v);
    else {
      setOpen(false);
      setOptions([]);
      setSearched(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) {
        runSearch(text);
        return;
      }
      setActive((a) => Math.min(options.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && options[active]) {
        e.preventDefault();
        choose(options[active] as T);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
      }
    }
  };

  const described = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : '', `${p.id}-status`]
    .filter(Boolean)
    .join(' ');
  const status = busy
    ? i18n.t('city.searching')
    : open && searched && options.length === 0
      ? p.emptyText
      : '';

  return (
    <div class={`field combobox${p.error ? ' field-has-error' : ''}`}>
      <label for={p.id}>
        {p.label}
        {!p.required && <span class="opt"> ({i18n.t('common.optional')})</span>}
      </label>
      {p.hint && (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="field-error" id={`${p.id}-error`}>
          {p.error}
        </p>
      )}
      <div class="combobox-wrap">
        <input
          id={p.id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellcheck={false}
          aria-autocomplete="list"
          aria-expanded={open && options.length > 0}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? `${p.id}-opt-${active}` : undefined}
          aria-describedby={described}
          aria-invalid={p.error ? 'true' : undefined}
          value={text}
          onInput={(e) => onInput(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onBlur={() => window.setTimeout(() => setOpen(false), 120)}
        />
        {(text || p.value) && (
          <button
            type="button"
            class="combobox-clear"
            aria-label={p.clearLabel}
            onClick={() => {
              onInput('');
              document.getElementById(p.id)?.focus();
            }}
          >
            ×
          </button>
        )}
        <ul id={listId} role="listbox" class="combobox-list" hidden={!open || options.length === 0} aria-label={p.label}>
          {options.map((o, i) => (
            <li
              key={p.keyOf(o)}
              id={`${p.id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
              onMouseMove={() => setActive(i)}
            >
              {p.renderOption(o)}
            </li>
          ))}
        </ul>
      </div>
      <p id={`${p.id}-status`} class="combobox-status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
