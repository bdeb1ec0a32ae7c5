// "In their own words": the direct speech the sources report, on the page of
// the meeting or the event it was said at (GET /meetings/{id}/quotes or
// /events/{id}/quotes), each with the speaker, their post, the day when the
// source gives it, and a link to the source. Nothing is shown without quotes.

import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { api } from '../lib/api';
import { safeHref } from '../lib/url';

export interface Quote {
  id: number;
  speaker_ru: string;
  speaker_en: string;
  post_ru: string | null;
  post_en: string | null;
  text_ru: string;
  text_en: string;
  said_on: string | null;
  source_url: string | null;
}

export function Quotes({ path, card = false }: { path: string; card?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<Quote[]>([]);
  useEffect(() => {
    let live = true;
    api
      .get<{ items: Quote[] }>(path)
      .then((x) => live && setItems(x.items))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [path]);
  if (items.length === 0) return null;
  return (
    <section class={card ? 'card quotes' : 'section quotes'} aria-labelledby="quotes-title">
      <h2 id="quotes-title" class={card ? 'card-title' : undefined}>
        {t('quotes.title')}
      </h2>
      {items.map((q) => {
        const source = safeHref(q.source_url);
        const post = i18n.pick(q.post_ru, q.post_en);
        return (
          <figure class="quote" key={q.id}>
            <blockquote lang={i18n.appLocale}>{i18n.pick(q.text_ru, q.text_en)}</blockquote>
            <figcaption>
              <strong>{i18n.pick(q.speaker_ru, q.speaker_en)}</strong>
              {post && `, ${post}`}
              {q.said_on && ` · ${i18n.date(q.said_on)}`}
              {source && (
                <>
                  {' · '}
                  <a href={source} rel="noopener noreferrer" target="_blank">
                    {t('quotes.source')}
                  </a>
                </>
              )}
            </figcaption>
          </figure>
        );
      })}
    </section>
  );
}
