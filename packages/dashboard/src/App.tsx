import type { PageData } from './data';
import { ThemeContext, useThemeState } from './theme';
import { CompareView } from './views/CompareView';
import { LiveView } from './views/LiveView';
import { PlanView } from './views/PlanView';
import { ReadinessView } from './views/ReadinessView';
import { ReportView } from './views/ReportView';

/** The page: a header with the theme toggle, then the view the embedded data asks for. */
export function App({ data }: { data: PageData }) {
  const { theme, toggle } = useThemeState();
  return (
    <ThemeContext.Provider value={theme}>
      <header className="top">
        <span className="brand">
          perflab <span className="muted">{data.kind === 'none' ? '' : data.kind}</span>
        </span>
        <button
          type="button"
          className="theme-toggle"
          onClick={toggle}
          data-testid="theme-toggle"
          aria-label={`switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
          title={`switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          {theme === 'dark' ? '☀ light' : '☾ dark'}
        </button>
      </header>
      {data.kind === 'report' && <ReportView report={data.report} />}
      {data.kind === 'compare' && <CompareView compare={data.compare} />}
      {data.kind === 'live' && <LiveView />}
      {data.kind === 'plan' && <PlanView plan={data.plan} />}
      {data.kind === 'readiness' && <ReadinessView readiness={data.readiness} />}
      {data.kind === 'none' && (
        <main>
          <p className="muted" data-testid="no-data">
            No data: {data.reason}.
          </p>
        </main>
      )}
    </ThemeContext.Provider>
  );
}
