// Lists from the server, paged the one way every list is: ?limit=&after= answered with
// {"items": [...], "next": cursor|null}. One page for lists the user walks through (load more with
// the `next` it gave), every page for pickers that need the whole set (godowns, units, ledgers).

export const PAGE_MAX = 500;         // the most the server gives in one page
const PAGES_MAX = 200;               // 100,000 rows: past that a "whole set" is a server bug, not data

/*
 * fetchPage(ctx, '/companies/1/items', {q: 'wire', archived: 'all'}, {limit: 50, after}) ->
 * {items, next}. Empty parameters are left out; next is null on the last page. Throws ApiError.
 */
export async function fetchPage(ctx, path, params = {}, { limit = 50, after = null } = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  p.set('limit', String(Math.min(PAGE_MAX, limit)));
  if (after) p.set('after', String(after));
  const res = await ctx.api('GET', path + '?' + p.toString());
  const d = res.data || {};
  return { items: Array.isArray(d.items) ? d.items : [], next: d.next !== null && d.next !== undefined && d.next !== '' ? String(d.next) : null };
}

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
