import { useEffect, useRef } from 'react';
import renderMathInElement from 'katex/contrib/auto-render';

/**
 * A card's statement: HTML rendered by the server from Markdown (markdown-it
 * with raw HTML off, so it holds no markup of the author's), then formulas
 * between `$…$` / `$$…$$` typeset with KaTeX in the browser (text nodes only).
 */
export function Statement({ html }: { html: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    renderMathInElement(ref.current, {
      delimiters: [
        { left: '$$', right: '$$', display: true },
        { left: '$', right: '$', display: false },
      ],
      throwOnError: false,
    });
  }, [html]);
  return (
    <div ref={ref} className="statement" data-testid="statement" dangerouslySetInnerHTML={{ __html: html }} />
  );
}
