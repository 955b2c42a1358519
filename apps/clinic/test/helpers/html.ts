/** Reading the bits of the clinic's HTML pages that tests assert on (regexes over our own templates). */

/** Undo the HTML escaping eta applies (`&amp; &lt; &gt; &quot; &#39;`). */
export function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Cell texts of every row in the list table's body. */
export function tableRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  const rows: string[][] = [];
  for (const row of body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
    const cells = [...(row[1] ?? '').matchAll(/<td(?: [^>]*)?>([\s\S]*?)<\/td>/g)].map((m) =>
      unescapeHtml(m[1] ?? ''),
    );
    if (!(cells.length === 1 && cells[0] === 'Nothing here yet.')) rows.push(cells);
  }
  return rows;
}

/** The error message shown next to form field `name`, if any. */
export function fieldError(html: string, name: string): string | undefined {
  const match = new RegExp(`<span class="error" id="e-${name}" data-field="${name}">([^<]*)</span>`).exec(
    html,
  );
  return match ? unescapeHtml(match[1] ?? '') : undefined;
}

/** The value an `<input>` / `<textarea>` / `<select>` named `name` holds. */
export function formValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input id="f-${name}" name="${name}" type="[a-z]+" value="([^"]*)"`).exec(html);
  if (input) return unescapeHtml(input[1] ?? '');
  const textarea = new RegExp(`<textarea id="f-${name}" name="${name}"[^>]*>([^<]*)</textarea>`).exec(html);
  if (textarea) return unescapeHtml(textarea[1] ?? '');
  const select = new RegExp(`<select id="f-${name}" name="${name}"[\\s\\S]*?</select>`).exec(html)?.[0];
  if (select) return unescapeHtml(/<option value="([^"]*)" selected>/.exec(select)?.[1] ?? '');
  return undefined;
}

/** The text of the green notice ("Added hospital 7."), if any. */
export function notice(html: string): string | undefined {
  const match = /<p class="notice" role="status">([^<]*)<\/p>/.exec(html);
  return match ? unescapeHtml(match[1] ?? '') : undefined;
}

/** The "of N" total in the pager. */
export function pageTotal(html: string): number | undefined {
  const match = /<span class="total">(\d+)<\/span>/.exec(html);
  return match ? Number(match[1]) : undefined;
}

/** href of the pager link with `rel` (`prev` | `next`), unescaped. */
export function pagerLink(html: string, rel: 'prev' | 'next'): string | undefined {
  const match = new RegExp(`<a rel="${rel}" href="([^"]*)"`).exec(html);
  return match ? unescapeHtml(match[1] ?? '') : undefined;
}

/** Form-encode `fields` (application/x-www-form-urlencoded). */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
