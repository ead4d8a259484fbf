import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Language, MessageKey } from './i18n.js';

/** The brand as `GET /brands/{brandId}` answers it. */
export interface BrandView {
  profile: {
    brandId: string;
    name: string;
    timeZone?: string;
    channels: { id: string; adapter: string }[];
  } & Record<string, unknown>;
  caller: { subject: string; roles: string[]; actions: string[] };
  members?: { memberId: string; roles: string[]; groups?: string[] }[];
}

/** What every page reads: who is signed in, in which language, for which brand. */
export interface Session {
  token: string;
  subject: string;
  language: Language;
  t: (key: MessageKey) => string;
  brandId: string;
  brand?: BrandView;
  /** The brand's time zone: every date on the portal is shown in it. */
  timeZone: string;
  reloadBrand: () => void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

/** The session of the signed-in person (pages render only inside one). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('no session');
  return session;
}
