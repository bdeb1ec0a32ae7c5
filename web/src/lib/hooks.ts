// Small hooks shared by the pages: debouncing, paged lists, document title,
// a form's write.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api';
import type { Page } from './types';

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} — pobratim` : 'pobratim';
  }, [title]);
}

export interface Paged<T> {
  items: T[];
  next: string | null;
  loading: boolean;
  error: unknown;
  loadMore: () => void;
  reload: () => void;
  setItems: (fn: (items: T[]) => T[]) => void;
}

/**
 * A cursor-paged list from GET path?query&limit&cursor. Changing the query
 * starts again from the first page; answers to superseded requests are dropped.
 */
export function usePaged<T>(path: string, query: Record<string, string>, limit = 50): Paged<T> {
  const [items, setItemsState] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const gen = useRef(0);
  const key = JSON.stringify(query);

  const fetchPage = useCallback(
    (cursor: string | null, append: boolean) => {
      const my = ++gen.current;
      setLoading(true);
      setError(null);
      api
        .get<Page<T>>(path, { ...query, limit, cursor })
        .then((page) => {
          if (my !== gen.current) return;
          setItemsState((old) => (append ? [...old, ...page.items] : page.items));
          setNext(page.next_cursor ?? null);
        })
        .catch((e: unknown) => {
          if (my !== gen.current) return;
          setError(e);
        })
        .finally(() => {
          if (my === gen.current) setLoading(false);
        });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [path, key, limit],
  );

  useEffect(() => {
    fetchPage(null, false);
  }, [fetchPage]);

  return {
    items,
    next,
    loading,
    error,
    loadMore: () => {
      if (next && !loading) fetchPage(next, true);
    },
    reload: () => fetchPage(null, false),
    setItems: (fn) => setItemsState(fn),
  };
}

export interface Submit<E> {
  /** True while a run is under way (the form's buttons are disabled). */
  busy: boolean;
  /** What the last run threw, as onError made it; null before, during and after a run that succeeded. */
  error: E | null;
  setError: (error: E | null) => void;
  /** Clears the error, sets busy, awaits fn and gives its result, or undefined once it threw; clears busy either way. */
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
}

/**
 * A form's (or a button's) write: busy while it runs, the error it threw kept
 * for the form to show. onError turns the thrown value into what is kept (a
 * message in the UI language, say) and may act on it too; null keeps none.
 */
export function useSubmit(): Submit<unknown>;
export function useSubmit<E>(onError: (err: unknown) => E | null): Submit<E>;
export function useSubmit<E>(onError?: (err: unknown) => E | null): Submit<E> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<E | null>(null);
  const run = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setError(null);
    setBusy(true);
    try {
      return await fn();
    } catch (err) {
      setError(onError ? onError(err) : (err as E));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
