/**
 * Card statements are Markdown, rendered to HTML safely with markdown-it: raw
 * HTML disabled (`<script>` shows as text), links limited to markdown-it's
 * allow-list (no `javascript:`/`vbscript:`/`data:` except images).
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

// Statements are rendered on every field view: keep the HTML of recent ones (bounded; oldest evicted first).
const cache = new Map<string, string>();
const CACHE_ENTRIES = 2000;

/** HTML for Markdown `source`; safe to insert into a page as is. */
export function renderStatement(source: string): string {
  let html = cache.get(source);
  if (html === undefined) {
    html = md.render(source);
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(source, html);
  }
  return html;
}
