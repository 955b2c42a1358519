/** Who is signed in: the session (tokens in sessionStorage, `/api/auth/me`), sign-in and sign-out. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { accessToken, client, onTokens, setTokens, unwrap, type Me } from './api/client';

interface Session {
  me: Me | null;
  /** True until the stored session has been checked. */
  loading: boolean;
  signIn(login: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Provides {@link useSession}. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(accessToken() !== null);

  useEffect(() => {
    let live = true;
    if (accessToken()) {
      unwrap(client.GET('/api/auth/me'))
        .then((who) => live && setMe(who))
        .catch(() => live && setTokens(null))
        .finally(() => live && setLoading(false));
    }
    const off = onTokens(() => {
      if (!accessToken()) setMe(null);
    });
    return () => {
      live = false;
      off();
    };
  }, []);

  const signIn = useCallback(async (login: string, password: string) => {
    const pair = await unwrap(client.POST('/api/auth/login', { body: { login, password } }));
    setTokens({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
    const who = await unwrap(client.GET('/api/auth/me'));
    setMe(who);
    return who;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await client.POST('/api/auth/logout');
    } finally {
      setTokens(null);
      setMe(null);
    }
  }, []);

  return (
    <SessionContext.Provider value={{ me, loading, signIn, signOut }}>{children}</SessionContext.Provider>
  );
}

/** The session (inside {@link SessionProvider}). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
