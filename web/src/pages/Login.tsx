// Sign-in page: POST /session {email, password}.

import { useEffect, useRef, useState } from 'preact/hooks';
import { fieldMessage, useI18n } from '../i18n';
import { ApiError, api, fieldErrors } from '../lib/api';
import { useSubmit, useTitle } from '../lib/hooks';
import type { Session } from '../lib/types';
import type { PageLocale } from '../i18n';
import { Alert, ErrorSummary, Field } from '../components/ui';
import { AuthLayout } from '../components/Shell';
import { Link } from '../lib/router';

export function LoginPage(props: {
  notice: 'expired' | 'signed_out' | null;
  onSignedIn: (s: Session) => void;
  onLocale: (l: PageLocale) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t('login.title'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit((err) => {
    if (err instanceof ApiError && err.code === 'invalid_credentials') setPassword('');
    return err;
  });
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    emailRef.current?.focus();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    await run(async () => {
      const s = await api.post<Session>('/session', { email: email.trim(), password }, { allow401: true });
      props.onSignedIn(s);
    });
  };

  const fe = fieldErrors(error);
  const emailErr = fieldMessage(i18n, fe.email);
  const passErr = fieldMessage(i18n, fe.password);
  const summaryItems = [
    ...(emailErr ? [{ href: '#login-email', text: `${t('login.email')}: ${emailErr}` }] : []),
    ...(passErr ? [{ href: '#login-password', text: `${t('login.password')}: ${passErr}` }] : []),
  ];

  return (
    <AuthLayout title={t('login.title')} intro={t('login.intro')} onLocale={props.onLocale}>
      {props.notice && !error && (
        <Alert kind="info">{props.notice === 'expired' ? t('login.session_expired') : t('login.signed_out')}</Alert>
      )}
      <ErrorSummary message={error ? i18n.error(error) : null} items={summaryItems} />
      <form onSubmit={submit} noValidate>
        <Field id="login-email" label={t('login.email')} required error={emailErr}>
          {(aria) => (
            <input
              {...aria}
              ref={emailRef}
              type="email"
              name="email"
              autoComplete="username"
              spellcheck={false}
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="login-password" label={t('login.password')} required error={passErr}>
          {(aria) => (
            <input
              {...aria}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p class="login-help">
        <Link href={email.trim() ? `/forgot-password?email=${encodeURIComponent(email.trim())}` : '/forgot-password'}>
          {t('login.forgot')}
        </Link>
      </p>
    </AuthLayout>
  );
}
