// An event's online photo exhibition: a grid of thumbnails and a lightbox
// that is driven by the keyboard (← → Home End, Esc closes, focus stays in it
// and goes back to the thumbnail). Staff and the partners of the event's
// cities upload photos, caption them in both languages, reorder and remove.

import { useEffect, useRef, useState } from 'preact/hooks';
import { type I18n, useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import type { CityEventDetail } from '../../lib/events';
import { useSubmit, useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { type Fair, type Photo, type PhotoList, showcaseError, uploadPicture } from '../../lib/showcase';
import type { User } from '../../lib/types';
import { Alert, LoadError, PageHeader, Spinner, useModalDialog } from '../../components/ui';
import { NotFoundPage } from '../Status';

const IMAGE_TYPES = 'image/png,image/jpeg,image/webp';

function caption(i18n: I18n, p: Photo, n: number): string {
  return i18n.pick(p.caption_ru, p.caption_en) || i18n.t('sc.photo_n', { n });
}

/** The event's title and a way back to it; shared by the exhibition and the fair. */
export function useEventHead(id: number): { event: CityEventDetail | null; error: unknown } {
  const [event, setEvent] = useState<CityEventDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<CityEventDetail>(`/events/${id}`).then(setEvent).catch(setError);
  }, [id]);
  return { event, error };
}

export function EventBack({ event }: { event: CityEventDetail }) {
  const i18n = useI18n();
  return (
    <p class="breadcrumb">
      <Link href={`/events/${event.id}`}>← {i18n.pick(event.title_ru, event.title_en)}</Link>
    </p>
  );
}

/* Tab and Shift+Tab go round the dialog's buttons, never out to the page or the browser. */
function trapTab(e: KeyboardEvent, d: HTMLDialogElement | null) {
  const items = d ? [...d.querySelectorAll<HTMLElement>('button:not([disabled])')] : [];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  const at = items.indexOf(document.activeElement as HTMLElement);
  if (e.shiftKey && at <= 0) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (at === -1 || at === items.length - 1)) {
    e.preventDefault();
    first.focus();
  }
}

export function Lightbox(props: { photos: Photo[]; index: number; onIndex: (i: number) => void; onClose: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ref = useModalDialog();
  const { photos, index } = props;
  const p = photos[index];
  const go = (i: number) => props.onIndex((i + photos.length) % photos.length);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Tab') {
      trapTab(e, ref.current);
      return;
    }
    const to = new Map([['ArrowLeft', index - 1], ['ArrowRight', index + 1], ['Home', 0], ['End', photos.length - 1]]).get(e.key);
    if (to !== undefined) {
      e.preventDefault();
      go(to);
    }
  };
  const onCancel = (e: Event) => {
    e.preventDefault();
    props.onClose();
  };
  if (!p) return null;
  const text = caption(i18n, p, index + 1);
  return (
    <dialog ref={ref} class="lightbox" aria-labelledby="lightbox-caption" onKeyDown={onKey} onCancel={onCancel}>
      <figure class="lightbox-figure">
        <img src={p.image_url} alt={text} width={p.width} height={p.height} />
        <figcaption id="lightbox-caption">
          <span>{text}</span>
          <span class="lightbox-count" aria-live="polite">
            {t('sc.n_of', { n: index + 1, total: photos.length })}
          </span>
        </figcaption>
      </figure>
      <div class="lightbox-bar">
        <button type="button" class="btn" onClick={() => go(index - 1)} aria-label={t('sc.prev')}>
          ← <span class="hide-narrow">{t('sc.prev')}</span>
        </button>
        <button type="button" class="btn" onClick={() => go(index + 1)} aria-label={t('sc.next')}>
          <span class="hide-narrow">{t('sc.next')}</span> →
        </button>
        <button type="button" class="btn btn-quiet lightbox-close" onClick={props.onClose} autoFocus>
          {t('common.close')}
        </button>
      </div>
      <p class="lightbox-hint">{t('sc.keys_hint')}</p>
    </dialog>
  );
}

