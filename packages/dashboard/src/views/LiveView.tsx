import { type FormEvent, useEffect, useState } from 'react';
import { ResultsTabs, Summary } from '../components/ResultsTabs';
import type { TabSpec } from '../components/Tabs';
import type { LiveStartRequest, LiveState, LiveStatus } from '../types';

/** The live server's download routes (same origin) and their test ids. */
const DOWNLOADS = [
  { id: 'download-stats-csv', href: '/api/download/stats.csv', label: 'Statistics (CSV)' },
  {
    id: 'download-stats-history-csv',
    href: '/api/download/stats_history.csv',
    label: 'Statistics history (CSV)',
  },
  { id: 'download-failures-csv', href: '/api/download/failures.csv', label: 'Failures (CSV)' },
  { id: 'download-exceptions-csv', href: '/api/download/exceptions.csv', label: 'Exceptions (CSV)' },
  { id: 'download-results-json', href: '/api/download/results.json', label: 'Results document (JSON)' },
  { id: 'download-report-html', href: '/api/download/report.html', label: 'HTML report' },
] as const;

/**
 * Parses the duration field: empty → null (until stopped); a bare number is
 * seconds; otherwise parts like `90s`, `2m`, `1h30m`, `1.5h`.
 * @returns seconds, null, or undefined when the text is not a duration
 */
export function parseDurationS(text: string): number | null | undefined {
  const value = text.trim();
  if (value === '') return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const units: Record<string, number> = { h: 3600, m: 60, s: 1 };
  let total = 0;
  let rest = value;
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)\s*(h|m|s)\s*/.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * (units[match[2] ?? 's'] ?? 1);
    rest = rest.slice(match[0].length);
  }
  return total;
}

async function post(path: string, body?: unknown): Promise<string | null> {
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.ok) return null;
    const text = await response.text();
    try {
      const parsed = JSON.parse(text) as { error?: unknown };
      if (typeof parsed.error === 'string') return parsed.error;
    } catch {
      // not JSON: show the text
    }
    return text || `HTTP ${response.status} ${response.statusText}`;
  } catch (error) {
    return `cannot reach the perflab server: ${(error as Error).message}`;
  }
}

/** Follows the server's state: `GET /api/state`, then the `state` events of `GET /api/events` (reconnects by itself). */
function useLiveState(): { state: LiveState | null; connected: boolean } {
  const [state, setState] = useState<LiveState | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    let closed = false;
    fetch('/api/state')
      .then((response) => (response.ok ? (response.json() as Promise<LiveState>) : null))
      .then((initial) => {
        if (!closed && initial) setState((current) => current ?? initial);
      })
      .catch(() => undefined);
    const events = new EventSource('/api/events');
    events.addEventListener('state', (event) => {
      setState(JSON.parse((event as MessageEvent<string>).data) as LiveState);
      setConnected(true);
    });
    events.onopen = () => setConnected(true);
    events.onerror = () => setConnected(false);
    return () => {
      closed = true;
      events.close();
    };
  }, []);
  return { state, connected };
}

function StatusBadge({ status, connected }: { status: LiveStatus | 'connecting'; connected: boolean }) {
  return (
    <span className={`badge status-${status}`} data-testid="status" data-status={status}>
      {status}
      {!connected && status !== 'connecting' && ' (reconnecting…)'}
    </span>
  );
}

interface FormValues {
  host: string;
  users: string;
  spawnRate: string;
  rate: string;
  duration: string;
}

function formValues(state: LiveState): FormValues {
  const { form } = state;
  return {
    host: form.host,
    users: String(form.users),
    spawnRate: String(form.spawnRate),
    rate: form.rate === null ? '' : String(form.rate),
    duration: form.durationS === null ? '' : `${form.durationS}s`,
  };
}

