// The pages of account mail, used signed out: asking for a password reset
// link (the answer is the same whether or not an account has the address),
// setting a new password with the link, and confirming an address. A
// link's token comes in the fragment (#token=…), which no server and no
// Referer ever sees; the page takes it and drops it from the address bar.
// Leaving the digest: one click on the page a digest links to.

import { useEffect, useRef, useState } from 'preact/hooks';
import { fieldMessage, type I18n, useI18n } from '../i18n';
import { ApiError, api, fieldErrors } from '../lib/api';
import { useSubmit, useTitle } from '../lib/hooks';
import { Link, useLocation } from '../lib/router';
import { isLocale, type PageLocale } from '../i18n';
import { Alert, ErrorSummary, Field, Spinner } from '../components/ui';
import { AuthLayout } from '../components/Shell';

type Props = { onLocale: (l: PageLocale) => void };

/** The token (and the mail's language) of a mailed link, read once; the address bar keeps neither. */
function useLinkToken(onLocale: (l: PageLocale) => void): string | null {
  const [link] = useState(() => new URLSearchParams(window.location.hash.slice(1)));
  useEffect(() => {
    const lang = link.get('lang');
    if (isLocale(lang)) onLocale(lang);
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return link.get('token');
}

/** What a refused link means, in words, or null when the refusal is of another kind. */
function linkProblem(i18n: I18n, err: unknown): string | null {
  if (!(err instanceof ApiError)) return null;
  switch (err.code) {
    case 'invalid_token':
      return i18n.t('link.invalid');
    case 'token_used':
      return i18n.t('link.used');
    case 'token_expired':
      return i18n.t('link.expired');
    default:
      return null;
  }
}

function BackToSignIn() {
  const { t } = useI18n();
  return (
    <p class="login-help">
      {/* a full load: whoever was signed in here is not any more */}
      <a href="/login">{t('recover.to_sign_in')}</a>
    </p>
  );
}

export function ForgotPasswordPage(props: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t('forgot.title'));
  const loc = useLocation();
  const [email, setEmail] = useState(loc.search.get('email') ?? '');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { busy, error, setError, run } = useSubmit();
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const address = email.trim();
    if (!address) {
      setError(new ApiError({ status: 400, code: 'validation_failed', errors: [{ field: 'email', code: 'required', message: '' }] }));
      return;
    }
    const ok = await run(async () => {
      await api.post('/password-reset', { email: address });
      return true;
    });
    if (ok) setSentTo(address);
  };

  let message: string | null = null;
  if (error instanceof ApiError && error.code === 'too_many_attempts') {
    const min = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
    message = t('forgot.too_many', { min });
  } else if (error) message = i18n.error(error);
  const fe = fieldErrors(error);
  const emailErr = fe.email?.code === 'required' ? t('field.required') : fieldMessage(i18n, fe.email);

  return (
    <AuthLayout title={t('forgot.title')} intro={sentTo ? undefined : t('forgot.intro')} onLocale={props.onLocale}>
      {sentTo ? (
        <div aria-live="polite">
          <Alert kind="success">{t('forgot.sent', { email: sentTo })}</Alert>
          <p class="muted">{t('forgot.sent_hint')}</p>
        </div>
      ) : (
        <>
          <ErrorSummary message={message} items={emailErr ? [{ href: '#forgot-email', text: `${t('login.email')}: ${emailErr}` }] : []} />
          <form onSubmit={submit} noValidate>
            <Field id="forgot-email" label={t('login.email')} required error={emailErr}>
              {(aria) => (
                <input
                  {...aria}
                  ref={ref}
                  type="email"
                  name="email"
                  autoComplete="username"
                  spellcheck={false}
                  value={email}
                  onInput={(e) => setEmail(e.currentTarget.value)}
                />
              )}
            </Field>
            <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
              {busy ? t('forgot.sending') : t('forgot.submit')}
            </button>
          </form>
        </>
      )}
      <p class="login-help">
        <Link href="/login">{t('recover.to_sign_in')}</Link>
      </p>
    </AuthLayout>
  );
}

