import type { ReactNode } from 'react';
import { formatCount, formatDuration, formatMs, formatPercent, formatRate } from '../format';
import type { RequestDistribution, ResultsDocument } from '../types';
import { HistogramChart, SpectrumChart } from './DistributionCharts';
import { HistoryCharts } from './HistoryCharts';
import { ResourcesView } from './ResourceCharts';
import { RunInfo, TagStats } from './RunInfo';
import { SimulationView } from './SimulationView';
import { ChecksTable, ExceptionsTable, FailuresTable, StatsTable, ThresholdsTable } from './Tables';
import { type TabSpec, Tabs } from './Tabs';
import { TimingsView } from './TimingsChart';

function Count({ n, bad }: { n: number; bad?: boolean }) {
  if (n === 0) return null;
  return <span className={`count${bad ? ' bad' : ''}`}>{formatCount(n)}</span>;
}

/**
 * A run's views as tabs: statistics, charts, (with `resources`: resources),
 * (with `simulation`, `perflab sim`: simulation),
 * (report: latency distribution),
 * request phases, failures, exceptions, thresholds, checks, run metadata, and
 * whatever `extraTabs` adds (the live view's downloads).
 */
export function ResultsTabs({
  results,
  distributions,
  mode,
  extraTabs = [],
}: {
  results: ResultsDocument;
  /** Report only: decoded latency distributions. */
  distributions?: RequestDistribution[];
  mode: 'report' | 'live';
  extraTabs?: TabSpec[];
}) {
  const failedThresholds = results.thresholds.filter((t) => !t.ok).length;
  const failedChecks = results.checks.filter((c) => c.fails > 0).length;
  const tabs: TabSpec[] = [
    {
      id: 'stats',
      label: 'Statistics',
      render: () => (
        <>
          <StatsTable
            rows={results.stats}
            aggregated={results.aggregated}
            mode={mode}
            testId="stats-table"
            rowTestId="stats-row"
          />
          <TagStats results={results} />
        </>
      ),
    },
    {
      id: 'charts',
      label: 'Charts',
      render: () => <HistoryCharts history={results.history} resources={results.resources} />,
    },
  ];
  const { resources } = results;
  if (resources) {
    tabs.push({
      id: 'resources',
      label: 'Resources',
      render: () => <ResourcesView resources={resources} history={results.history} />,
    });
  }
  const { simulation } = results;
  if (simulation) {
    tabs.push({
      id: 'simulation',
      label: 'Simulation',
      render: () => <SimulationView sim={simulation} results={results} />,
    });
  }
  if (distributions) {
    tabs.push({
      id: 'distribution',
      label: 'Latency distribution',
      render: () => (
        <div className="charts">
          <SpectrumChart distributions={distributions} />
          <HistogramChart distributions={distributions} />
        </div>
      ),
    });
  }
  tabs.push(
    {
      id: 'timings',
      label: 'Timings',
      render: () => <TimingsView timings={results.timings} serviceTime={results.serviceTime} />,
    },
    {
      id: 'failures',
      label: (
        <>
          Failures <Count n={results.failures.reduce((sum, f) => sum + f.occurrences, 0)} bad />
        </>
      ),
      render: () => <FailuresTable failures={results.failures} />,
    },
    {
      id: 'exceptions',
      label: (
        <>
          Exceptions <Count n={results.exceptions.reduce((sum, e) => sum + e.count, 0)} bad />
        </>
      ),
      render: () => <ExceptionsTable exceptions={results.exceptions} />,
    },
    {
      id: 'thresholds',
      label: (
        <>
          Thresholds <Count n={failedThresholds} bad />
        </>
      ),
      render: () => <ThresholdsTable thresholds={results.thresholds} />,
    },
    {
      id: 'checks',
      label: (
        <>
          Checks <Count n={failedChecks} bad />
        </>
      ),
      render: () => <ChecksTable checks={results.checks} />,
    },
    { id: 'run', label: 'Run', render: () => <RunInfo results={results} /> },
    ...extraTabs,
  );
  return <Tabs tabs={tabs} label="results" />;
}

function Kpi({
  label,
  value,
  tone,
  testId,
}: {
  label: string;
  value: ReactNode;
  tone?: 'good' | 'bad';
  testId?: string;
}) {
  return (
    <div className={`kpi${tone ? ` ${tone}` : ''}`} data-testid={testId}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
    </div>
  );
}

/** The headline figures of a run: requests, failures, RPS, p50/p95/p99, duration (and users, live). */
export function Summary({ results, users }: { results: ResultsDocument; users?: number }) {
  const a = results.aggregated;
  const errorRate = a.requests > 0 ? a.failures / a.requests : 0;
  return (
    <div className="kpis" data-testid="summary">
      {users !== undefined && <Kpi label="Users" value={formatCount(users)} testId="kpi-users" />}
      <Kpi label="Requests" value={formatCount(a.requests)} />
      <Kpi
        label="Failures"
        value={`${formatCount(a.failures)} (${formatPercent(errorRate)})`}
        tone={a.failures > 0 ? 'bad' : 'good'}
      />
      {users !== undefined ? (
        <Kpi label="Current RPS" value={formatRate(a.currentRps)} testId="kpi-rps" />
      ) : (
        <Kpi label="RPS" value={formatRate(a.rps)} testId="kpi-rps" />
      )}
      <Kpi label="p50" value={`${formatMs(a.percentiles['50'] ?? a.medianMs)} ms`} />
      <Kpi label="p95" value={`${formatMs(a.percentiles['95'])} ms`} />
      <Kpi label="p99" value={`${formatMs(a.percentiles['99'])} ms`} />
      <Kpi label="Duration" value={formatDuration(results.run.elapsedMs)} />
    </div>
  );
}