/** The start form: users and spawn rate (closed model) or arrival rate (open model), host, duration. */
function StartForm({ state }: { state: LiveState }) {
  const [values, setValues] = useState<FormValues>(() => formValues(state));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof FormValues) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: event.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const durationS = parseDurationS(values.duration);
    if (durationS === undefined) {
      setError(`duration: ${JSON.stringify(values.duration)} is not a duration (e.g. 90, 90s, 5m, 1h30m)`);
      return;
    }
    const body: LiveStartRequest =
      state.model === 'open'
        ? { host: values.host.trim(), rate: Number(values.rate), durationS }
        : {
            host: values.host.trim(),
            users: Number(values.users),
            spawnRate: Number(values.spawnRate),
            durationS,
          };
    setBusy(true);
    setError(await post('/api/start', body));
    setBusy(false);
  };
  return (
    <form className="start-form" data-testid="start-form" onSubmit={submit}>
      <h2>{state.status === 'stopped' ? 'Start a new test' : 'Start a test'}</h2>
      {state.model === 'closed' ? (
        <>
          <label>
            Number of users (peak concurrency)
            <input
              type="number"
              min={1}
              step={1}
              required
              value={values.users}
              onChange={set('users')}
              data-testid="input-users"
            />
          </label>
          <label>
            Spawn rate (users started/second)
            <input
              type="number"
              min={0.001}
              step="any"
              required
              value={values.spawnRate}
              onChange={set('spawnRate')}
              data-testid="input-spawn-rate"
            />
          </label>
        </>
      ) : (
        <label>
          Arrival rate (iterations/second)
          <input
            type="number"
            min={0.001}
            step="any"
            required
            value={values.rate}
            onChange={set('rate')}
            data-testid="input-rate"
          />
        </label>
      )}
      <label>
        Host
        <input type="url" required value={values.host} onChange={set('host')} data-testid="input-host" />
      </label>
      <label>
        Run time (e.g. 90s, 5m, 1h30m; empty: until stopped)
        <input type="text" value={values.duration} onChange={set('duration')} data-testid="input-duration" />
      </label>
      {error && (
        <p className="form-error" role="alert" data-testid="start-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy} data-testid="button-start">
        Start
      </button>
    </form>
  );
}

/** While running: change the user count (closed model), stop, reset the statistics. */
function RunControls({ state }: { state: LiveState }) {
  const [users, setUsers] = useState(String(state.users || state.form.users));
  const [error, setError] = useState<string | null>(null);
  const stopping = state.status === 'stopping';
  const act = async (path: string, body?: unknown) => setError(await post(path, body));
  return (
    <div className="controls">
      {state.model === 'closed' && (
        <form
          className="inline"
          onSubmit={(event) => {
            event.preventDefault();
            void act('/api/users', { users: Number(users) });
          }}
        >
          <label>
            Users
            <input
              type="number"
              min={0}
              step={1}
              required
              value={users}
              onChange={(e) => setUsers(e.target.value)}
              data-testid="input-change-users"
            />
          </label>
          <button type="submit" disabled={stopping} data-testid="button-apply-users">
            Apply
          </button>
        </form>
      )}
      <button
        type="button"
        className="danger"
        disabled={stopping}
        onClick={() => void act('/api/stop')}
        data-testid="button-stop"
      >
        Stop
      </button>
      <button type="button" onClick={() => void act('/api/reset')} data-testid="button-reset">
        Reset
      </button>
      {error && (
        <p className="form-error" role="alert" data-testid="control-error">
          {error}
        </p>
      )}
    </div>
  );
}

const downloadsTab: TabSpec = {
  id: 'downloads',
  label: 'Download data',
  render: () => (
    <ul className="downloads">
      {DOWNLOADS.map((d) => (
        <li key={d.id}>
          <a href={d.href} download data-testid={d.id}>
            {d.label}
          </a>
        </li>
      ))}
    </ul>
  ),
};

/** The live view: start a run, watch it, change users, stop, reset, download. */
export function LiveView() {
  const { state, connected } = useLiveState();
  useEffect(() => {
    document.title = state
      ? `perflab: ${state.status}${state.scenarioFile ? ` · ${state.scenarioFile}` : ''}`
      : 'perflab';
  }, [state]);
  if (!state) {
    return (
      <main>
        <p className="muted">
          <StatusBadge status="connecting" connected={false} /> connecting to the perflab server…
        </p>
      </main>
    );
  }
  const showForm = state.status === 'ready' || state.status === 'stopped';
  return (
    <main>
      <div className="page-title">
        <h1>
          Live <span className="muted">·</span>{' '}
          <span className="wrap-anywhere">{state.scenarioFile ?? 'perflab'}</span>{' '}
          <StatusBadge status={state.status} connected={connected} />
        </h1>
        <p className="muted">
          {state.form.host} · {state.model} model
        </p>
      </div>
      {showForm ? (
        // keyed by status: a new run's form starts from the server's defaults
        <StartForm key={state.status} state={state} />
      ) : (
        <RunControls key="controls" state={state} />
      )}
      {state.results && (
        <>
          <Summary results={state.results} users={state.users} />
          <ResultsTabs results={state.results} mode="live" extraTabs={[downloadsTab]} />
        </>
      )}
    </main>
  );
}
