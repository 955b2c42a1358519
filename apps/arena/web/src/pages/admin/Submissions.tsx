/** Every submission, filtered by account, card and result; regrade or void one (compensating ledger rows). */
import { useCallback, useEffect, useState } from 'react';
import { client, unwrap, type AdminCard, type ScoreRow, type Submission } from '../../api/client';
import { Badge, Button, ErrorNotice, Notice, Panel, SelectField, clock } from '../../ui';
import type { SectionProps } from './AdminRoutes';

export function SubmissionsPage({ competition }: SectionProps) {
  const competitionId = competition.id;
  const [accounts, setAccounts] = useState<ScoreRow[]>([]);
  const [cards, setCards] = useState<AdminCard[]>([]);
  const [accountId, setAccountId] = useState('');
  const [cardId, setCardId] = useState('');
  const [correct, setCorrect] = useState('');
  const [list, setList] = useState<Submission[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    Promise.all([
      unwrap(
        client.GET('/api/competitions/{competitionId}/scoreboard', { params: { path: { competitionId } } }),
      ),
      unwrap(
        client.GET('/api/admin/competitions/{competitionId}/cards', { params: { path: { competitionId } } }),
      ),
    ]).then(([board, c]) => {
      setAccounts([...board.rows].sort((a, b) => a.name.localeCompare(b.name)));
      setCards(c);
    }, setError);
  }, [competitionId]);

  useEffect(() => {
    unwrap(
      client.GET('/api/admin/competitions/{competitionId}/submissions', {
        params: {
          path: { competitionId },
          query: {
            accountId: accountId ? Number(accountId) : undefined,
            cardId: cardId ? Number(cardId) : undefined,
            correct: correct ? (correct as 'true' | 'false') : undefined,
            limit: 200,
          },
        },
      }),
    ).then(setList, setError);
  }, [competitionId, accountId, cardId, correct, version]);

  const correctSubmission = async (submission: Submission, action: 'regrade' | 'void') => {
    setError(null);
    setMessage(null);
    try {
      const path = { competitionId, submissionId: submission.id };
      const result =
        action === 'void'
          ? await unwrap(
              client.POST('/api/admin/competitions/{competitionId}/submissions/{submissionId}/void', {
                params: { path },
              }),
            )
          : await unwrap(
              client.POST('/api/admin/competitions/{competitionId}/submissions/{submissionId}/regrade', {
                params: { path },
              }),
            );
      setMessage(
        result.changed
          ? `Submission #${submission.id} ${action === 'void' ? 'voided' : 'regraded'}: ${result.amount > 0 ? '+' : ''}${result.amount} points to ${submission.accountName}.`
          : `Submission #${submission.id}: nothing to change.`,
      );
    } catch (failure) {
      setError(failure);
    }
    reload();
  };

  return (
    <div className="page">
      <h1>Submissions</h1>
      <Panel title="Filters">
        <div className="form-row">
          <SelectField
            label="Team / participant"
            value={accountId}
            onChange={(e) => setAccountId(e.target.value)}
            options={[
              { value: '', label: 'All' },
              ...accounts.map((a) => ({ value: String(a.accountId), label: a.name })),
            ]}
          />
          <SelectField
            label="Card"
            value={cardId}
            onChange={(e) => setCardId(e.target.value)}
            options={[
              { value: '', label: 'All' },
              ...cards.map((c) => ({ value: String(c.id), label: `${c.title} (${c.topic} ${c.level})` })),
            ]}
          />
          <SelectField
            label="Result"
            value={correct}
            onChange={(e) => setCorrect(e.target.value)}
            options={[
              { value: '', label: 'All' },
              { value: 'true', label: 'Correct' },
              { value: 'false', label: 'Wrong' },
            ]}
          />
        </div>
      </Panel>
      <ErrorNotice error={error} />
      {message && <Notice tone="ok">{message}</Notice>}
      <Panel title="Log">
        <div className="table-wrap">
          <table className="table" data-testid="submissions">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Time</th>
                <th scope="col">Team / participant</th>
                <th scope="col">Card</th>
                <th scope="col" className="num">
                  Attempt
                </th>
                <th scope="col">Answer</th>
                <th scope="col">Result</th>
                <th scope="col" className="num">
                  Points
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list?.map((s) => (
                <tr key={s.id} data-submission={s.id}>
                  <td>{s.id}</td>
                  <td>
                    <time dateTime={s.createdAt}>{clock(s.createdAt)}</time>
                  </td>
                  <td>
                    {s.accountName} <span className="muted">({s.login})</span>
                  </td>
                  <td>{s.cardTitle}</td>
                  <td className="num">{s.attempt}</td>
                  <td>
                    <code>{s.answer}</code>
                  </td>
                  <td>
                    {s.status === 'voided' ? (
                      <Badge tone="muted">voided</Badge>
                    ) : s.correct ? (
                      <Badge tone="ok">correct</Badge>
                    ) : (
                      <Badge tone="danger">wrong</Badge>
                    )}
                  </td>
                  <td className="num">{s.amount}</td>
                  <td>
                    <div className="actions">
                      <Button
                        variant="secondary"
                        small
                        disabled={s.status === 'voided'}
                        aria-label={`Regrade submission ${s.id}`}
                        onClick={() => void correctSubmission(s, 'regrade')}
                      >
                        Regrade
                      </Button>
                      <Button
                        variant="danger"
                        small
                        disabled={s.status === 'voided'}
                        aria-label={`Void submission ${s.id}`}
                        onClick={() => void correctSubmission(s, 'void')}
                      >
                        Void
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list?.length === 0 && <p className="muted">No submissions match.</p>}
        </div>
      </Panel>
    </div>
  );
}
