import { useEffect } from 'react';
import { ResultsTabs, Summary } from '../components/ResultsTabs';
import { formatTime } from '../format';
import type { ReportData } from '../types';

/** The static report of one finished run. */
export function ReportView({ report }: { report: ReportData }) {
  const { results, distributions } = report;
  const title = results.run.scenarioFile ?? results.run.host;
  useEffect(() => {
    document.title = `perflab report: ${title}`;
  }, [title]);
  const failedThresholds = results.thresholds.filter((t) => !t.ok);
  return (
    <main>
      <div className="page-title">
        <h1>
          Report <span className="muted">·</span> <span className="wrap-anywhere">{title}</span>
        </h1>
        <p className="muted">
          {results.run.host} · {formatTime(results.run.startedAt)} ·{' '}
          {results.run.scenarios.map((s) => s.description).join('; ')}
        </p>
      </div>
      {(failedThresholds.length > 0 || results.run.interrupted) && (
        <div className="banner bad" role="status">
          {failedThresholds.length > 0 && `${failedThresholds.length} threshold(s) failed. `}
          {results.run.interrupted && 'The run was interrupted before its planned end.'}
        </div>
      )}
      <Summary results={results} />
      <ResultsTabs results={results} distributions={distributions} mode="report" />
    </main>
  );
}
