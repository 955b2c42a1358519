import { renderTable } from '../output/table.ts';
import type { UslFit } from './usl.ts';

/**
 * A number for people with `digits` significant digits (default 4): integers in
 * plain notation once they have that many digits (`1884`, `123456`), scientific
 * below 1e-4 (`1.044e-4`), trailing zeros kept to show the precision (`90.00`).
 */
export function formatUslNumber(value: number, digits = 4): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 10 ** (digits - 1)) return String(Math.round(value));
  if (magnitude >= 1e-4) return value.toPrecision(digits);
  return value.toExponential(digits - 1);
}

/** Plain-language name of each {@link UslFit} model. */
const MODEL_NAMES: Record<UslFit['model'], string> = {
  usl: 'Universal Scalability Law (λ, σ, κ estimated)',
  amdahl: "Amdahl's law (κ ended on its bound and is held at 0)",
  'coherency-only': 'coherency only (σ ended on its bound and is held at 0)',
  linear: 'linear scaling (σ and κ ended on their bounds and are held at 0)',
};

/**
 * A USL fit as terminal text: the model, coefficients with standard errors, N*,
 * X_max, N_opt, X_roof with what each means, fit quality, and measured against
 * fitted throughput per point. Shared by `perflab fit-usl` and reports that show a fit.
 * @param fit the fit from `fitUsl`
 * @param source what was fitted, e.g. the CSV file's path (first line)
 * @returns text ending in a newline
 */
export function renderUslText(fit: UslFit, source: string): string {
  const f = (v: number) => formatUslNumber(v);
  const coefficient = (v: number) => formatUslNumber(v, 5);
  // Measurements as given (up to 8 characters), fitted values to 6 digits without trailing zeros.
  const measured = (v: number) => (String(v).length <= 8 ? String(v) : formatUslNumber(v, 6));
  const fitted = (v: number) =>
    Math.abs(v) >= 1e-4 ? String(Number(v.toPrecision(6))) : formatUslNumber(v, 6);
  const se = (v: number | null) => (v === null ? 'held' : f(v));
  const out: string[] = [];
  out.push(`Universal Scalability Law fit: ${source} (${fit.points.length} points)`);
  out.push('  X(N) = λN / (1 + σ(N−1) + κN(N−1)), bounded non-linear least squares on X');
  const model =
    fit.model === 'usl' && fit.sigma >= 1
      ? 'Universal Scalability Law (λ, κ estimated)'
      : MODEL_NAMES[fit.model];
  out.push(`  model: ${model}`);
  if (fit.sigma >= 1) {
    out.push('  σ ended on its upper bound 1 and is held there: throughput does not grow with concurrency');
  }
  if (!fit.converged) {
    out.push(`  warning: the fit stopped at the iteration limit (${fit.iterations}) before converging`);
  }
  out.push('');
  out.push(
    indent(
      renderTable(
        ['Coefficient', 'Estimate', 'Std. error', 'Meaning'],
        [
          [
            'λ',
            coefficient(fit.lambda),
            se(fit.standardErrors.lambda),
            'throughput of one user, no contention or coherency',
          ],
          [
            'σ',
            coefficient(fit.sigma),
            se(fit.standardErrors.sigma),
            'contention: serial fraction (queueing, locks)',
          ],
          [
            'κ',
            coefficient(fit.kappa),
            se(fit.standardErrors.kappa),
            'coherency delay: cross-talk between users',
          ],
        ],
        ['left', 'right', 'right', 'left'],
      ),
    ),
  );
  out.push('');
  const figures: string[][] = [
    [
      'N*',
      fit.nStar === null ? '–' : f(fit.nStar),
      fit.nStar !== null
        ? 'peak concurrency √((1−σ)/κ): throughput falls beyond it'
        : fit.sigma >= 1
          ? 'none: σ = 1, throughput does not grow with concurrency'
          : 'no peak: κ = 0, throughput keeps rising towards X_roof',
    ],
    [
      'X_max',
      fit.xMax === null ? '–' : f(fit.xMax),
      fit.xMax === null
        ? 'no limit: σ = κ = 0'
        : fit.nStar !== null
          ? 'highest throughput, X(N*)'
          : fit.sigma >= 1
            ? 'highest throughput: λ, at N = 1'
            : 'highest throughput: X_roof, approached but never reached',
    ],
    [
      'N_opt',
      fit.nOpt === null ? '–' : f(fit.nOpt),
      fit.nOpt === null ? 'undefined: σ = 0' : '1/σ: where linear scaling meets the Amdahl ceiling',
    ],
    [
      'X_roof',
      fit.xRoof === null ? '–' : f(fit.xRoof),
      fit.xRoof === null ? 'undefined: σ = 0' : 'λ/σ: Amdahl ceiling on throughput',
    ],
  ];
  out.push(indent(renderTable(['Figure', 'Value', 'Meaning'], figures, ['left', 'right', 'left'])));
  out.push('');
  out.push(
    `  fit: R² ${fit.rSquared.toFixed(4)}, residual standard error ${f(fit.residualStandardError)} on ${fit.degreesOfFreedom} degrees of freedom, ${fit.iterations} iterations`,
  );
  out.push('');
  out.push(
    indent(
      renderTable(
        ['N', 'Measured X', 'Fitted X', 'Residual', 'Residual %'],
        fit.points.map((p) => [
          measured(p.n),
          measured(p.x),
          fitted(p.fitted),
          f(p.residual),
          `${((100 * p.residual) / p.x).toFixed(1)}%`,
        ]),
        ['right', 'right', 'right', 'right', 'right'],
      ),
    ),
  );
  return `${out.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
