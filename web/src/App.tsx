// The application: finds out who is signed in (GET /me), keeps the UI
// language, routes between the sign-in page and the signed-in shell.

import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  I18nContext, browserPageLocale, initialLocale, isLocale, makeI18n, rememberLocale, rememberPageLocale, storedPageLocale,
  type PageLocale,
} from './i18n';
import { ApiError, api, setCsrfToken, setUnauthorizedHandler } from './lib/api';
import { currentUrl, navigate, safeNext, useLocation } from './lib/router';
import { SessionContext, type SessionApi } from './lib/session';
import { realtime } from './lib/realtime';
import type { Locale, Session, User } from './lib/types';
import { PublicShell, Shell } from './components/Shell';
import { BulletinPage } from './pages/exchange/BulletinPage';
import { EditorPage } from './pages/exchange/EditorPage';
import { ModerationPage } from './pages/exchange/ModerationPage';
import { MyBulletinsPage } from './pages/exchange/MyBulletinsPage';
import { NewsPage } from './pages/exchange/NewsPage';
import { SearchPage } from './pages/exchange/SearchPage';
import { AidBoardPage, AidPostPage } from './pages/Aid';
import { Spinner } from './components/ui';
import { LoginPage } from './pages/Login';
import { ForgotPasswordPage, ResetPasswordPage, UnsubscribePage, VerifyEmailPage } from './pages/Recovery';
import { AdminMailPage } from './pages/AdminMail';
import { DashboardPage } from './pages/Dashboard';
import { AdminUsersPage } from './pages/AdminUsers';
import { AdminOrganizationsPage } from './pages/AdminOrganizations';
import { AccountPage } from './pages/Account';
import { ForbiddenPage, NotFoundPage } from './pages/Status';
import { MeetingsPage } from './pages/Meetings';
import { MeetingPage } from './pages/Meeting';
import { RoomPage } from './pages/Room';
import { SlotFinderPage } from './pages/SlotFinder';
import { ActionItemsPage } from './pages/ActionItems';
import { PartnersListPage } from './pages/partners/PartnersList';
import { PartnerPage } from './pages/partners/PartnerPage';
import { PartnersMapPage } from './pages/partners/PartnersMap';
import { PartnersNetworkPage } from './pages/partners/PartnersNetwork';
import { CooperationPage } from './pages/cooperation/CooperationPage';
import { RoadmapPage } from './pages/cooperation/RoadmapPage';
import { TradePage } from './pages/cooperation/TradePage';
import { EventPage, EventsPage } from './pages/cooperation/EventsPage';
import { aidRoute } from './pages/cooperation/aidRoutes';
import { may } from './lib/rights';
import { OrganizationPage } from './pages/OrganizationPage';
import { ExhibitionPage } from './pages/cooperation/Exhibition';
import { FairPage } from './pages/cooperation/Fair';
import { PracticePage, PracticesPage } from './pages/cooperation/Practices';
import { PartnerCitiesPage } from './pages/partners/PartnerCities';
import { PeoplePage, PersonPage } from './pages/People';

/** Pages anyone may open without signing in: the public event calendar, the published partner cities. */
const PUBLIC_PATH = /^\/(events(\/\d+)?|partner-cities)$/;

/** The showcase, public too: an event's exhibition and fair, the practices catalogue. */
const SHOWCASE_PATH = /^\/(events\/\d+\/(exhibition|fair)|practices(\/\d+)?)$/;

type Notice = 'expired' | 'signed_out' | null;

/** The pages of account mail, outside the shell, signed in or not: a forgotten password, mailed links. */
const RECOVERY_PATH = /^\/(forgot-password|reset-password|verify-email|unsubscribe)$/;

/** /meetings/{id}/room: the live room, full screen, outside the shell. */
function roomId(path: string): number | null {
  const m = /^\/meetings\/(\d+)\/room$/.exec(path);
  return m ? Number(m[1]) : null;
}

