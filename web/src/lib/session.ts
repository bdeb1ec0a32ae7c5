// The signed-in user as the app sees it, shared through context.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PageLocale } from '../i18n';
import type { User } from './types';

export interface SessionApi {
  user: User;
  /** Switch the UI language and save it to the user's profile. */
  setLocale: (l: PageLocale) => void;
  signOut: () => Promise<void>;
  /** Replace the cached user (after the admin edits their own account, for example). */
  updateUser: (u: User) => void;
}

export const SessionContext = createContext<SessionApi | null>(null);

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in shell');
  return s;
}
