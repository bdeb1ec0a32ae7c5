// The signed-in frame: top bar (brand, language, user, sign out), the module
// navigation (collapsing to a menu button on narrow screens), and <main>.

import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, PAGE_LOCALES, type PageLocale, useI18n } from '../i18n';
import { Link, useLocation } from '../lib/router';
import { realtime, type RtStatus } from '../lib/realtime';
import { may, type Role, type Route } from '../lib/rights';
import { useSession } from '../lib/session';

export function Brand() {
  return (
    <Link href="/" class="brand">
      <svg class="brand-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
        <circle cx="12" cy="16" r="8.5" fill="none" stroke="currentColor" stroke-width="2.6" />
        <circle cx="20" cy="16" r="8.5" fill="none" stroke="#7fb2e5" stroke-width="2.6" />
      </svg>
      <span class="brand-text">
        pobratim <span class="brand-sep">/</span> <span lang="ru">Побратим</span>
      </span>
    </Link>
  );
}

/** Each language named in itself: the switch reads the same in every language. */
const LANG_NAMES: Record<PageLocale, [short: string, full: string]> = {
  ru: ['RU', 'Русский'],
  en: ['EN', 'English'],
  de: ['DE', 'Deutsch'],
  fr: ['FR', 'Français'],
  it: ['IT', 'Italiano'],
  zh: ['中文', '简体中文'],
};

/**
 * The language buttons: Russian and English in the app; with `all`, the six
 * languages of the guest pages (the room, its lobby, the public pages). Each
 * shows its short name and says its full name, in that language.
 */
export function LangSwitch(props: { onChange: (l: PageLocale) => void; all?: boolean }) {
  const { t, locale } = useI18n();
  const langs = props.all ? PAGE_LOCALES : APP_LOCALES;
  return (
    <div class={`lang-switch${props.all ? ' lang-switch-all' : ''}`} role="group" aria-label={t('lang.label')}>
      {langs.map((l) => {
        const [short, full] = LANG_NAMES[l];
        return (
          <button
            key={l}
            type="button"
            lang={l}
            aria-pressed={locale === l}
            title={full}
            onClick={() => locale !== l && props.onChange(l)}
          >
            {short}
            <span class="visually-hidden"> {full}</span>
          </button>
        );
      })}
    </div>
  );
}

const APP_LOCALES: readonly PageLocale[] = ['ru', 'en'];

interface NavItem {
  key: MessageKey;
  href?: string;
  /** Section prefix that marks the item current. */
  match?: string;
  /** Shown to whom this route of the API answers (everyone when absent). */
  route?: Route;
  /** Shown to these roles only: a page meant for them, which others reach another way. */
  only?: Role[];
  /** Shown indented under the module above. */
  sub?: boolean;
}

const MODULES: NavItem[] = [
  { key: 'nav.dashboard', href: '/', match: '/' },
  { key: 'nav.partners', href: '/partners', match: '/partners', route: 'GET /partnerships' },
  { key: 'nav.people', href: '/people', match: '/people', route: 'POST /people', sub: true },
  { key: 'nav.partner_cities', href: '/partner-cities', match: '/partner-cities', only: ['correspondent'] },
  { key: 'nav.meetings', href: '/meetings', match: '/meetings' },
  { key: 'nav.exchange', href: '/news', match: '/news' },
  { key: 'nav.search', href: '/search', match: '/search', sub: true },
  { key: 'nav.my_bulletins', href: '/exchange/mine', match: '/exchange/', route: 'POST /bulletins', sub: true },
  { key: 'nav.moderation', href: '/exchange/moderation', match: '/exchange/moderation', route: 'POST /bulletins/{id}/publish', sub: true },
  { key: 'nav.aid', href: '/aid', match: '/aid', sub: true },
  { key: 'nav.cooperation', href: '/cooperation', match: '/cooperation', route: 'GET /roadmap-items' },
  { key: 'nav.events', href: '/events', match: '/events' },
  { key: 'nav.trade', href: '/trade', match: '/trade', route: 'GET /trade' },
  { key: 'nav.shipments', href: '/shipments', match: '/shipments', route: 'GET /shipments' },
  { key: 'nav.delegations', href: '/delegations', match: '/delegations', route: 'GET /delegations' },
  { key: 'nav.practices', href: '/practices', match: '/practices' },
];