/* pages anyone may open without signing in: the news, search and the event calendar */
function isPublic(path: string): boolean {
  return path === '/news' || path === '/search' || /^\/(news|fact-checks)\/\d+$/.test(path) ||
    PUBLIC_PATH.test(path) || SHOWCASE_PATH.test(path);
}

/** The numeric id of /prefix/{id}, or null. */
function idOf(path: string, prefix: string): number | null {
  const m = new RegExp(`^${prefix}/(\\d+)$`).exec(path);
  return m ? Number(m[1]) : null;
}

function normalize(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path;
}

export function App() {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  // the language last chosen on a switch: the guest pages (room, lobby, public) may speak six
  const [pageChoice, setPageChoice] = useState<PageLocale | null>(storedPageLocale);
  const [user, setUser] = useState<User | null>(null);
  const [booted, setBooted] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [localeError, setLocaleError] = useState(false);
  const loc = useLocation();
  const path = normalize(loc.path);
  const room = roomId(path);
  const guest = room !== null ? loc.search.get('guest') : null;
  // the room and the public pages follow the last choice, else the account's language, else the browser's
  const pageLocale: PageLocale = pageChoice ?? (user ? locale : browserPageLocale() ?? locale);
  const guestPage = booted && !RECOVERY_PATH.test(path) && (room !== null ? Boolean(user || guest) : !user && isPublic(path));
  const i18n = makeI18n(guestPage ? pageLocale : locale);
  const userRef = useRef<User | null>(null);
  userRef.current = user;

  const applyLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    rememberLocale(l);
  }, []);

  useEffect(() => {
    document.documentElement.lang = i18n.locale;
  }, [i18n.locale]);

  // Who am I? A 401 here just means "not signed in".
  useEffect(() => {
    api
      .get<Session>('/me', undefined, { allow401: true })
      .then((s) => {
        setCsrfToken(s.csrf_token);
        setUser(s.user);
        if (s.user.locale) applyLocale(s.user.locale);
      })
      .catch(() => setUser(null))
      .finally(() => setBooted(true));
  }, [applyLocale]);

  // A 401 from any later call: the session is gone; come back here after sign-in.
  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (!userRef.current) return;
      setCsrfToken(null);
      setUser(null);
      setNotice('expired');
      const here = currentUrl();
      navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  // Live updates while signed in: an admin's change to this account shows at
  // once; a closed session (4401) ends here as it would on the next request,
  // changed rights (4403: the socket reconnects by itself) show in the menus.
  const userId = user?.id;
  useEffect(() => {
    if (!userId) return;
    const reload = () => {
      api
        .get<Session>('/me')
        .then((s) => {
          setCsrfToken(s.csrf_token);
          setUser(s.user);
          if (s.user.locale) applyLocale(s.user.locale);
        })
        .catch(() => {
          /* a 401 goes through the unauthorized handler */
        });
    };
    const release = realtime.hold();
    const off = realtime.subscribe(`user:${userId}`, (e) => e.event === 'account.updated' && reload(), reload);
    const offClose = realtime.onClose((code) => (code === 4401 || code === 4403) && reload());
    return () => {
      off();
      offClose();
      release();
    };
  }, [userId, applyLocale]);

  // Route guards.
  useEffect(() => {
    if (!booted) return;
    if (user && path === '/login') {
      navigate(safeNext(loc.search.get('next')), { replace: true });
    } else if (!user && path !== '/login' && !isPublic(path) && !guest && !RECOVERY_PATH.test(path)) {
      navigate(`/login?next=${encodeURIComponent(currentUrl())}`, { replace: true });
    }
  }, [booted, user, path, loc.search, guest]);

  // Move focus to the page heading after client-side navigation.
  const firstRoute = useRef(true);
  useEffect(() => {
    if (!booted) return;
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    const h = document.getElementById('page-title');
    if (h) h.focus({ preventScroll: true });
  }, [path, booted]);

  /** A language chosen on a switch: remembered; ru or en is also the app's, and saved to the account when signed in. */
  const chooseLocale = useCallback(
    (l: PageLocale) => {
      // signed in, Russian or English is the account's language: kept there, not here
      const kept = isLocale(l) && userRef.current ? null : l;
      setPageChoice(kept);
      rememberPageLocale(kept);
      if (!isLocale(l)) return;
      applyLocale(l);
      if (!userRef.current) return;
      setLocaleError(false);
      api
        .patch<{ user: User }>('/me', { locale: l })
        .then((r) => r?.user && setUser(r.user))
        .catch((e: unknown) => {
          if (!(e instanceof ApiError && e.status === 401)) setLocaleError(true);
        });
    },
    [applyLocale],
  );

  const onSignedIn = useCallback(
    (s: Session) => {
      setCsrfToken(s.csrf_token);
      setNotice(null);
      // signing in: the account's language from now on
      setPageChoice(null);
      rememberPageLocale(null);
      if (s.user.locale) applyLocale(s.user.locale);
      setUser(s.user);
    },
    [applyLocale],
  );

  const session: SessionApi | null = useMemo(() => {
    if (!user) return null;
    return {
      user,
      setLocale: chooseLocale,
      signOut: async () => {
        try {
          await api.del('/session', { allow401: true });
        } catch {
          /* the session is dropped locally either way */
        }
        setCsrfToken(null);
        setUser(null);
        setNotice('signed_out');
        navigate('/login', { replace: true });
      },
      updateUser: (u: User) => setUser(u),
    };
  }, [user, chooseLocale]);

  let body;
  if (!booted) {
    body = (
      <div class="boot">
        <Spinner />
      </div>
    );
  } else if (RECOVERY_PATH.test(path)) {
    // these pages also take the language of a mail's link: shown, not saved to the account
    const shown = (l: PageLocale) => isLocale(l) && applyLocale(l);
    if (path === '/forgot-password') body = <ForgotPasswordPage onLocale={shown} />;
    else if (path === '/reset-password') body = <ResetPasswordPage onLocale={shown} />;
    else if (path === '/unsubscribe') body = <UnsubscribePage onLocale={shown} />;
    else body = <VerifyEmailPage onLocale={shown} signedIn={user !== null} />;
  } else if (room !== null && (session || guest)) {
    // a guest link works signed in too: it names the guest, not the account
    body = (
      <SessionContext.Provider value={session}>
        <RoomPage key={`${room}:${guest ?? ''}`} id={room} guest={guest} onLocale={chooseLocale} />
      </SessionContext.Provider>
    );
  } else if ((!user || !session) && isPublic(path)) {
    body = (
      <PublicShell onLocale={chooseLocale}>
        <Route path={path} user={null} />
      </PublicShell>
    );
  } else if (!user || !session) {
    body = path === '/login' ? <LoginPage notice={notice} onSignedIn={onSignedIn} onLocale={chooseLocale} /> : null;
  } else if (path === '/login') {
    body = null;
  } else {
    body = (
      <SessionContext.Provider value={session}>
        <Shell>
          {localeError && (
            <div class="alert alert-error" role="alert">
              {i18n.t('lang.save_failed')}
            </div>
          )}
          <Route path={path} user={user} />
        </Shell>
      </SessionContext.Provider>
    );
  }

  return <I18nContext.Provider value={i18n}>{body}</I18nContext.Provider>;
}

