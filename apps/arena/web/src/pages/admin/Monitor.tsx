/** The live monitor: the scoreboard (admins see the live board even when frozen), score over time, recent activity; results export. */
import { useEffect, useState } from 'react';
import { client, toApiError, type Submission } from '../../api/client';
import { useLive } from '../../live';
import { Button, ErrorNotice, Panel, clock } from '../../ui';
import { ScoreChart, ScoreTable } from '../../ui/Scoreboard';
import { download, type SectionProps } from './AdminRoutes';

export function MonitorPage({ competition }: SectionProps) {
  const competitionId = competition.id;
  const { board, previous, connected } = useLive(competitionId);
  const [activity, setActivity] = useState<Submission[]>([]);
  const [error, setError] = useState<unknown>(null);
  const updatedAt = board?.updatedAt ?? null;

  useEffect(() => {
    client
      .GET('/api/admin/competitions/{competitionId}/submissions', {
        params: { path: { competitionId }, query: { limit: 20 } },
      })
      .then((result) => result.data && setActivity(result.data))
      .catch(() => undefined);
  }, [competitionId, updatedAt]);

  const exportResults = async () => {
    setError(null);
    const result = await client.GET('/api/admin/competitions/{competitionId}/results.csv', {
      params: { path: { competitionId } },
      parseAs: 'text',
    });
    if (!result.response.ok || result.data === undefined) {
      setError(toApiError(result.response, result.error));
      return;
    }
    download(`competition-${competitionId}-results.csv`, result.data);
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Live monitor</h1>
        <span className="muted">{connected ? '● live' : '○ reconnecting…'}</span>
        <Button variant="secondary" onClick={() => void exportResults()}>
          Export results (CSV)
        </Button>
      </div>
      <ErrorNotice error={error} />
      <div className="columns">
        <Panel title="Scoreboard">
          <ScoreTable board={board} previous={previous} />
        </Panel>
        <Panel title="Activity">
          <ul className="feed" data-testid="activity">
            {activity.length === 0 && <li className="muted">No answers yet.</li>}
            {activity.map((s) => (
              <li key={s.id}>
                <time dateTime={s.createdAt}>{clock(s.createdAt)}</time>
                <strong>{s.accountName}</strong> ({s.login}) answered <em>{s.cardTitle}</em> —{' '}
                {s.status === 'voided'
                  ? 'voided'
                  : s.correct
                    ? `correct, +${s.amount}`
                    : `wrong, ${s.amount}`}
              </li>
            ))}
          </ul>
        </Panel>
      </div>
      <Panel title="Score over time">
        <ScoreChart competitionId={competitionId} updatedAt={updatedAt} />
      </Panel>
    </div>
  );
}
