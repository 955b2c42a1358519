/** Number formatting shared by the text reporters. */

/** Milliseconds for people: 3 significant digits below 100, integers above (`0.42`, `12.3`, `845`). */
export function ms(value: number): string {
  if (value === 0) return '0';
  if (value < 1) return value.toFixed(2);
  if (value < 100) return value.toPrecision(3);
  return Math.round(value).toString();
}

/** Rates: one decimal place. */
export function rate(value: number): string {
  return value.toFixed(1);
}

/** Percentage of `part` in `whole`, two decimals (`0.00%`). */
export function percent(part: number, whole: number): string {
  return `${whole === 0 ? '0.00' : ((100 * part) / whole).toFixed(2)}%`;
}
