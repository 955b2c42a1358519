/**
 * The competition's live event stream (`GET …/stream`, server-sent events):
 * the scoreboard at once and on every change, and announcements as they come.
 * EventSource cannot send headers, so the access token goes in the query; when
 * the stream fails for good (token expired) it refreshes the token and reconnects.
 */
import { useEffect, useRef, useState } from 'react';
import { accessToken, refreshTokens, type Announcement, type Scoreboard } from './api/client';

export interface LiveState {
  board: Scoreboard | null;
  /** The board before the latest one (for change indicators). */
  previous: Scoreboard | null;
  connected: boolean;
}

/** Subscribe to competition `competitionId`'s stream; `onAnnouncement` gets each new announcement. */
export function useLive(
  competitionId: number | null,
  onAnnouncement?: (item: Announcement) => void,
): LiveState {
  const [state, setState] = useState<LiveState>({ board: null, previous: null, connected: false });
  const announce = useRef(onAnnouncement);
  useEffect(() => {
    announce.current = onAnnouncement;
  }, [onAnnouncement]);

  useEffect(() => {
    if (competitionId === null) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      const token = accessToken();
      if (!token || stopped) return;
      source = new EventSource(
        `/api/competitions/${competitionId}/stream?access_token=${encodeURIComponent(token)}`,
      );
      source.addEventListener('open', () => setState((s) => ({ ...s, connected: true })));
      source.addEventListener('scoreboard', (event) => {
        const board = JSON.parse((event as MessageEvent<string>).data) as Scoreboard;
        setState((s) => ({ board, previous: s.board, connected: true }));
      });
      source.addEventListener('announcement', (event) => {
        announce.current?.(JSON.parse((event as MessageEvent<string>).data) as Announcement);
      });
      source.addEventListener('error', () => {
        setState((s) => ({ ...s, connected: false }));
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          retry = setTimeout(() => void refreshTokens().then((ok) => ok && open()), 1000);
        }
      });
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [competitionId]);

  return state;
}
