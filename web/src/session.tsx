// Who is signed in: GET /api/me, loaded once when the app opens, and again after a sign-in.
// Every page reads it with useSession(); App only routes.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, ApiError, setCsrfToken, type Me } from './api';
import { hazardOfSubject, subjectOf } from '../../common/link-subjects';

export interface Session {
  me: Me | null;
  /** Until the first GET /api/me has answered. */
  loading: boolean;
  /** Asks /api/me again (after a sign-in); null when nobody is signed in. */
  reload(): Promise<Me | null>;
  /** Forgets the session (after signing out). */
  clear(): void;
}

const SessionContext = createContext<Session>({ me: null, loading: false, reload: async () => null, clear: () => undefined });

export const useSession = (): Session => useContext(SessionContext);

/** Where a link session belongs: its item's page (a copy's read-only link: its hazard's). */
export const pageOfSubject = (subject: string): string => {
  const { id } = subjectOf(subject);
  const hazardId = hazardOfSubject(subject);
  return hazardId !== undefined ? `/hazards/${encodeURIComponent(hazardId)}` : `/campaigns/${encodeURIComponent(id)}`;
};

export function SessionProvider({ children }: { children: React.ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    try {
      const m = await api<Me>('GET', '/api/me');
      setCsrfToken(m.csrfToken);
      setMe(m);
      return m;
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      setCsrfToken(null);
      setMe(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);

  const clear = useCallback(() => {
    setCsrfToken(null);
    setMe(null);
  }, []);

  useEffect(() => {
    // A mail's link (/l/<token>) opens its own session first: LinkLanding reloads when it has.
    if (window.location.pathname.startsWith('/l/')) setLoading(false);
    else void reload().catch(() => setLoading(false));
  }, [reload]);

  const value = useMemo(() => ({ me, loading, reload, clear }), [me, loading, reload, clear]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