export function ResetPasswordPage(props: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t('reset.title'));
  const token = useLinkToken(props.onLocale);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useSubmit();

  const bad = linkProblem(i18n, error);
  if (!token || bad) {
    return (
      <AuthLayout title={t('reset.title')} onLocale={props.onLocale}>
        <Alert kind="error">{bad ?? t('link.incomplete')}</Alert>
        <p>
          <Link href="/forgot-password" class="btn btn-primary">
            {t('link.ask_again')}
          </Link>
        </p>
        <BackToSignIn />
      </AuthLayout>
    );
  }
  if (done) {
    return (
      <AuthLayout title={t('reset.title')} onLocale={props.onLocale}>
        <Alert kind="success">{t('reset.done')}</Alert>
        <p>
          <a href="/login" class="btn btn-primary btn-block">
            {t('login.submit')}
          </a>
        </p>
      </AuthLayout>
    );
  }

  const fe = fieldErrors(error);
  const errOf = (f: string) => local[f] ?? (fe[f]?.code === 'too_short' ? t('acct.pw.too_short') : fieldMessage(i18n, fe[f]));
  const items = [
    ...(errOf('password') ? [{ href: '#reset-password', text: `${t('acct.pw.new')}: ${errOf('password')}` }] : []),
    ...(errOf('repeat') ? [{ href: '#reset-repeat', text: `${t('acct.pw.repeat')}: ${errOf('repeat')}` }] : []),
  ];

  const submit = async (e: Event) => {
    e.preventDefault();
    setLocal({});
    setError(null);
    const missing: Record<string, string> = {};
    if (!password) missing.password = t('field.required');
    else if (password !== repeat) missing.repeat = t('acct.pw.mismatch');
    if (Object.keys(missing).length > 0) {
      setLocal(missing);
      setError(new ApiError({ status: 400, code: 'validation_failed' }));
      return;
    }
    const ok = await run(async () => {
      await api.post('/password-reset/confirm', { token, password }, { allow401: true });
      return true;
    });
    if (ok) setDone(true);
  };

  return (
    <AuthLayout title={t('reset.title')} intro={t('reset.intro')} onLocale={props.onLocale}>
      <ErrorSummary message={error ? i18n.error(error) : null} items={items} />
      <form onSubmit={submit} noValidate>
        <Field id="reset-password" label={t('acct.pw.new')} hint={t('acct.pw.new_hint')} required error={errOf('password')}>
          {(a) => (
            <input {...a} type="password" autoComplete="new-password" maxLength={1024} value={password}
              onInput={(e) => setPassword(e.currentTarget.value)} />
          )}
        </Field>
        <Field id="reset-repeat" label={t('acct.pw.repeat')} required error={errOf('repeat')}>
          {(a) => (
            <input {...a} type="password" autoComplete="new-password" maxLength={1024} value={repeat}
              onInput={(e) => setRepeat(e.currentTarget.value)} />
          )}
        </Field>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.saving') : t('reset.submit')}
        </button>
      </form>
      <BackToSignIn />
    </AuthLayout>
  );
}

export function VerifyEmailPage(props: Props & { signedIn: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t('verify.title'));
  const token = useLinkToken(props.onLocale);
  const [email, setEmail] = useState<string | null>(null);
  const { error, run } = useSubmit();
  const started = useRef(false);

  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    void run(async () => {
      const r = await api.post<{ email: string }>('/email-verification', { token }, { allow401: true });
      setEmail(r.email);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);

  let body;
  if (!token) body = <Alert kind="error">{t('link.incomplete')}</Alert>;
  else if (email) body = <Alert kind="success">{t('verify.done', { email })}</Alert>;
  else if (error) body = <Alert kind="error">{linkProblem(i18n, error) ?? i18n.error(error)}</Alert>;
  else body = <Spinner label={t('verify.checking')} />;
  return (
    <AuthLayout title={t('verify.title')} onLocale={props.onLocale}>
      <div aria-live="polite">{body}</div>
      {error instanceof ApiError && error.code !== 'token_used' && (
        <p class="muted">{props.signedIn ? t('verify.again_signed_in') : t('verify.again')}</p>
      )}
      <p class="login-help">
        {props.signedIn ? <Link href="/account">{t('verify.to_account')}</Link> : <Link href="/login">{t('recover.to_sign_in')}</Link>}
      </p>
    </AuthLayout>
  );
}

/** /unsubscribe#token=…: a digest's link; one click stops the digests, no sign-in. */
export function UnsubscribePage(props: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t('unsub.title'));
  const token = useLinkToken(props.onLocale);
  const [email, setEmail] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  const go = () =>
    void run(async () => {
      const r = await api.post<{ email: string }>(`/unsubscribe/${encodeURIComponent(token!)}`, {}, { allow401: true });
      setEmail(r.email);
    });

  let body;
  if (!token) body = <Alert kind="error">{t('link.incomplete')}</Alert>;
  else if (email) body = <Alert kind="success">{t('unsub.done', { email })}</Alert>;
  else
    body = (
      <>
        <p>{t('unsub.intro')}</p>
        {error != null && <Alert kind="error">{linkProblem(i18n, error) ?? i18n.error(error)}</Alert>}
        <button type="button" class="btn btn-primary" disabled={busy} onClick={go}>{t('unsub.button')}</button>
      </>
    );
  return (
    <AuthLayout title={t('unsub.title')} onLocale={props.onLocale}>
      <div aria-live="polite">{body}</div>
    </AuthLayout>
  );
}
