import * as z from 'zod/mini';
import './schema-messages.js';
import { feedbackCategories } from './vocabulary.js';

/** The most items one inbox page holds; the default page size. */
export const INBOX_PAGE_MAX = 100;
export const INBOX_PAGE_DEFAULT = 50;

/**
 * The query of `GET /brands/{brandId}/feedback`: which items (`status`, `category`,
 * `overdue=true`), how many (`limit`) and from where (`cursor`, the previous page's `nextCursor`).
 *
 * @example
 * ```ts
 * inboxQuerySchema.parse({ category: 'complaint', overdue: 'true' }); // { status: 'open', category: 'complaint', overdue: true, limit: 50 }
 * ```
 */
export const inboxQuerySchema = z.strictObject({
  status: z._default(z.enum(['open', 'closed']), 'open'),
  category: z.optional(z.enum(feedbackCategories)),
  overdue: z.pipe(
    z._default(z.enum(['true', 'false']), 'false'),
    z.transform((value) => value === 'true'),
  ),
  limit: z.pipe(
    z._default(z.string().check(z.regex(/^\d{1,3}$/, 'a whole number')), String(INBOX_PAGE_DEFAULT)),
    z.pipe(z.transform(Number), z.number().check(z.int(), z.gte(1), z.lte(INBOX_PAGE_MAX))),
  ),
  cursor: z.optional(z.string().check(z.maxLength(1024))),
});
export type InboxQuery = z.output<typeof inboxQuerySchema>;
