/** The participant's field: topics × levels, each card with its state and price; a card opens its dialog. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { client, unwrap, type Competition, type Field, type FieldCard } from '../api/client';
import { cardState, isRunning, rewardAt, STATE_LABEL } from '../game';
import { useParticipant } from '../participant';
import { Badge, Button, Dialog, ErrorNotice, Notice, Panel, TextField, clock, dateTime } from '../ui';
import { Statement } from '../ui/Statement';

export function PlayPage() {
  const { competitionId, setBalance, announcements } = useParticipant();
  const [competition, setCompetition] = useState<Competition | null>(null);
  const [field, setField] = useState<Field | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let live = true;
    Promise.all([
      unwrap(client.GET('/api/competitions/{competitionId}', { params: { path: { competitionId } } })),
      unwrap(client.GET('/api/competitions/{competitionId}/field', { params: { path: { competitionId } } })),
    ]).then(
      ([c, f]) => {
        if (!live) return;
        setCompetition(c);
        setField(f);
        setNow(Date.now());
        if (f.balance !== null) setBalance(f.balance);
        setError(null);
      },
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [competitionId, setBalance, version]);
  // Re-evaluate the window (cards turn closed at the end) every 15 s.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);

  const running = competition ? isRunning(competition, now) : false;
  const open = field?.cards.find((c) => c.id === openId) ?? null;

  return (
    <div className="page">
      <div className="page-head">
        <h1>{competition?.title ?? 'Field'}</h1>
        {competition && (
          <span className="muted">
            {running
              ? `Open until ${dateTime(competition.endsAt)}`
              : now < Date.parse(competition.startsAt)
                ? `Starts ${dateTime(competition.startsAt)}`
                : 'The competition is over'}
          </span>
        )}
      </div>
      <ErrorNotice error={error} />
      {competition && !running && (
        <Notice tone="warn" title="The competition window is closed">
          Cards cannot be bought or answered now.
        </Notice>
      )}
      {field && (
        <Panel title="Cards">
          <FieldGrid field={field} running={running} onOpen={setOpenId} />
          <Legend />
        </Panel>
      )}
      {announcements.length > 0 && (
        <Panel title="Announcements">
          <ul className="feed" data-testid="announcements">
            {announcements.map((a) => (
              <li key={a.id}>
                <time dateTime={a.createdAt}>{clock(a.createdAt)}</time>
                {a.message}
              </li>
            ))}
          </ul>
        </Panel>
      )}
      {open && competition && (
        <CardDialog
          card={open}
          competition={competition}
          running={running}
          onClose={() => setOpenId(null)}
          onChanged={reload}
        />
      )}
    </div>
  );
}

function Legend() {
  return (
    <p className="muted actions" style={{ marginTop: 12 }}>
      States:
      {(['available', 'bought', 'solved', 'failed', 'closed'] as const).map((s) => (
        <span key={s} className="badge badge-muted">
          {STATE_LABEL[s]}
        </span>
      ))}
    </p>
  );
}

function FieldGrid({
  field,
  running,
  onOpen,
}: {
  field: Field;
  running: boolean;
  onOpen: (id: number) => void;
}) {
  const at = new Map(field.cards.map((c) => [`${c.topic}\u0000${c.level}`, c]));
  return (
    <div className="grid-wrap">
      <div
        className="field-grid"
        role="table"
        aria-label="Field of cards: topics by levels"
        data-testid="field-grid"
        style={{
          gridTemplateColumns: `minmax(90px, max-content) repeat(${field.levels.length}, minmax(96px, 1fr))`,
        }}
      >
        <div role="row" style={{ display: 'contents' }}>
          <span role="columnheader" className="axis">
            Topic
          </span>
          {field.levels.map((level) => (
            <span role="columnheader" className="axis" key={level}>
              Level {level}
            </span>
          ))}
        </div>
        {field.topics.map((topic) => (
          <div role="row" key={topic} style={{ display: 'contents' }}>
            <span role="rowheader" className="axis">
              {topic}
            </span>
            {field.levels.map((level) => {
              const card = at.get(`${topic}\u0000${level}`);
              return (
                <div role="cell" className="cell" key={level}>
                  {card && <GameCard card={card} running={running} onOpen={onOpen} />}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

function GameCard({
  card,
  running,
  onOpen,
}: {
  card: FieldCard;
  running: boolean;
  onOpen: (id: number) => void;
}) {
  const state = cardState(card, running);
  return (
    <button
      type="button"
      className="game-card"
      data-state={state}
      data-testid={`card-${card.id}`}
      onClick={() => onOpen(card.id)}
    >
      <span className="title">{card.title}</span>
      <span className="visually-hidden">
        ({card.topic}, level {card.level})
      </span>
      <span className="meta">
        <span className="price">{card.price} pts</span>
        <span className="state-label">{STATE_LABEL[state]}</span>
      </span>
    </button>
  );
}

function CardDialog({
  card,
  competition,
  running,
  onClose,
  onChanged,
}: {
  card: FieldCard;
  competition: Competition;
  running: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { competitionId, setBalance, balance } = useParticipant();
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<{ correct: boolean; amount: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const state = cardState(card, running);
  const attempts = card.purchase?.attempts ?? 0;
  const attemptsLeft = card.purchase?.attemptsLeft ?? competition.rules.maxAttempts;
  const nextReward = rewardAt(card.price, card.multipliers, attempts + 1);
  const path = { competitionId, cardId: card.id };

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  const buy = () =>
    act(async () => {
      const bought = await unwrap(
        client.POST('/api/competitions/{competitionId}/cards/{cardId}/buy', { params: { path } }),
      );
      setBalance(bought.balance);
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const outcome = await unwrap(
        client.POST('/api/competitions/{competitionId}/cards/{cardId}/submissions', {
          params: { path },
          body: { answer },
        }),
      );
      setBalance(outcome.balance);
      setResult({ correct: outcome.correct, amount: outcome.amount });
      if (outcome.correct) setAnswer('');
    });
  };

  return (
    <Dialog title={card.title} open onClose={onClose} testId="card-dialog">
      <div className="actions">
        <Badge
          tone={
            state === 'solved' ? 'ok' : state === 'failed' ? 'danger' : state === 'bought' ? 'warn' : 'muted'
          }
        >
          {STATE_LABEL[state]}
        </Badge>
        <span>
          {card.topic} · level {card.level}
        </span>
        <span>
          Price <strong>{card.price}</strong> pts
        </span>
      </div>
      <Statement html={card.statementHtml} />
      <dl className="actions" style={{ margin: 0, gap: 16 }}>
        <div>
          <dt className="muted">Attempts left</dt>
          <dd style={{ margin: 0 }} data-testid="attempts-left">
            {attemptsLeft}
          </dd>
        </div>
        <div>
          <dt className="muted">Reward for the next attempt</dt>
          <dd style={{ margin: 0 }} data-testid="next-reward">
            {state === 'solved' || state === 'failed' ? '—' : `${nextReward} pts`}
          </dd>
        </div>
        <div>
          <dt className="muted">Penalty for a wrong answer</dt>
          <dd style={{ margin: 0 }}>{competition.rules.penalty} pts</dd>
        </div>
      </dl>
      {result && (
        <Notice tone={result.correct ? 'ok' : 'warn'} title={result.correct ? 'Correct!' : 'Wrong answer'}>
          {result.correct
            ? `You earned ${result.amount} points.`
            : result.amount < 0
              ? `${-result.amount} points were taken.`
              : 'No points were taken.'}
        </Notice>
      )}
      <ErrorNotice error={error} />
      {state === 'available' && (
        <div className="actions">
          <Button onClick={() => void buy()} disabled={busy}>
            Buy for {card.price} pts
          </Button>
          {balance !== null && balance < card.price && (
            <span className="muted">Your balance is {balance} pts.</span>
          )}
        </div>
      )}
      {state === 'bought' && (
        <form className="form" onSubmit={submit} aria-label="Answer">
          <TextField
            label="Your answer"
            name="answer"
            autoComplete="off"
            required
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
          <div className="actions">
            <Button type="submit" disabled={busy || answer.trim() === ''}>
              Submit answer
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
