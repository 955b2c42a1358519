/** The participant's own ledger: every amount spent and earned, newest first. */
import { useEffect, useState } from 'react';
import { client, unwrap, type LedgerEntry } from '../api/client';
import { useParticipant } from '../participant';
import { ErrorNotice, Panel, clock } from '../ui';

const REASON: Record<LedgerEntry['reason'], string> = {
  initial: 'Starting balance',
  purchase: 'Bought',
  reward: 'Reward',
  penalty: 'Penalty',
  regrade: 'Regraded by the organisers',
  void: 'Voided by the organisers',
};

export function LedgerPage() {
  const { competitionId, board } = useParticipant();
  const [entries, setEntries] = useState<LedgerEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const updatedAt = board?.updatedAt ?? null;
  useEffect(() => {
    unwrap(client.GET('/api/competitions/{competitionId}/ledger', { params: { path: { competitionId } } }))
      .then((ledger) => {
        setEntries([...ledger.entries].reverse());
        setError(null);
      })
      .catch(setError);
  }, [competitionId, updatedAt]);
  return (
    <div className="page">
      <h1>My ledger</h1>
      <ErrorNotice error={error} />
      <Panel title="Spent and earned">
        <div className="table-wrap">
          <table className="table" data-testid="ledger">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">What</th>
                <th scope="col">Card</th>
                <th scope="col" className="num">
                  Attempt
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {entries?.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.createdAt}>{clock(entry.createdAt)}</time>
                  </td>
                  <td>{REASON[entry.reason]}</td>
                  <td>{entry.cardTitle ?? '—'}</td>
                  <td className="num">{entry.attempt ?? ''}</td>
                  <td className={`num ${entry.amount >= 0 ? 'move-up' : 'move-down'}`}>
                    {entry.amount > 0 ? `+${entry.amount}` : entry.amount}
                  </td>
                  <td className="num">{entry.balanceAfter}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </div>
  );
}
