import { type ReactNode, useState } from 'react';

export interface TabSpec {
  /** Used in `data-testid="tab-<id>"` and as the URL fragment (`#charts`). */
  id: string;
  label: ReactNode;
  render: () => ReactNode;
}

function tabFromHash(tabs: TabSpec[]): string | undefined {
  const id = window.location.hash.slice(1);
  return tabs.some((t) => t.id === id) ? id : undefined;
}

/** Tabs; only the active one is rendered. The URL fragment names the active tab, so links can open one. */
export function Tabs({ tabs, label }: { tabs: TabSpec[]; label: string }) {
  const [chosen, setChosen] = useState<string | undefined>(() => tabFromHash(tabs));
  const active = tabs.find((t) => t.id === chosen) ?? tabs[0];
  const choose = (id: string) => {
    setChosen(id);
    window.history.replaceState(null, '', `#${id}`);
  };
  return (
    <section className="tabs">
      <div className="tab-list" role="tablist" aria-label={label}>
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === active?.id}
            aria-controls={`panel-${t.id}`}
            data-testid={`tab-${t.id}`}
            onClick={() => choose(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {active && (
        <div
          className="tab-panel"
          role="tabpanel"
          id={`panel-${active.id}`}
          aria-labelledby={`tab-${active.id}`}
        >
          {active.render()}
        </div>
      )}
    </section>
  );
}
