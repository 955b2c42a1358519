/** Pagination: `?offset=&limit=` in, `{ items, total, offset, limit }` out. */
import { z } from 'zod';
import { wholeNumber } from './fields.ts';

/** Default page size (records). */
export const DEFAULT_LIMIT = 50;
/** Largest page size accepted (records). */
export const MAX_LIMIT = 500;

/** Query string for list endpoints: `offset` ≥ 0 (default 0), `limit` 1..500 (default 50). */
export const pageQuery = z.object({
  offset: wholeNumber(0, 'Records to skip').default(0),
  limit: wholeNumber(1, 'Records per page (at most 500)')
    .refine((n) => n <= MAX_LIMIT, `must be ≤ ${MAX_LIMIT}`)
    .default(DEFAULT_LIMIT),
});

/** Which slice of a list to return: `offset` records skipped, at most `limit` returned. */
export interface PageRequest {
  offset: number;
  limit: number;
}

/** One page of a list, newest first. `total` counts every record, not just this page. */
export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** Zod schema of a page of `item` (for response schemas / OpenAPI). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
  });
}
