// Admin → Users: paged list with search and role filter; create, edit, delete.

import { useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { ApiError, api } from '../lib/api';
import { useDebounced, usePaged, useSubmit, useTitle } from '../lib/hooks';
import { useSession } from '../lib/session';
import { ROLES, type Locale, type OrgRef, type Role, type User } from '../lib/types';
import { OrgPicker } from '../components/pickers';
import { Badge, Field, FilterSelect, SearchFilter } from '../components/ui';
import { type FormField, FormModal, invalidField } from '../components/FormModal';
import { ConfirmDelete, ListPage, ListTable, RowButton } from '../components/lists';

const ROLE_TONE: Record<Role, 'blue' | 'green' | 'amber' | 'neutral'> = {
  admin: 'amber',
  staff: 'blue',
  partner: 'green',
  correspondent: 'neutral',
};

export function AdminUsersPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  useTitle(t('users.title'));
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const dq = useDebounced(q.trim(), 300);
  const list = usePaged<User>('/users', { q: dq, role });
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);

  const saved = (u: User, created: boolean) => {
    setEditing(null);
    setNotice(created ? 'common.created' : 'common.saved');
    list.setItems((items) => (created ? [u, ...items] : items.map((x) => (x.id === u.id ? u : x))));
    if (u.id === session.user.id) session.updateUser(u);
  };

  return (
    <ListPage
      title={t('users.title')}
      intro={t('users.intro')}
      actions={
        <button type="button" class="btn btn-primary" onClick={() => setEditing('new')}>
          {t('users.new')}
        </button>
      }
      notice={notice && t(notice)}
      onNoticeClose={() => setNotice(null)}
      filters={
        <>
          <SearchFilter id="users-q" label={t('common.search')} value={q} onChange={setQ} placeholder={t('users.search_placeholder')} inline />
          <FilterSelect
            id="users-role"
            label={t('users.role_filter')}
            value={role}
            onChange={setRole}
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
            inline
          />
        </>
      }
      list={list}
      empty={t('common.no_results')}
      after={
        <>
          {editing && (
            <UserForm user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={saved} />
          )}
          {deleting && (
            <ConfirmDelete
              title={t('users.delete_title')}
              text={t('users.delete_text', { email: deleting.email })}
              run={() => api.del(`/users/${deleting.id}`)}
              conflictText={deleting.id === session.user.id ? t('err.self_delete') : undefined}
              onClose={() => setDeleting(null)}
              onDone={() => {
                const id = deleting.id;
                setDeleting(null);
                setNotice('common.deleted');
                list.setItems((items) => items.filter((x) => x.id !== id));
              }}
            />
          )}
        </>
      }
    >
      <ListTable
        id="users-table"
        columns={
          <>
            <th scope="col">
              {t('users.name')} / {t('users.email')}
            </th>
            <th scope="col">{t('users.role')}</th>
            <th scope="col">{t('users.organization')}</th>
            <th scope="col">{t('users.created')}</th>
          </>
        }
        actions
      >
        {list.items.map((u) => (
          <tr key={u.id} class={u.disabled ? 'row-muted' : ''}>
            <th scope="row" class="person">
              {u.name}
              {u.id === session.user.id && <span class="muted"> ({t('users.you')})</span>}
              {u.disabled && (
                <>
                  {' '}
                  <Badge tone="red">{t('users.disabled')}</Badge>
                </>
              )}
              <span class="sub email">
                {u.email}
                {!u.email_verified && (
                  <>
                    {' '}
                    <Badge tone="amber">{t('users.unverified')}</Badge>
                  </>
                )}
              </span>
            </th>
            <td>
              <Badge tone={ROLE_TONE[u.role] ?? 'neutral'}>{t(`role.${u.role}` as MessageKey)}</Badge>
            </td>
            <td class="org-cell">
              {u.organization ? i18n.name(u.organization) : <span class="muted">{t('common.none')}</span>}
            </td>
            <td class="nowrap">{i18n.date(u.created_at)}</td>
            <td class="actions-col">
              <RowButton label={t('common.edit')} name={u.name} onClick={() => setEditing(u)} />
              {u.id !== session.user.id && (
                <RowButton label={t('common.delete')} name={u.name} onClick={() => setDeleting(u)} danger />
              )}
            </td>
          </tr>
        ))}
      </ListTable>
    </ListPage>
  );
}

/** Whether the user's address is confirmed; an unconfirmed one can be sent the link again. */
function VerificationState(props: { user: User }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useSubmit();
  const u = props.user;
  if (u.email_verified)
    return <p class="hint">{u.email_verified_at ? t('users.verified_on', { date: i18n.date(u.email_verified_at) }) : t('users.verified')}</p>;
  const send = async () => {
    if (await run(async () => { await api.post(`/users/${u.id}/email-verification`, {}); return true; })) setSent(true);
  };
  return (
    <div class="verification" aria-live="polite">
      <p class="hint">{t('users.unverified_hint')}</p>
      {sent ? (
        <p class="text-success">{t('users.verification_sent', { email: u.email })}</p>
      ) : (
        <button type="button" class="btn btn-small" disabled={busy} onClick={send}>
          {t('users.send_verification')}
        </button>
      )}
      {error != null && <p class="text-error">{i18n.error(error)}</p>}
    </div>
  );
}

