import type { ReactNode } from 'react';
import { formatBytes, formatCount, formatDuration, formatMs, formatTime } from '../format';
import type { ResultsDocument } from '../types';
import { SimpleTable, StatsTable } from './Tables';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Run metadata: scenario file, the load (each scenario's executor), times, perflab version, machine. */
export function RunInfo({ results }: { results: ResultsDocument }) {
  const { run, tool } = results;
  const machine = run.machine;
  return (
    <div className="run-info" data-testid="run-info">
      <dl className="fields">
        <Field label="Scenario file">{run.scenarioFile ?? <span className="muted">(inline)</span>}</Field>
        <Field label="Host">{run.host}</Field>
        <Field label="Load">
          <ul className="plain">
            {run.scenarios.map((s) => (
              <li key={s.name}>
                <strong>{s.name}</strong> ({s.model} model): {s.description}
                {s.startTimeMs > 0 && `, starting after ${formatDuration(s.startTimeMs)}`}
              </li>
            ))}
          </ul>
        </Field>
        <Field label="Started">{formatTime(run.startedAt)}</Field>
        <Field label="Ended">{formatTime(run.endedAt)}</Field>
        <Field label="Elapsed">
          {formatDuration(run.elapsedMs)}{' '}
          <span className="muted">(including the grace period, at most {formatDuration(run.graceMs)})</span>
        </Field>
        {run.interrupted && <Field label="Interrupted">yes: stopped before the planned end</Field>}
        {run.abortedByThreshold && (
          <Field label="Aborted by threshold">
            <code>{run.abortedByThreshold}</code>
          </Field>
        )}
        {run.forcedStops > 0 && (
          <Field label="Forced stops">{formatCount(run.forcedStops)} iterations cut off</Field>
        )}
        <Field label="perflab">{tool.version}</Field>
        {machine && (
          <Field label="Machine">
            {machine.hostname}: {machine.platform}/{machine.arch}, {machine.cpus} ×{' '}
            {machine.cpuModel || 'CPU'}, {formatBytes(machine.totalMemoryBytes)} memory, Node.js{' '}
            {machine.node}
          </Field>
        )}
      </dl>
      {run.notes.length > 0 && (
        <>
          <h3>Notes</h3>
          <ul className="notes">
            {run.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      )}
      {results.scenarios.length > 0 && (
        <>
          <h3>Scenarios</h3>
          <SimpleTable
            testId="scenarios-table"
            headers={[
              'Scenario',
              'Requests',
              'Failures',
              'Iterations',
              'Dropped',
              'Iteration mean (ms)',
              'Iteration p95 (ms)',
            ]}
            numeric={[1, 2, 3, 4, 5, 6]}
            rows={results.scenarios.map((s) => ({
              key: s.name,
              cells: [
                s.name,
                formatCount(s.stats.requests),
                formatCount(s.stats.failures),
                formatCount(s.iterations),
                formatCount(s.droppedIterations),
                formatMs(s.iterationDuration.meanMs),
                formatMs(s.iterationDuration.p95Ms),
              ],
            }))}
            empty="No scenarios"
          />
        </>
      )}
    </div>
  );
}

/** Statistics per tag (`key:value`), when the scenario tags its requests. */
export function TagStats({ results }: { results: ResultsDocument }) {
  if (results.tags.length === 0) return null;
  return (
    <>
      <h3>By tag</h3>
      <StatsTable rows={results.tags} mode="report" />
    </>
  );
}
