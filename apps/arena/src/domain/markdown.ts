/**
 * Card statements are Markdown, rendered to HTML safely with markdown-it: raw
 * HTML disabled (`<script>` shows as text), links limited to markdown-it's
 * allow-list (no `javascript:`/`vbscript:`/`data:` except images).
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** HTML for Markdown `source`; safe to insert into a page as is. */
export function renderStatement(source: string): string {
  return md.render(source);
}