function Route({ path, user }: { path: string; user: User | null }) {
  const role = user?.role;
  /* each page for those whom the API it reads or writes answers */
  const reader = may(role, 'GET /partnerships');
  const writer = may(role, 'POST /bulletins');
  const news = idOf(path, '/news') ?? idOf(path, '/fact-checks');
  if (news !== null) return <BulletinPage key={news} id={news} />;
  const edit = idOf(path, '/exchange/edit');
  if (edit !== null) return writer ? <EditorPage key={edit} id={edit} /> : <ForbiddenPage />;
  const aid = idOf(path, '/aid');
  if (aid !== null && user) return <AidPostPage key={aid} id={aid} />;
  const ev = idOf(path, '/events');
  if (ev !== null) return <EventPage id={ev} user={user} />;
  const showcase = /^\/events\/(\d+)\/(exhibition|fair)$/.exec(path);
  if (showcase && showcase[2] === 'fair') return <FairPage id={Number(showcase[1])} user={user} />;
  if (showcase) return <ExhibitionPage id={Number(showcase[1])} user={user} />;
  const practice = idOf(path, '/practices');
  if (practice !== null) return <PracticePage id={practice} user={user} />;
  if (path === '/practices') return <PracticesPage user={user} />;
  if (!user) {
    if (path === '/search') return <SearchPage />;
    if (path === '/events') return <EventsPage user={null} />;
    if (path === '/partner-cities') return <PartnerCitiesPage />;
    return <NewsPage />;
  }
  const roadmap = idOf(path, '/roadmaps');
  if (roadmap !== null) return may(role, 'GET /agreements/{id}/roadmap') ? <RoadmapPage id={roadmap} /> : <ForbiddenPage />;
  const partner = idOf(path, '/partners');
  if (partner !== null) return reader ? <PartnerPage id={partner} /> : <ForbiddenPage />;
  const aidPage = aidRoute(path, may(role, 'GET /shipments') && may(role, 'GET /delegations'));
  if (aidPage) return aidPage;
  const person = idOf(path, '/people');
  if (person !== null) return may(role, 'GET /people/{id}') ? <PersonPage key={person} id={person} staff={may(role, 'PATCH /people/{id}')} /> : <ForbiddenPage />;
  const org = idOf(path, '/organizations');
  if (org !== null) return <OrganizationPage key={org} id={org} />;
  switch (path) {
    case '/partners':
      return reader ? <PartnersListPage /> : <ForbiddenPage />;
    case '/people':
      return may(role, 'POST /people') ? <PeoplePage /> : <ForbiddenPage />;
    case '/partners/map':
      return may(role, 'GET /network') ? <PartnersMapPage /> : <ForbiddenPage />;
    case '/partners/network':
      return may(role, 'GET /network') ? <PartnersNetworkPage /> : <ForbiddenPage />;
    case '/partner-cities':
      return <PartnerCitiesPage />;
    case '/news':
      return <NewsPage />;
    case '/search':
      return <SearchPage />;
    case '/exchange/write':
      return writer ? <EditorPage key="new" /> : <ForbiddenPage />;
    case '/exchange/mine':
      return writer ? <MyBulletinsPage /> : <ForbiddenPage />;
    case '/exchange/moderation':
      return may(role, 'POST /bulletins/{id}/publish') ? <ModerationPage /> : <ForbiddenPage />;
    case '/aid':
      return <AidBoardPage />;
    case '/':
      return <DashboardPage />;
    case '/cooperation':
      return may(role, 'GET /roadmap-items') ? <CooperationPage /> : <ForbiddenPage />;
    case '/trade':
      return may(role, 'GET /trade') ? <TradePage /> : <ForbiddenPage />;
    case '/events':
      return <EventsPage user={user} />;
    case '/admin':
    case '/admin/users':
      return may(role, 'GET /users') ? <AdminUsersPage /> : <ForbiddenPage />;
    case '/admin/organizations':
      return may(role, 'DELETE /organizations/{id}') ? <AdminOrganizationsPage /> : <ForbiddenPage />;
    case '/admin/mail':
      return may(role, 'GET /mail/outbox') ? <AdminMailPage /> : <ForbiddenPage />;
    case '/account':
      return <AccountPage />;
    case '/meetings':
      return <MeetingsPage />;
    case '/meetings/new':
      return <SlotFinderPage />;
    case '/meetings/actions':
      return <ActionItemsPage />;
    default: {
      const ev = /^\/events\/(\d+)$/.exec(path);
      if (ev) return <EventPage id={Number(ev[1])} user={user} />;
      const m = /^\/meetings\/(\d+)$/.exec(path);
      if (m) return <MeetingPage id={Number(m[1])} />;
      return <NotFoundPage path={path} signedIn />;
    }
  }
}