function UploadForm({ eventId, onAdded }: { eventId: number; onAdded: (p: Photo) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [file, setFile] = useState<File | null>(null);
  const [ru, setRu] = useState('');
  const [en, setEn] = useState('');
  const { busy, error, setError, run } = useSubmit((err) => showcaseError(i18n, err));
  const input = useRef<HTMLInputElement>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    await run(async () => {
      let p = await uploadPicture<Photo>('POST', `/events/${eventId}/photos`, file);
      if (ru.trim() || en.trim())
        p = await api.patch<Photo>(`/event-photos/${p.id}`, { caption_ru: ru.trim() || null, caption_en: en.trim() || null });
      onAdded(p);
      setFile(null);
      setRu('');
      setEn('');
      if (input.current) input.current.value = '';
    });
  };
  return (
    <form class="card sc-upload" onSubmit={submit} aria-labelledby="sc-upload-title">
      <h2 id="sc-upload-title" class="card-title">
        {t('sc.add_photo')}
      </h2>
      {error && (
        <Alert kind="error" onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      <div class="field">
        <label for="sc-file">{t('sc.file')}</label>
        <input
          id="sc-file"
          ref={input}
          type="file"
          accept={IMAGE_TYPES}
          aria-describedby="sc-file-hint"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        <p id="sc-file-hint" class="hint">
          {t('sc.file_hint')}
        </p>
      </div>
      <div class="grid-2">
        <div class="field">
          <label for="sc-cap-ru">{t('sc.caption_ru')}</label>
          <input id="sc-cap-ru" lang="ru" value={ru} maxLength={500} onInput={(e) => setRu(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="sc-cap-en">{t('sc.caption_en')}</label>
          <input id="sc-cap-en" lang="en" value={en} maxLength={500} onInput={(e) => setEn(e.currentTarget.value)} />
        </div>
      </div>
      <button type="submit" class="btn btn-primary" disabled={!file || busy}>
        {busy ? t('sc.uploading') : t('sc.upload')}
      </button>
    </form>
  );
}

/** Caption fields, move and remove for one photo (editors only). */
function PhotoTools(props: { photo: Photo; n: number; last: boolean; onChange: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { photo: p } = props;
  const [ru, setRu] = useState(p.caption_ru ?? '');
  const [en, setEn] = useState(p.caption_en ?? '');
  const { error, run } = useSubmit((err) => showcaseError(i18n, err));
  const patch = (body: Record<string, unknown>) =>
    run(async () => {
      await api.patch<Photo>(`/event-photos/${p.id}`, body);
      props.onChange();
    });
  const label = caption(i18n, p, props.n);
  return (
    <div class="sc-tools">
      {error && <p class="field-error">{error}</p>}
      <label class="visually-hidden" for={`cap-ru-${p.id}`}>
        {t('sc.caption_ru')}
      </label>
      <input id={`cap-ru-${p.id}`} lang="ru" value={ru} placeholder={t('sc.caption_ru')} onInput={(e) => setRu(e.currentTarget.value)} />
      <label class="visually-hidden" for={`cap-en-${p.id}`}>
        {t('sc.caption_en')}
      </label>
      <input id={`cap-en-${p.id}`} lang="en" value={en} placeholder={t('sc.caption_en')} onInput={(e) => setEn(e.currentTarget.value)} />
      <div class="sc-tool-buttons">
        <button type="button" class="btn btn-small" onClick={() => void patch({ caption_ru: ru.trim() || null, caption_en: en.trim() || null })}>
          {t('sc.save_caption')}
        </button>
        <button type="button" class="btn btn-small" disabled={p.position <= 1} aria-label={t('sc.move_earlier', { name: label })}
          onClick={() => void patch({ position: p.position - 1 })}>
          ←
        </button>
        <button type="button" class="btn btn-small" disabled={props.last} aria-label={t('sc.move_later', { name: label })}
          onClick={() => void patch({ position: p.position + 1 })}>
          →
        </button>
        <button
          type="button"
          class="btn btn-small btn-danger"
          onClick={() =>
            window.confirm(t('sc.remove_confirm')) &&
            void run(async () => {
              await api.del(`/event-photos/${p.id}`);
              props.onChange();
            })
          }
        >
          {t('sc.remove')}
        </button>
      </div>
    </div>
  );
}

export function ExhibitionPage({ id, user }: { id: number; user: User | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const head = useEventHead(id);
  const [list, setList] = useState<PhotoList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<number | null>(null);
  const reload = () => api.get<PhotoList>(`/events/${id}/photos`).then(setList).catch(setError);
  useEffect(() => {
    void reload();
  }, [id, user?.id]);
  useTitle(head.event ? `${t('sc.exhibition')}: ${i18n.pick(head.event.title_ru, head.event.title_en)}` : t('sc.exhibition'));
  const err = error ?? head.error;
  if (err instanceof ApiError && err.status === 404) return <NotFoundPage path={`/events/${id}/exhibition`} signedIn={!!user} />;
  if (err != null) return <LoadError error={err} />;
  if (!list || !head.event) return <Spinner />;
  const photos = list.items;
  return (
    <>
      <EventBack event={head.event} />
      <PageHeader title={t('sc.exhibition')} intro={i18n.pick(head.event.title_ru, head.event.title_en)} />
      {photos.length === 0 && <p class="muted">{t('sc.no_photos')}</p>}
      <ul class="sc-grid" aria-label={t('sc.exhibition')}>
        {photos.map((p, i) => (
          <li key={p.id} class="sc-cell">
            <button type="button" class="sc-thumb" onClick={() => setOpen(i)} aria-label={t('sc.open_photo', { name: caption(i18n, p, i + 1) })}>
              <img src={p.thumb_url} alt={caption(i18n, p, i + 1)} loading="lazy" />
            </button>
            <p class="sc-caption">{i18n.pick(p.caption_ru, p.caption_en)}</p>
            {list.can_edit && (
              <PhotoTools
                key={`${p.id}-${p.position}`}
                photo={p}
                n={i + 1}
                last={i === photos.length - 1}
                onChange={() => void reload()}
              />
            )}
          </li>
        ))}
      </ul>
      {list.can_edit && <UploadForm eventId={id} onAdded={() => void reload()} />}
      {open !== null && photos[open] && <Lightbox photos={photos} index={open} onIndex={setOpen} onClose={() => setOpen(null)} />}
    </>
  );
}

/** Links from an event's page to its exhibition and fair, when they have something or the caller may add. */
export function ShowcaseLinks({ eventId }: { eventId: number }) {
  const { t } = useI18n();
  const [photos, setPhotos] = useState<PhotoList | null>(null);
  const [fair, setFair] = useState<Fair | null>(null);
  useEffect(() => {
    api.get<PhotoList>(`/events/${eventId}/photos`).then(setPhotos).catch(() => setPhotos(null));
    api.get<Fair>(`/events/${eventId}/fair`).then(setFair).catch(() => setFair(null));
  }, [eventId]);
  const showPhotos = photos && (photos.items.length > 0 || photos.can_edit);
  const showFair = fair && (fair.exhibitors.length > 0 || fair.can_edit);
  if (!showPhotos && !showFair) return null;
  return (
    <p class="sc-links">
      {showPhotos && (
        <Link href={`/events/${eventId}/exhibition`} class="btn">
          {t('sc.exhibition')} ({photos.items.length})
        </Link>
      )}
      {showFair && (
        <Link href={`/events/${eventId}/fair`} class="btn">
          {t('sc.fair')} ({fair.exhibitors.length})
        </Link>
      )}
    </p>
  );
}