/* The administration, under a heading of its own: shown by the routes its pages open (admins). */
const ADMIN: NavItem[] = [
  { key: 'nav.users', href: '/admin/users', match: '/admin/users', route: 'GET /users' },
  { key: 'nav.organizations', href: '/admin/organizations', match: '/admin/organizations', route: 'DELETE /organizations/{id}' },
  { key: 'nav.mail', href: '/admin/mail', match: '/admin/mail', route: 'GET /mail/outbox' },
];

function NavList(props: { items: NavItem[]; path: string; role?: string }) {
  const { t } = useI18n();
  const items = props.items.filter((it) =>
    (!it.route || may(props.role, it.route)) && (!it.only || (props.role !== undefined && (it.only as string[]).includes(props.role))));
  // the longest matching prefix wins, so /exchange/moderation is not also "My bulletins"
  const best = items
    .filter((it) => it.href && (it.match === '/' ? props.path === '/' : props.path.startsWith(it.match ?? it.href)))
    .sort((a, b) => (b.match ?? '').length - (a.match ?? '').length)[0];
  return (
    <ul class="nav-list">
      {items.map((it) => {
        if (!it.href) {
          return (
            <li key={it.key}>
              <span class="nav-item nav-disabled" aria-disabled="true" title={t('nav.soon_hint')}>
                <span>{t(it.key)}</span>
                <span class="tag-soon">{t('nav.soon')}</span>
              </span>
            </li>
          );
        }
        const current = it === best || (it.key === 'nav.exchange' && /^\/(news|fact-checks)/.test(props.path));
        return (
          <li key={it.key} class={it.sub ? 'nav-sub' : undefined}>
            <Link href={it.href} class={`nav-item${current ? ' current' : ''}`} aria-current={current ? 'page' : undefined}>
              {t(it.key)}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** Who is signed in; the name opens their account page (the password is changed there). */
function UserBlock() {
  const i18n = useI18n();
  const { user } = useSession();
  const org = user.organization ? i18n.name(user.organization) : i18n.t('user.no_org');
  return (
    <div class="user-block">
      <span class="visually-hidden">{i18n.t('user.signed_in_as')} </span>
      <Link href="/account" class="user-name" title={i18n.t('user.account')}>
        {user.name}
        <span class="visually-hidden"> ({i18n.t('user.account')})</span>
      </Link>
      <span class="user-meta">
        {i18n.t(`role.${user.role}` as MessageKey)} · {org}
      </span>
    </div>
  );
}

/** Whether live updates are flowing: a dot with its meaning in words for screen readers. */
function LiveStatus() {
  const { t } = useI18n();
  const [status, setStatus] = useState<RtStatus>(realtime.status);
  useEffect(() => {
    const off = realtime.onStatus(setStatus);
    setStatus(realtime.status); /* it may have changed between render and now */
    return off;
  }, []);
  const label = status === 'live' ? t('rt.live') : t('rt.offline');
  return (
    <span class={`live-status live-${status}`} title={label} role="status" data-status={status}>
      <span class="live-dot" aria-hidden="true" />
      <span class="visually-hidden">{label}</span>
    </span>
  );
}

export function Shell(props: { children: ComponentChildren }) {
  const { t } = useI18n();
  const session = useSession();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setMenuOpen(false);
        document.getElementById('menu-button')?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const signOut = (
    <button type="button" class="btn btn-quiet signout" onClick={() => void session.signOut()}>
      {t('user.sign_out')}
    </button>
  );

  return (
    <div class="app">
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header class="topbar">
        <button
          id="menu-button"
          type="button"
          class="menu-button"
          aria-expanded={menuOpen}
          aria-controls="sidenav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
            {menuOpen ? (
              <path d="M4 4l12 12M16 4L4 16" stroke="currentColor" stroke-width="2.2" />
            ) : (
              <path d="M2 5h16M2 10h16M2 15h16" stroke="currentColor" stroke-width="2.2" />
            )}
          </svg>
          <span>{menuOpen ? t('nav.close_menu') : t('nav.menu')}</span>
        </button>
        <Brand />
        <div class="topbar-end">
          <LiveStatus />
          <LangSwitch onChange={session.setLocale} />
          <div class="topbar-user">
            <UserBlock />
            {signOut}
          </div>
        </div>
      </header>
      <div class="layout">
        <nav id="sidenav" class={`sidenav${menuOpen ? ' open' : ''}`} aria-label={t('nav.label')}>
          <NavList items={MODULES} path={path} role={session.user.role} />
          {ADMIN.some((it) => it.route && may(session.user.role, it.route)) && (
            <>
              <h2 class="nav-heading">{t('nav.admin')}</h2>
              <NavList items={ADMIN} path={path} role={session.user.role} />
            </>
          )}
          <div class="sidenav-user">
            <UserBlock />
            {signOut}
          </div>
        </nav>
        {menuOpen && <div class="nav-backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} />}
        <main id="main" tabIndex={-1}>
          {props.children}
        </main>
      </div>
    </div>
  );
}

/** The frame of the public pages (news, bulletins, search) for visitors who are not signed in. */
export function PublicShell(props: { children: ComponentChildren; onLocale: (l: PageLocale) => void }) {
  const { t } = useI18n();
  const { path } = useLocation();
  return (
    <div class="app public">
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header class="topbar">
        <Brand />
        <nav class="public-nav" aria-label={t('nav.label')}>
          <Link href="/news" class="public-link" aria-current={path.startsWith('/news') ? 'page' : undefined}>
            {t('nav.news')}
          </Link>
          <Link href="/events" class="public-link" aria-current={path.startsWith('/events') ? 'page' : undefined}>
            {t('nav.events')}
          </Link>
          <Link href="/partner-cities" class="public-link" aria-current={path === '/partner-cities' ? 'page' : undefined}>
            {t('nav.partner_cities')}
          </Link>
          <Link href="/practices" class="public-link" aria-current={path.startsWith('/practices') ? 'page' : undefined}>
            {t('nav.practices')}
          </Link>
          <Link href="/search" class="public-link" aria-current={path.startsWith('/search') ? 'page' : undefined}>
            {t('nav.search')}
          </Link>
        </nav>
        <div class="topbar-end">
          <LangSwitch onChange={props.onLocale} all />
          <Link href={`/login?next=${encodeURIComponent(path)}`} class="btn btn-quiet signin-link" title={t('public.sign_in_hint')}>
            {t('nav.sign_in')}
          </Link>
        </div>
      </header>
      <main id="main" tabIndex={-1} class="public-main">
        {props.children}
      </main>
    </div>
  );
}

/**
 * The frame of the pages one uses without the shell: signing in, a forgotten
 * password, the links of account mail. A card with the title and the intro,
 * the language switch above.
 */
export function AuthLayout(props: {
  title: string;
  intro?: string;
  onLocale: (l: PageLocale) => void;
  children: ComponentChildren;
  footer?: ComponentChildren;
}) {
  const { t } = useI18n();
  return (
    <div class="login-page">
      <header class="login-top">
        <Brand />
        <LangSwitch onChange={props.onLocale} />
      </header>
      <main id="main" class="login-main">
        <div class="login-card">
          <h1 id="page-title" tabIndex={-1}>
            {props.title}
          </h1>
          {props.intro && <p class="lead">{props.intro}</p>}
          {props.children}
        </div>
        {props.footer}
        <p class="login-tagline">{t('app.tagline')}</p>
      </main>
    </div>
  );
}
