/** The competitions list, and the competition editor (window, mode, rules with a preview of rewards by attempt). */
import { useEffect, useState, type FormEvent } from 'react';
import { client, unwrap, type Competition, type Rules } from '../../api/client';
import { rewardAt } from '../../game';
import { Link, navigate } from '../../router';
import { Button, ErrorNotice, Notice, Panel, SelectField, TextArea, TextField, dateTime } from '../../ui';
import type { SectionProps } from './AdminRoutes';

export function CompetitionsPage() {
  const [list, setList] = useState<Competition[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    unwrap(client.GET('/api/competitions')).then(setList, setError);
  }, []);
  return (
    <div className="page">
      <h1>Competitions</h1>
      <ErrorNotice error={error} />
      <Panel title="All competitions">
        {list && list.length === 0 && <p className="muted">No competitions yet: create one below.</p>}
        {list && list.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="competitions">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Mode</th>
                  <th scope="col">Starts</th>
                  <th scope="col">Ends</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/admin/${c.id}/settings`}>{c.title}</Link>
                    </td>
                    <td>{c.mode}</td>
                    <td>{dateTime(c.startsAt)}</td>
                    <td>{dateTime(c.endsAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      <Panel title="New competition">
        <CompetitionForm onSaved={(c) => navigate(`/admin/${c.id}/field`)} />
      </Panel>
    </div>
  );
}

export function SettingsPage({ competition, onChanged }: SectionProps) {
  return (
    <div className="page">
      <h1>{competition.title}</h1>
      <Panel title="Competition settings">
        <CompetitionForm competition={competition} onSaved={onChanged} />
      </Panel>
    </div>
  );
}

/** ISO time → the value of a datetime-local input (local time, minutes). */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const fromLocalInput = (value: string) => new Date(value).toISOString();

function CompetitionForm({
  competition,
  onSaved,
}: {
  competition?: Competition;
  onSaved: (c: Competition) => void;
}) {
  const hour = 3600_000;
  const [title, setTitle] = useState(competition?.title ?? '');
  const [description, setDescription] = useState(competition?.description ?? '');
  const [startsAt, setStartsAt] = useState(() =>
    toLocalInput(competition?.startsAt ?? new Date().toISOString()),
  );
  const [endsAt, setEndsAt] = useState(() =>
    toLocalInput(competition?.endsAt ?? new Date(Date.now() + 3 * hour).toISOString()),
  );
  const [mode, setMode] = useState<Competition['mode']>(competition?.mode ?? 'team');
  const [initialBalance, setInitialBalance] = useState(String(competition?.initialBalance ?? 300));
  const [multipliers, setMultipliers] = useState((competition?.rules.multipliers ?? [2, 1.5, 1]).join(', '));
  const [maxAttempts, setMaxAttempts] = useState(String(competition?.rules.maxAttempts ?? 3));
  const [penalty, setPenalty] = useState(String(competition?.rules.penalty ?? 0));
  const [freezeAt, setFreezeAt] = useState(toLocalInput(competition?.rules.freezeAt ?? null));
  const [examplePrice, setExamplePrice] = useState('100');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const parsedMultipliers = multipliers
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
  const multipliersValid =
    parsedMultipliers.length > 0 && parsedMultipliers.every((m) => Number.isFinite(m) && m >= 0);
  const attempts = Math.min(Math.max(Number(maxAttempts) || 1, 1), 20);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const rules: Rules = {
      multipliers: parsedMultipliers,
      maxAttempts: Number(maxAttempts),
      penalty: Number(penalty),
      freezeAt: freezeAt ? fromLocalInput(freezeAt) : null,
    };
    try {
      const window = { startsAt: fromLocalInput(startsAt), endsAt: fromLocalInput(endsAt) };
      const result = competition
        ? await unwrap(
            client.PATCH('/api/admin/competitions/{competitionId}', {
              params: { path: { competitionId: competition.id } },
              body: { title, description, ...window, rules },
            }),
          )
        : await unwrap(
            client.POST('/api/admin/competitions', {
              body: { title, description, ...window, mode, initialBalance: Number(initialBalance), rules },
            }),
          );
      setSaved(true);
      onSaved(result);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form
      className="form"
      onSubmit={submit}
      aria-label={competition ? 'Competition settings' : 'New competition'}
    >
      <TextField label="Title" required value={title} onChange={(e) => setTitle(e.target.value)} />
      <TextArea label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <div className="form-row">
        <TextField
          label="Starts"
          type="datetime-local"
          required
          value={startsAt}
          onChange={(e) => setStartsAt(e.target.value)}
        />
        <TextField
          label="Ends"
          type="datetime-local"
          required
          value={endsAt}
          onChange={(e) => setEndsAt(e.target.value)}
        />
        <SelectField
          label="Mode"
          value={mode}
          disabled={competition !== undefined}
          hint={competition ? 'Fixed once created' : undefined}
          onChange={(e) => setMode(e.target.value as Competition['mode'])}
          options={[
            { value: 'team', label: 'Teams' },
            { value: 'individual', label: 'Individual' },
          ]}
        />
        <TextField
          label="Initial balance"
          type="number"
          min={0}
          required
          disabled={competition !== undefined}
          value={initialBalance}
          onChange={(e) => setInitialBalance(e.target.value)}
        />
      </div>
      <fieldset
        className="form"
        style={{ border: '1px solid var(--border)', borderRadius: 'var(--radius-small)' }}
      >
        <legend>Rules</legend>
        <div className="form-row">
          <TextField
            label="Reward multipliers by attempt"
            hint="Comma-separated: first attempt, second, …; later attempts use the last"
            value={multipliers}
            error={multipliersValid ? undefined : 'Enter numbers ≥ 0, e.g. 2, 1.5, 1'}
            onChange={(e) => setMultipliers(e.target.value)}
          />
          <TextField
            label="Max attempts"
            type="number"
            min={1}
            max={100}
            required
            value={maxAttempts}
            onChange={(e) => setMaxAttempts(e.target.value)}
          />
          <TextField
            label="Wrong-answer penalty"
            type="number"
            min={0}
            required
            value={penalty}
            onChange={(e) => setPenalty(e.target.value)}
          />
          <TextField
            label="Scoreboard freeze"
            type="datetime-local"
            hint="Optional: participants see the board as of this time"
            value={freezeAt}
            onChange={(e) => setFreezeAt(e.target.value)}
          />
        </div>
        <div className="form-row" style={{ alignItems: 'end' }}>
          <TextField
            label="Preview for a card price of"
            type="number"
            min={1}
            value={examplePrice}
            onChange={(e) => setExamplePrice(e.target.value)}
          />
        </div>
        {multipliersValid && (
          <div className="table-wrap">
            <table className="table" data-testid="reward-preview">
              <caption className="muted" style={{ textAlign: 'left' }}>
                Rewards by attempt
              </caption>
              <thead>
                <tr>
                  <th scope="col">Attempt</th>
                  <th scope="col" className="num">
                    Multiplier
                  </th>
                  <th scope="col" className="num">
                    Reward
                  </th>
                  <th scope="col" className="num">
                    Net (after price and penalties)
                  </th>
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: attempts }, (_, i) => {
                  const price = Number(examplePrice) || 0;
                  const reward = rewardAt(price, parsedMultipliers, i + 1);
                  const m = parsedMultipliers[Math.min(i, parsedMultipliers.length - 1)]!;
                  return (
                    <tr key={i}>
                      <td>{i + 1}</td>
                      <td className="num">×{m}</td>
                      <td className="num">{reward}</td>
                      <td className="num">{reward - price - i * (Number(penalty) || 0)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </fieldset>
      <ErrorNotice error={error} />
      {saved && competition && <Notice tone="ok">Saved.</Notice>}
      <div className="actions">
        <Button type="submit" disabled={!multipliersValid}>
          {competition ? 'Save changes' : 'Create competition'}
        </Button>
      </div>
    </form>
  );
}
