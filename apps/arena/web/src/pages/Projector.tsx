/** The projector view: a full-screen live scoreboard for a room (no navigation). */
import { useEffect, useState } from 'react';
import { client, unwrap, type Announcement, type Competition } from '../api/client';
import { useLive } from '../live';
import { Link } from '../router';
import { ThemePicker } from '../theme';
import { Button, clock } from '../ui';
import { ScoreChart, ScoreTable } from '../ui/Scoreboard';

export function ProjectorPage({ competitionId }: { competitionId: number }) {
  const [competition, setCompetition] = useState<Competition | null>(null);
  const [latest, setLatest] = useState<Announcement | null>(null);
  const { board, previous } = useLive(competitionId, setLatest);
  useEffect(() => {
    unwrap(client.GET('/api/competitions/{competitionId}', { params: { path: { competitionId } } }))
      .then(setCompetition)
      .catch(() => undefined);
  }, [competitionId]);
  const fullScreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen().catch(() => undefined);
  };
  return (
    <main id="main" className="projector" data-testid="projector">
      <div className="page-head" style={{ justifyContent: 'space-between' }}>
        <h1>{competition?.title ?? 'Scoreboard'}</h1>
        <div className="actions">
          <Button variant="secondary" small onClick={fullScreen}>
            Full screen
          </Button>
          <ThemePicker />
          <Link to="/">Back</Link>
        </div>
      </div>
      {latest && (
        <p className="notice" role="status">
          📣 {clock(latest.createdAt)} — {latest.message}
        </p>
      )}
      <ScoreTable board={board} previous={previous} />
      <ScoreChart competitionId={competitionId} updatedAt={board?.updatedAt ?? null} />
    </main>
  );
}
