/** The participant's live scoreboard with the score-over-time chart. */
import { useParticipant } from '../participant';
import { Notice, Panel } from '../ui';
import { ScoreChart, ScoreTable } from '../ui/Scoreboard';

export function ScoreboardPage() {
  const { competitionId, board, previous, accountId, connected } = useParticipant();
  return (
    <div className="page">
      <div className="page-head">
        <h1>Scoreboard</h1>
        <span className="muted" data-testid="live-status">
          {connected ? '● live' : '○ reconnecting…'}
        </span>
      </div>
      {board?.frozen && (
        <Notice tone="warn" title="The scoreboard is frozen">
          Later changes are revealed at the end.
        </Notice>
      )}
      <div className="columns">
        <Panel title="Positions">
          <ScoreTable board={board} previous={previous} highlight={accountId} />
        </Panel>
        <Panel title="Score over time">
          <ScoreChart competitionId={competitionId} updatedAt={board?.updatedAt ?? null} />
        </Panel>
      </div>
    </div>
  );
}
