/** Column alignment. */
export type Align = 'left' | 'right';

/**
 * Renders rows as a fixed-width text table with a header rule, for terminals.
 * `rules` lists row indexes (into `rows`) to precede with a separator line.
 */
export function renderTable(
  header: string[],
  rows: string[][],
  align: Align[],
  rules: number[] = [],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(header), rule];
  rows.forEach((row, i) => {
    if (rules.includes(i)) out.push(rule);
    out.push(line(row));
  });
  return out.join('\n');
}
