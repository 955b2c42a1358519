/** The live scoreboard table (positions, scores, change indicators) and the score-over-time chart. */
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { client, unwrap, type Scoreboard, type ScoreSeries } from '../api/client';
import { useTheme } from '../theme';
import { clock } from './index';

/** The board; rows whose rank or balance changed since `previous` are marked. */
export function ScoreTable({
  board,
  previous,
  highlight,
}: {
  board: Scoreboard | null;
  previous: Scoreboard | null;
  highlight?: number | null;
}) {
  const before = useMemo(() => new Map(previous?.rows.map((row) => [row.accountId, row]) ?? []), [previous]);
  if (!board) return <p className="muted">Connecting to the live scoreboard…</p>;
  return (
    <div className="table-wrap">
      <table className="table board" data-testid="scoreboard">
        <caption className="visually-hidden">Scoreboard{board.frozen ? ' (frozen)' : ''}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Name</th>
            <th scope="col" className="num">
              Score
            </th>
            <th scope="col" className="num">
              Solved
            </th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {board.rows.map((row) => {
            const old = before.get(row.accountId);
            const moved = old ? old.rank - row.rank : 0;
            const delta = old ? row.balance - old.balance : 0;
            const changed = previous !== null && (moved !== 0 || delta !== 0);
            return (
              <tr
                key={`${row.accountId}-${row.lastChangeId}`}
                className={changed ? 'changed' : undefined}
                data-account={row.accountId}
                aria-current={highlight === row.accountId ? 'true' : undefined}
              >
                <td className="rank">{row.rank}</td>
                <th scope="row" style={{ fontWeight: highlight === row.accountId ? 800 : 500 }}>
                  {row.name}
                </th>
                <td className="num" data-testid="score">
                  {row.balance}
                </td>
                <td className="num">{row.solved}</td>
                <td>
                  {moved > 0 && (
                    <span className="move-up" aria-label={`up ${moved}`}>
                      ▲{moved}{' '}
                    </span>
                  )}
                  {moved < 0 && (
                    <span className="move-down" aria-label={`down ${-moved}`}>
                      ▼{-moved}{' '}
                    </span>
                  )}
                  {delta !== 0 && (
                    <span className={delta > 0 ? 'move-up' : 'move-down'}>
                      {delta > 0 ? `+${delta}` : delta}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted">
        {board.frozen && board.frozenAt ? `Frozen at ${clock(board.frozenAt)}. ` : ''}
        {board.updatedAt ? `Updated ${clock(board.updatedAt)}` : 'No changes yet'}
      </p>
    </div>
  );
}

/** Score over time of the top 10, refetched (at most once a second) when the board changes. */
export function ScoreChart({
  competitionId,
  updatedAt,
}: {
  competitionId: number;
  updatedAt: string | null;
}) {
  const [series, setSeries] = useState<ScoreSeries[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      unwrap(
        client.GET('/api/competitions/{competitionId}/scoreboard/history', {
          params: { path: { competitionId }, query: { top: 10 } },
        }),
      )
        .then((next) => live && setSeries(next))
        .catch(() => undefined);
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [competitionId, updatedAt]);
  return (
    <figure className="chart" data-testid="score-chart" style={{ margin: 0 }}>
      <figcaption className="visually-hidden">Score over time of the top teams</figcaption>
      {series.length === 0 ? <p className="muted">No scores yet.</p> : <Plot series={series} />}
    </figure>
  );
}

const stepped = uPlot.paths.stepped?.({ align: 1 });

function Plot({ series }: { series: ScoreSeries[] }) {
  const box = useRef<HTMLDivElement>(null);
  const { theme } = useTheme();
  const data = useMemo<uPlot.AlignedData>(() => {
    const xs = [...new Set(series.flatMap((s) => s.points.map((p) => Date.parse(p.at) / 1000)))].sort(
      (a, b) => a - b,
    );
    const columns = series.map((s) => {
      const column: (number | null)[] = [];
      let k = 0;
      let last: number | null = null;
      for (const x of xs) {
        while (k < s.points.length && Date.parse(s.points[k]!.at) / 1000 <= x) last = s.points[k++]!.balance;
        column.push(last);
      }
      return column;
    });
    return [xs, ...columns];
  }, [series]);
  const names = series.map((s) => s.name).join('\n');

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const css = getComputedStyle(document.documentElement);
    const color = (name: string) => css.getPropertyValue(name).trim();
    const axis: uPlot.Axis = {
      stroke: color('--muted'),
      grid: { stroke: color('--border'), width: 1 },
      ticks: { stroke: color('--border'), width: 1 },
    };
    let draws = 0;
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height: 260,
        scales: { x: { time: true } },
        axes: [axis, axis],
        series: [
          {},
          ...names.split('\n').map((label, i) => ({
            label,
            stroke: color(`--chart-${(i % 5) + 1}`),
            width: 2,
            points: { show: false },
            // A balance holds until the next ledger row: draw steps, not slopes.
            paths: stepped,
          })),
        ],
        hooks: {
          draw: [
            () => {
              element.dataset.drawn = String(++draws);
            },
          ],
        },
      },
      data,
      element,
    );
    const observer = new ResizeObserver(() => {
      if (element.clientWidth > 0 && Math.abs(element.clientWidth - plot.width) > 1) {
        plot.setSize({ width: element.clientWidth, height: 260 });
      }
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
      delete element.dataset.drawn;
    };
  }, [data, names, theme]);

  return <div className="plot" ref={box} />;
}
