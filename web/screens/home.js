// Home, the screen after login (Tally's Gateway as a dashboard): the figures GET /companies/{cid}/home
// gives the caller's role - cash and bank, receivables and payables (overdue, due this week), this
// month's GST payable, sales this month against last, items to reorder, the newest vouchers. Every
// figure is a link that drills to its report, filtered: ↑↓ move through them, ←→ go to the
// card before or after, Enter opens, Esc on the screen opened comes back to the same figure. A role
// that may not read the books' money gets none from the server, and the screen says so. The
// charts are plain CSS bars sized from the server's figures.
import { alertError } from './form.js';

/* Paise of a decimal string as a BigInt: only to size bars and say a change in percent. */
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

/* v as a share of max in whole percent, at least 2 for a figure that is not 0 (so it shows). */
function share(v, max) {
  const a = v < 0n ? -v : v;
  if (max <= 0n || a === 0n) return 0;
  return Math.max(2, Math.min(100, Number((a * 100n) / max)));
}

const big = (a, b) => (a > b ? a : b);

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
      h('div', { class: 'screen-head' }, [
        h('h1', { t: 'home.title' }), h('span', { class: 'count', id: 'home-today' }), h('div', { class: 'spacer' }),
        h('button', { type: 'button', class: 'btn btn-ghost', id: 'home-search', on: { click: () => ctx.openSearch() } },
          [h('span', { t: 'gs.title' }), h('kbd', { class: 'btn-key', text: 'Ctrl+K' })]),
      ]),
      alert, grid,
    ]));

    const money = (v, extra) => h('span', {
      class: 'num money' + (paise(v) < 0n ? ' neg' : '') + (extra ? ' ' + extra : ''), text: '₹' + fmt.formatMoney(v),
    });
    /* A drill-down: Enter (or a click) opens `to`, and Esc there comes back to this link. */
    const link = (id, to, children, cls) => h('a', {
      id, class: 'home-link' + (cls ? ' ' + cls : ''), href: to,
      on: { click: (e) => { e.preventDefault(); ctx.drill(to, { focus: id }); } },
    }, children);
    const card = (id, title, body, cls) => h('section', { class: 'home-card' + (cls ? ' ' + cls : ''), id, 'aria-labelledby': id + '-h' }, [
      h('h2', { id: id + '-h', t: title }), ...body]);
    const row = (label, value, extra) => h('span', { class: 'home-row' }, [label, h('span', { class: 'spacer' }), value, extra || null]);
    const q = (o) => '?' + new URLSearchParams(o).toString();

    function cashCard(c, today) {
      const fy = fmt.financialYear(today);
      const period = { from: fy.from, to: today };
      return card('home-cash', 'home.cash', [
        h('div', { class: 'home-big' }, [money(c.total, 'home-cash-total')]),
        link('home-cash-book', base + '/reports/cash-book' + q(period), [row(h('span', { t: 'home.kind.cash' }), money(c.cash))], 'home-sum'),
        link('home-bank-book', base + '/reports/bank-book' + q(period), [row(h('span', { t: 'home.kind.bank' }), money(c.bank))], 'home-sum'),
        h('ul', { class: 'home-list' }, c.ledgers.map((l) => h('li', {}, [
          link('home-ledger-' + l.ledger_id, base + '/reports/ledger' + q({ ledger_id: l.ledger_id, ...period }),
            [row(h('span', { class: 'home-name', text: l.name }), money(l.balance, 'home-bal'))]),
        ]))),
      ]);
    }

    /* Overdue, due this week and the rest of what is pending, as one bar of three parts. */
    function agingBar(b) {
      const over = paise(b.overdue), week = paise(b.due_this_week);
      const rest = big(0n, paise(b.pending) - paise(b.on_account) - over - week);
      const all = over + week + rest;
      return h('div', { class: 'stack', 'aria-hidden': 'true' }, [
        sized(h('span', { class: 'stack-over' }), 'width', share(over, all)),
        sized(h('span', { class: 'stack-week' }), 'width', share(week, all)),
        sized(h('span', { class: 'stack-rest' }), 'width', share(rest, all)),
      ]);
    }

    function billsCard(kind, b, today) {
      const fy = fmt.financialYear(today);
      return card('home-' + kind, 'home.' + kind, [
        link('home-' + kind + '-link', base + '/reports/' + kind + q({ from: fy.from, to: today }), [
          row(h('span', { class: 'dot dot-over', t: 'home.overdue' }), money(b.overdue, 'home-overdue'),
            h('span', { class: 'home-n', t: 'home.bills', targs: { n: b.overdue_bills } })),
          row(h('span', { class: 'dot dot-week', t: 'home.dueWeek', targs: { to: fmt.formatDate(b.week_to) } }), money(b.due_this_week, 'home-week'),
            h('span', { class: 'home-n', t: 'home.bills', targs: { n: b.due_this_week_bills } })),
          agingBar(b),
          row(h('span', { class: 'home-sub', t: 'home.pending' }), money(b.pending, 'home-pending')),
        ], 'home-block'),
      ]);
    }

    function gstCard(g) {
      return card('home-gst', 'home.gst', [
        link('home-gst-link', base + '/reports/gstr3b' + q({ from: g.from, to: g.to }), [
          h('div', { class: 'home-big' }, [money(g.payable, 'home-gst-total')]),
          row(h('span', { text: 'IGST' }), money(g.igst)),
          row(h('span', { text: 'CGST' }), money(g.cgst)),
          row(h('span', { text: 'SGST' }), money(g.sgst)),
          h('span', { class: 'home-sub', t: 'home.period', targs: { from: fmt.formatDate(g.from), to: fmt.formatDate(g.to) } }),
          h('span', { class: 'home-sub', t: 'home.returnDue', targs: { date: fmt.formatDate(g.return_due) } }),
        ], 'home-block'),
      ]);
    }

    /* This month against last month to the same day: "+12%", "−8%" or nothing when last month had none. */
    function change(now, before) {
      if (before <= 0n) return null;
      const pct = ((now - before) * 100n) / before;
      return h('span', { class: 'home-change ' + (pct < 0n ? 'neg' : 'pos'), text: (pct < 0n ? '−' + (-pct) : '+' + pct) + '%' });
    }

    function salesCard(s) {
      const now = paise(s.this_month.amount), same = paise(s.last_month_same_days.amount), whole = paise(s.last_month.amount);
      const max = big(big(now, same), whole);
      const bar = (cls, v) => h('span', { class: 'bar-track', 'aria-hidden': 'true' }, [sized(h('span', { class: 'bar ' + cls }), 'width', share(v, max))]);
      const vlist = (p) => base + '/accounts' + q({ type: 'sales', from: p.from, to: p.to });
      let dmax = 0n;
      for (const d of s.days) { const v = paise(d.amount); dmax = big(dmax, v < 0n ? -v : v); }
      return card('home-sales', 'home.sales', [
        link('home-sales-link', vlist(s.this_month), [
          row(h('span', { t: 'home.thisMonth', targs: { to: fmt.formatDate(s.this_month.to) } }), money(s.this_month.amount, 'home-sales-now'),
            change(now, same)),
          bar('bar-now', now),
        ], 'home-block'),
        link('home-sales-last', vlist(s.last_month_same_days), [
          row(h('span', { t: 'home.lastSameDays', targs: { to: fmt.formatDate(s.last_month_same_days.to) } }), money(s.last_month_same_days.amount, 'home-sales-same')),
          bar('bar-before', same),
        ], 'home-block'),
        link('home-sales-whole', vlist(s.last_month), [
          row(h('span', { t: 'home.lastMonth' }), money(s.last_month.amount, 'home-sales-before')),
          bar('bar-whole', whole),
        ], 'home-block'),
        h('div', { class: 'spark', 'aria-hidden': 'true' }, s.days.map((d) => {
          const v = paise(d.amount);
          return h('a', { class: 'spark-day', href: vlist({ from: d.date, to: d.date }), tabIndex: -1, title: fmt.formatDate(d.date) + ' ₹' + fmt.formatMoney(d.amount),
            on: { click: (e) => { e.preventDefault(); ctx.drill(vlist({ from: d.date, to: d.date }), { focus: 'home-sales-link' }); } } },
          [sized(h('span', { class: 'spark-bar' + (v < 0n ? ' neg' : '') }), 'height', share(v, dmax))]);
        })),
      ]);
    }

    /* An item's name in the language of the screen: both are there, the stylesheet shows one. */
    const itemName = (it) => h('span', { class: 'home-name' }, [
      h('span', { class: it.name_hi ? 'name-en' : '', text: it.name }),
      it.name_hi ? h('span', { class: 'name-hi', lang: 'hi', text: it.name_hi }) : null,
    ]);

    function reorderCard(r) {
      const inv = base + '/inventory/reports/';
      return card('home-reorder', 'home.reorder', [
        link('home-reorder-link', inv + 'reorder', [h('div', { class: 'home-big' }, [
          h('span', { class: 'home-count', text: String(r.count) }), ' ', h('span', { class: 'home-sub', t: 'home.itemsBelow' })])], 'home-block'),
        h('ul', { class: 'home-list' }, r.items.map((it) => h('li', {}, [link('home-item-' + it.item_id, inv + 'stock-movement' + q({ item_id: it.item_id }), [
          row(itemName(it), h('span', { class: 'num home-qty', t: 'home.stockOf', targs: { have: fmt.formatQty(it.in_stock, it.unit), level: fmt.formatQty(it.reorder_level, it.unit) } })),
        ])]))),
      ]);
    }

    function recentCard(list, withMoney) {
      return card('home-recent', 'home.recent', [
        h('ul', { class: 'home-list home-vouchers' }, list.map((v) => h('li', {}, [link('home-v-' + v.id, base + '/accounts/v/' + v.id, [
          h('span', { class: 'home-vrow' + (v.status === 'cancelled' ? ' is-cancelled' : '') }, [
            h('span', { class: 'mono home-vno', text: v.number }),
            h('span', { class: 'home-date', text: fmt.formatDate(v.date) }),
            h('span', { class: 'vtype vtype-' + v.type, t: 'vtype.' + v.type }),
            h('span', { class: 'home-name', text: v.party_name || v.narration || '' }),
            withMoney ? money(v.total, 'home-bal') : null,
          ]),
        ])]))),
        link('home-all-vouchers', base + '/accounts', [h('span', { t: 'home.allVouchers' }), h('kbd', { text: 'Alt+V' })], 'home-more'),
      ], 'home-wide');
    }

    const links = () => [...grid.querySelectorAll('a.home-link')];

    async function load() {
      try {
        const r = await ctx.api('GET', '/companies/' + cid + '/home');
        const d = r.data || {};
        ctx.setT(document.getElementById('home-today'), 'home.today', { date: fmt.formatDate(d.today) });
        const cards = [];
        if (d.cash) cards.push(cashCard(d.cash, d.today));
        if (d.receivables) cards.push(billsCard('receivables', d.receivables, d.today));
        if (d.payables) cards.push(billsCard('payables', d.payables, d.today));
        if (d.sales) cards.push(salesCard(d.sales));
        if (d.gst) cards.push(gstCard(d.gst));
        if (d.reorder) cards.push(reorderCard(d.reorder));
        if (!d.money) cards.push(card('home-nomoney', 'home.noMoneyTitle', [h('p', { class: 'home-sub', t: 'home.noMoney' })]));
        if (d.recent) cards.push(recentCard(d.recent, d.money));
        grid.replaceChildren(...cards);
        grid.removeAttribute('aria-busy');
        const back = kept && kept.focus && document.getElementById(kept.focus);
        const first = back || links()[0];
        if (first && !document.getElementById('gs')) first.focus();
      } catch (err) {
        grid.removeAttribute('aria-busy');
        alertError(ctx, alert, err);
      }
    }

    /* ↑↓ the link before or after; ←→ the first link of the card before or after. */
    function move(e, k) {
      const all = links();
      if (!all.length) return;
      const i = all.indexOf(document.activeElement);
      let j;
      if (k === 'ArrowDown' || k === 'ArrowUp') {
        j = i < 0 ? 0 : Math.max(0, Math.min(all.length - 1, i + (k === 'ArrowDown' ? 1 : -1)));
      } else if (k === 'Home' || k === 'End') {
        j = k === 'Home' ? 0 : all.length - 1;
      } else {
        const cards = [...grid.querySelectorAll('.home-card')].filter((c) => c.querySelector('a.home-link'));
        const at = i < 0 ? -1 : cards.indexOf(all[i].closest('.home-card'));
        const c = cards[Math.max(0, Math.min(cards.length - 1, at + (k === 'ArrowRight' ? 1 : -1)))];
        j = all.indexOf(c.querySelector('a.home-link'));
      }
      e.preventDefault();
      all[j].focus();
    }

    ctx.setKeys([['↑↓', 'keys.move'], ['←→', 'home.keyCards'], ['Enter', 'keys.open'], ['/', 'gs.title']]);
    load();

    return {
      onKey(e, k) {
        if (['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(k)) move(e, k);
      },
    };
  },
};
