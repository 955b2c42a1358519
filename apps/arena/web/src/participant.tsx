/**
 * What every participant page shares: one live stream (scoreboard and
 * announcements), the announcements so far, and the balance shown in the header.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { client, unwrap, type Announcement, type Me } from './api/client';
import { useLive, type LiveState } from './live';

interface ParticipantState extends LiveState {
  competitionId: number;
  accountId: number | null;
  balance: number | null;
  setBalance(balance: number): void;
  announcements: Announcement[];
  /** The newest announcement that arrived live (shown as a banner until dismissed). */
  fresh: Announcement | null;
  dismiss(): void;
}

const ParticipantContext = createContext<ParticipantState | null>(null);

export function ParticipantProvider({ me, children }: { me: Me; children: ReactNode }) {
  const competitionId = me.competitionId ?? 0;
  const [announcements, setAnnouncements] = useState<Announcement[]>([]);
  const [fresh, setFresh] = useState<Announcement | null>(null);
  const [balance, setBalance] = useState<number | null>(null);
  const onAnnouncement = useCallback((item: Announcement) => {
    setAnnouncements((list) => (list.some((a) => a.id === item.id) ? list : [item, ...list]));
    setFresh(item);
  }, []);
  const live = useLive(competitionId, onAnnouncement);

  useEffect(() => {
    unwrap(
      client.GET('/api/competitions/{competitionId}/announcements', { params: { path: { competitionId } } }),
    )
      .then((list) =>
        setAnnouncements((current) => [
          ...current,
          ...list.filter((a) => !current.some((c) => c.id === a.id)),
        ]),
      )
      .catch(() => undefined);
    unwrap(client.GET('/api/competitions/{competitionId}/ledger', { params: { path: { competitionId } } }))
      .then((ledger) => setBalance(ledger.balance))
      .catch(() => undefined);
  }, [competitionId]);

  // The live board's balance when it is live (it follows admins' corrections too), else the last one we saw.
  const liveRow =
    live.board && !live.board.frozen ? live.board.rows.find((r) => r.accountId === me.accountId) : undefined;

  return (
    <ParticipantContext.Provider
      value={{
        ...live,
        competitionId,
        accountId: me.accountId,
        balance: liveRow?.balance ?? balance,
        setBalance,
        announcements,
        fresh,
        dismiss: () => setFresh(null),
      }}
    >
      {children}
    </ParticipantContext.Provider>
  );
}

/** The participant's shared state (inside {@link ParticipantProvider}). */
export function useParticipant(): ParticipantState {
  const state = useContext(ParticipantContext);
  if (!state) throw new Error('useParticipant outside ParticipantProvider');
  return state;
}
