// Lists from the server, paged the one way every list is: ?limit=&after= answered with
// {"items": [...], "next": cursor|null}. One page for lists the user walks through (load more with
// the `next` it gave), every page for pickers that need the whole set (godowns, units, ledgers).
// A paged report (the stock summary by item) pages the same way, its rows in its tables.

export const PAGE_MAX = 500;         // the most the server gives in one page
const PAGES_MAX = 200;               // 100,000 rows: past that a "whole set" is a server bug, not data

/*
 * fetchPage(ctx, '/companies/1/items', {q: 'wire', archived: 'all'}, {limit: 50, after}) ->
 * {items, next}. Empty parameters are left out; next is null on the last page. Throws ApiError.
 */
export async function fetchPage(ctx, path, params = {}, { limit = 50, after = null } = {}) {
  const res = await ctx.api('GET', path + '?' + pageQuery(params, limit, after));
  const d = res.data || {};
  return { items: Array.isArray(d.items) ? d.items : [], next: nextOf(d) };
}

/*
 * fetchReport(ctx, '/companies/1/reports/stock-summary', {by: 'item'}, {limit: 100, after}) ->
 * {report, next}: one page of a report (its generic JSON: tables, summary); next is null on the
 * last page and for a report that is not paged (then give no limit: the report is whole).
 */
export async function fetchReport(ctx, path, params = {}, { limit = null, after = null } = {}) {
  const q = pageQuery(params, limit, after);
  const res = await ctx.api('GET', path + (q ? '?' + q : ''));
  const d = res.data || {};
  return { report: d, next: nextOf(d) };
}

/* The query of a page: non-empty params, then limit (at most PAGE_MAX) and after when given. */
export function pageQuery(params, limit, after) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  if (limit) p.set('limit', String(Math.min(PAGE_MAX, limit)));
  if (after) p.set('after', String(after));
  return p.toString();
}

const nextOf = (d) => (d.next !== null && d.next !== undefined && d.next !== '' ? String(d.next) : null);

/* fetchAll(ctx, '/companies/1/godowns', params) -> every item, 500 a page, following next. */
export async function fetchAll(ctx, path, params = {}) {
  const all = [];
  let after = null;
  for (let i = 0; i < PAGES_MAX; i++) {
    const page = await fetchPage(ctx, path, params, { limit: PAGE_MAX, after });
    all.push(...page.items);
    if (!page.next || page.next === after) return all;
    after = page.next;
  }
  throw new ctx.ApiError(500, { code: 'internal', message: path + ': more than ' + PAGES_MAX + ' pages' });
}
