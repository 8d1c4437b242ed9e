// Home (Tally's Gateway, as a dashboard): the figures GET /companies/{cid}/home gives the caller's
// role - cash and bank, receivables and payables (overdue, due this week), this month's GST
// payable, sales this month against last, items to reorder, the newest vouchers. Every figure is a
// link that drills to its report; ↑↓ (or Tab) move between them, Enter opens, Esc comes back here.
// The charts are plain CSS bars sized from the server's figures.
import { alertError } from './form.js';

/* paise of a decimal string, as a BigInt (only to size bars: no arithmetic on money is shown). */
function paise(v) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(v || '0'));
  if (!m) return 0n;
  const n = BigInt(m[2]) * 100n + BigInt(((m[3] || '') + '00').slice(0, 2));
  return m[1] ? -n : n;
}

/* Sets a size through the CSSOM (the page's CSP allows no style attributes). */
function sized(node, prop, pct) {
  node.style[prop] = pct + '%';
  return node;
}

/* Width of a bar in percent of the largest: whole percent, at least 1 for a figure that is not 0. */
function share(v, max) {
  if (max <= 0n || v <= 0n) return 0;
  const p = Number((v * 100n) / max);
  return Math.max(1, Math.min(100, p));
}

export default {
  nav: 'home',
  render(ctx, root, params) {
    const { h, fmt } = ctx;
    const cid = params.cid;
    const base = '#/c/' + cid;
    const alert = h('div', { class: 'form-alert', id: 'home-alert', role: 'alert', hidden: true });
    const grid = h('div', { class: 'home-grid', id: 'home-grid', 'aria-busy': 'true' });
    const kept = ctx.takeView();
    root.replaceChildren(h('section', { class: 'screen screen-home' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'home.title' }), h('span', { class: 'count', id: 'home-today' }),
        h('div', { class: 'spacer' }),
        h('span', { class: 'hint' }, [h('kbd', { text: 'Ctrl+K' }), ' ', h('span', { t: 'gs.title' })])]),
      alert, grid,
    ]));

    const money = (v, extra) => h('span', { class: 'num money' + (extra ? ' ' + extra : ''), text: '₹' + fmt.formatMoney(v) });
    /* A drill-down: a link whose Enter (or click) opens `to`, remembering which one it was. */
    const link = (id, to, children, cls) => h('a', {
      id, class: 'home-link' + (cls ? ' ' + cls : ''), href: to,
      on: { click: (e) => { e.preventDefault(); ctx.drill(to, { focus: id }); } },
    }, children);
    const card = (id, title, body) => h('section', { class: 'home-card', id, 'aria-labelledby': id + '-h' }, [
      h('h2', { id: id + '-h', t: title }), ...body]);

    function cashCard(c) {
      return card('home-cash', 'home.cash', [
        h('div', { class: 'home-big' }, [money(c.total, 'home-total')]),
        h('ul', { class: 'home-list' }, c.ledgers.map((l) => h('li', {}, [link('home-ledger-' + l.ledger_id,
          base + '/reports/ledger?ledger_id=' + l.ledger_id, [h('span', { class: 'home-name', text: l.name }),
            h('span', { class: 'home-kind', t: 'home.kind.' + l.kind }), money(l.balance, 'home-bal')])]))),
      ]);
    }

    function billsCard(kind, b) {
      const to = base + '/reports/' + kind;
      return card('home-' + kind, 'home.' + kind, [
        link('home-' + kind + '-link', to, [
          h('div', { class: 'home-row' }, [h('span', { t: 'home.overdue' }), money(b.overdue, 'home-overdue'),
            h('span', { class: 'home-n', t: 'home.bills', targs: { n: b.overdue_bills } })]),
          h('div', { class: 'home-row' }, [h('span', { t: 'home.dueWeek' }), money(b.due_this_week, 'home-week'),
            h('span', { class: 'home-n', t: 'home.bills', targs: { n: b.due_this_week_bills } })]),
          h('div', { class: 'home-row home-sub' }, [h('span', { t: 'home.pending' }), money(b.pending, 'home-pending')]),
        ], 'home-block'),
      ]);
    }

    function gstCard(g) {
      return card('home-gst', 'home.gst', [
        link('home-gst-link', base + '/reports/gstr3b?from=' + g.from + '&to=' + g.to, [
          h('div', { class: 'home-big' }, [money(g.payable, 'home-gst-total')]),
          h('div', { class: 'home-row home-sub' }, [h('span', { text: 'IGST' }), money(g.igst)]),
          h('div', { class: 'home-row home-sub' }, [h('span', { text: 'CGST' }), money(g.cgst)]),
          h('div', { class: 'home-row home-sub' }, [h('span', { text: 'SGST' }), money(g.sgst)]),
          h('div', { class: 'home-sub', t: 'home.period', targs: { from: fmt.formatDate(g.from), to: fmt.formatDate(g.to) } }),
        ], 'home-block'),
      ]);
    }

    function salesCard(s) {
      const now = paise(s.this_month.amount), before = paise(s.last_month.amount);
      const max = now > before ? now : before;
      const days = s.days || [];
      let dmax = 0n;
      for (const d of days) { const v = paise(d.amount); if (v > dmax) dmax = v; }
      const bar = (cls, v) => sized(h('span', { class: 'bar ' + cls }), 'width', share(v, max));
      return card('home-sales', 'home.sales', [
        link('home-sales-link', base + '/reports/day-book?from=' + s.this_month.from + '&to=' + s.this_month.to, [
          h('div', { class: 'home-row' }, [h('span', { t: 'home.thisMonth' }), money(s.this_month.amount, 'home-sales-now')]),
          h('div', { class: 'bar-track', 'aria-hidden': 'true' }, [bar('bar-now', now)]),
          h('div', { class: 'home-row' }, [h('span', { t: 'home.lastMonth' }), money(s.last_month.amount, 'home-sales-before')]),
          h('div', { class: 'bar-track', 'aria-hidden': 'true' }, [bar('bar-before', before)]),
        ], 'home-block'),
        days.length ? h('div', { class: 'spark', 'aria-hidden': 'true' }, days.map((d) =>
          sized(h('span', { class: 'spark-bar', title: fmt.formatDate(d.date) + ' ₹' + fmt.formatMoney(d.amount) }), 'height', share(paise(d.amount), dmax)))) : null,
      ]);
    }

    function reorderCard(r) {
      const to = base + '/inventory/reports/reorder';
      return card('home-reorder', 'home.reorder', [
        link('home-reorder-link', to, [h('div', { class: 'home-big' }, [h('span', { class: 'home-count', text: String(r.count) }),
          ' ', h('span', { t: 'home.itemsBelow' })])], 'home-block'),
        h('ul', { class: 'home-list' }, r.items.map((it) => h('li', {}, [link('home-item-' + it.item_id, base + '/inventory/items/' + it.item_id, [
          h('span', { class: 'home-name', text: ctx.state.lang === 'hi' && it.name_hi ? it.name_hi : it.name }),
          h('span', { class: 'home-kind mono', text: it.sku })])]))),
      ]);
    }

    function recentCard(list) {
      return card('home-recent', 'home.recent', [
        h('ul', { class: 'home-list home-vouchers' }, list.map((v) => h('li', {}, [link('home-v-' + v.id, base + '/accounts/v/' + v.id, [
          h('span', { class: 'mono home-vno', text: v.number }), h('span', { class: 'home-kind', text: fmt.formatDate(v.date) }),
          h('span', { class: 'home-name', text: v.party_name || v.narration || '' }), money(v.total, 'home-bal')])]))),
        link('home-daybook', base + '/accounts', [h('span', { t: 'home.allVouchers' })], 'home-more'),
      ]);
    }

    function links() { return [...grid.querySelectorAll('a.home-link')]; }

    async function load() {
      try {
        const r = await ctx.api('GET', '/companies/' + cid + '/home');
        const d = r.data || {};
        ctx.setT(document.getElementById('home-today'), 'home.today', { date: fmt.formatDate(d.today) });
        const cards = [];
        if (d.cash) cards.push(cashCard(d.cash));
        if (d.receivables) cards.push(billsCard('receivables', d.receivables));
        if (d.payables) cards.push(billsCard('payables', d.payables));
        if (d.gst) cards.push(gstCard(d.gst));
        if (d.sales) cards.push(salesCard(d.sales));
        if (d.reorder) cards.push(reorderCard(d.reorder));
        if (d.recent) cards.push(recentCard(d.recent));
        grid.replaceChildren(...cards);
        grid.removeAttribute('aria-busy');
        const back = kept && kept.focus && document.getElementById(kept.focus);
        const first = back || links()[0];
        if (first) first.focus();
      } catch (err) {
        grid.removeAttribute('aria-busy');
        alertError(ctx, alert, err);
      }
    }

    ctx.setKeys([['↑↓', 'keys.move'], ['Enter', 'keys.open'], ['Alt+W', 'nav.home']]);
    load();

    return {
      onKey(e, k) {
        if (k !== 'ArrowDown' && k !== 'ArrowUp') return;
        const all = links();
        if (!all.length) return;
        e.preventDefault();
        const i = all.indexOf(document.activeElement);
        const j = i < 0 ? 0 : Math.max(0, Math.min(all.length - 1, i + (k === 'ArrowDown' ? 1 : -1)));
        all[j].focus();
      },
    };
  },
};