function UserForm(props: { user: User | null; onClose: () => void; onSaved: (u: User, created: boolean) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const u = props.user;
  const [name, setName] = useState(u?.name ?? '');
  const [email, setEmail] = useState(u?.email ?? '');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>(u?.role ?? 'staff');
  const [org, setOrg] = useState<OrgRef | null>(u?.organization ?? null);
  const [locale, setLocale] = useState<Locale>(u?.locale ?? i18n.appLocale);
  const [disabled, setDisabled] = useState(u?.disabled ?? false);
  const fields: Record<string, FormField> = {
    name: { id: 'user-name', label: t('users.name') },
    email: { id: 'user-email', label: t('users.email') },
    role: { id: 'user-role', label: t('users.role') },
    locale: { id: 'user-locale', label: t('users.locale') },
    organization_id: { id: 'user-org', label: t('users.organization') },
    password: { id: 'user-password', label: u ? t('users.new_password') : t('users.password') },
    disabled: { id: 'user-disabled', label: t('users.status') },
  };

  const submit = async () => {
    const body: Record<string, unknown> = {};
    if (!u) {
      // organization_id is required; leave it out when none is chosen and let the server say so.
      Object.assign(body, { email: email.trim(), name: name.trim(), password, role, locale });
      if (org) body.organization_id = org.id;
    } else {
      if (!org && u.organization) {
        // The API cannot detach a user from an organization (organization_id is an integer).
        throw invalidField('organization_id', 'required');
      }
      if (name.trim() !== u.name) body.name = name.trim();
      if (role !== u.role) body.role = role;
      if (org && org.id !== u.organization?.id) body.organization_id = org.id;
      if (locale !== u.locale) body.locale = locale;
      if (disabled !== u.disabled) body.disabled = disabled;
      if (password) body.password = password;
      if (Object.keys(body).length === 0) {
        props.onClose();
        return undefined;
      }
    }
    try {
      return u ? await api.patch<User>(`/users/${u.id}`, body) : await api.post<User>('/users', body);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conflict' && !u) throw invalidField('email', 'email_taken', t('err.email_taken'));
      throw err;
    }
  };

  return (
    <FormModal
      id="user-form"
      title={u ? t('users.edit_title') : t('users.create_title')}
      fields={fields}
      submit={submit}
      onDone={(saved) => props.onSaved(saved, !u)}
      onClose={props.onClose}
      creating={!u}
    >
      {(errOf) => (
        <>
          <Field id="user-name" label={t('users.name')} required error={errOf('name')}>
            {(a) => <input {...a} type="text" autoComplete="off" value={name} onInput={(e) => setName(e.currentTarget.value)} />}
          </Field>
          {u ? (
            <div class="field">
              <span class="label-static">{t('users.email')}</span>
              <p class="static-value">{u.email}</p>
              <VerificationState user={u} />
            </div>
          ) : (
            <Field id="user-email" label={t('users.email')} required error={errOf('email')}>
              {(a) => (
                <input
                  {...a}
                  type="email"
                  autoComplete="off"
                  spellcheck={false}
                  value={email}
                  onInput={(e) => setEmail(e.currentTarget.value)}
                />
              )}
            </Field>
          )}
          <div class="field-row">
            <Field id="user-role" label={t('users.role')} required error={errOf('role')}>
              {(a) => (
                <select {...a} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="user-locale" label={t('users.locale')} required error={errOf('locale')}>
              {(a) => (
                <select {...a} value={locale} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
                  <option value="ru">{t('lang.ru')}</option>
                  <option value="en">{t('lang.en')}</option>
                </select>
              )}
            </Field>
          </div>
          <OrgPicker
            id="user-org"
            label={t('users.organization')}
            value={org}
            onChange={setOrg}
            error={errOf('organization_id')}
            required
          />
          <Field
            id="user-password"
            label={u ? t('users.new_password') : t('users.password')}
            hint={u ? t('users.new_password_hint') : t('users.password_hint')}
            required={!u}
            error={errOf('password')}
          >
            {(a) => (
              <input
                {...a}
                type="password"
                autoComplete="new-password"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            )}
          </Field>
          {u && (
            <div class={`field checkbox${errOf('disabled') ? ' field-has-error' : ''}`}>
              <input
                id="user-disabled"
                type="checkbox"
                checked={disabled}
                onChange={(e) => setDisabled(e.currentTarget.checked)}
              />
              <label for="user-disabled">{t('users.disable')}</label>
            </div>
          )}
        </>
      )}
    </FormModal>
  );
}
