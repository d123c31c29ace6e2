import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, onSessionLost, type Me } from './api';

interface Session {
  /** undefined while the console asks the platform who is signed in; null when no one is. */
  me: Me | null | undefined;
  signedIn: (me: Me) => void;
  signedOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    api<Me>('/auth/me').then(setMe, () => setMe(null));
    return onSessionLost(() => setMe(null));
  }, []);

  return (
    <SessionContext.Provider value={{ me, signedIn: setMe, signedOut: () => setMe(null) }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) {
    throw new Error('useSession outside SessionProvider');
  }
  return session;
}
