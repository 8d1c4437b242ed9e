// The inventory module's menu of stock reports (stock summary, item movement register, reorder
// list, stock ageing, batches). Each opens in the one report screen of reports.js, which shows
// them as it shows the accounting reports.
import { rowCursor } from './ui.js';
import { invTabs, invTabKey, INV_TAB_KEYS } from './inventory.js';
import { STOCK_REPORTS } from './reports.js';

export const stockReportsMenuScreen = {
  nav: 'inventory',
  render(ctx, root, params) {
    const { h } = ctx;
    const cid = params.cid;
    const hashOf = (name) => '#/c/' + cid + '/inventory/reports/' + name;
    const tbody = h('tbody', {}, STOCK_REPORTS.map(({ name }, i) => h('tr', { id: 'smenu-' + i, role: 'row', dataset: { row: String(i), name } }, [
      h('td', { class: 'menu-label' }, [h('a', { href: hashOf(name), tabIndex: -1, t: 'srep.' + name })]),
      h('td', { class: 'menu-hint muted', t: 'sreph.' + name }),
    ])));
    const table = h('table', { id: 'stock-reports-menu', class: 'grid menu-grid', tabIndex: 0, role: 'grid', tattr: { 'aria-label': 'inv.reports' } }, [tbody]);
    const kept = ctx.takeView();
    const cursor = rowCursor(table, { onOpen: (i) => ctx.drill(hashOf(STOCK_REPORTS[i].name), { active: i }) });
    root.replaceChildren(h('section', { class: 'screen' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'inv.reports' })]),
      invTabs(ctx, cid, 'reports'),
      h('div', { class: 'grid-wrap menu-wrap' }, [table]),
    ]));
    table.focus();
    cursor.set(kept ? kept.active : 0, true);
    ctx.setKeys([['↑↓', 'keys.move'], ['Enter', 'keys.open'], ...INV_TAB_KEYS]);
    return { onKey(e, k) { if (invTabKey(ctx, cid, e, k)) return; cursor.onKey(e, k); } };
  },
};
