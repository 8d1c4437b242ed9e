// Voucher list, Day Book style: newest first, filtered by type, dates and party, and by what one
// remembers of a voucher (the beginning of its number, an amount range, a word of its narration or
// reference), paged with the server's cursor. A drill-down (the home screen's sales) names its
// filters in the hash. ↑↓ move, Enter opens the voucher, F3 goes to the number filter and Enter
// walks the filters, F4..F9 start a new one.
import { dateInput, picker, rowCursor, keyButton, moneyCell, typing } from './ui.js';
import { alertError, toastError } from './form.js';
import { fetchPage } from './paging.js';

const PAGE = 50;

export default {
  nav: 'accounts',
  render(ctx, root, params) {
    const { h, fmt } = ctx;
    const cid = params.cid;
    const key = 'vouchers:' + cid;
    const ls = ctx.state.listState[key] || (ctx.state.listState[key] = { type: '', from: '', to: '', party: null, loaded: 0 });
    const FIND = { number: 'number', amount_min: 'amin', amount_max: 'amax', q: 'text' };
    const q = params.query;
    if (q && ['type', 'from', 'to', ...Object.keys(FIND)].some((k) => q.get(k))) {
      // Opened with filters (a drill-down): exactly those, nothing kept from before.
      Object.assign(ls, { type: q.get('type') || '', from: q.get('from') || '', to: q.get('to') || '', party: null, loaded: 0 });
      for (const [k, f] of Object.entries(FIND)) ls[f] = q.get(k) || '';
      // From here on the list's own state holds them: coming back from a voucher keeps what was changed.
      ctx.replaceHash('#/c/' + cid + '/accounts');
    }
    const kept = ctx.takeView();
    let items = [];
    let next = null;
    let seq = 0;

    let types = [];     // GET /voucher-types: the filter, the new-voucher bar and its keys
    const typeSel = h('select', { id: 'vl-type', tattr: { 'aria-label': 'vlist.type' } }, [h('option', { value: '', t: 'vlist.allTypes' })]);
    const from = dateInput(ctx, { id: 'vl-from', tattr: { 'aria-label': 'report.from' } });
    const to = dateInput(ctx, { id: 'vl-to', tattr: { 'aria-label': 'report.to' } });
    from.set(ls.from);
    to.set(ls.to);
    const party = picker(ctx, {
      id: 'vl-party',
      search: async (q) => (await fetchPage(ctx, '/companies/' + cid + '/parties', { q: q }, { limit: 8 })).items,
      label: (p) => p.name || '',
      option: (p) => [h('span', { class: 'opt-main', text: p.name || '' }), h('span', { class: 'opt-meta' }, [p.kind ? h('span', { t: 'kind.' + p.kind }) : ''])],
      onPick: (p) => { ls.party = { id: p.id, name: p.name }; reload(); },
      onClear: () => { if (ls.party) { ls.party = null; reload(); } },
      props: { tattr: { placeholder: 'vlist.partyFilter', 'aria-label': 'vlist.party' } },
    });
    if (ls.party) party.set(ls.party);
    const findInput = (id, label, extra) => h('input', { id, type: 'text', autocomplete: 'off', spellcheck: 'false', tattr: { 'aria-label': label, placeholder: label }, ...extra });
    const fNumber = findInput('vl-number', 'vlist.numberFilter', { class: 'mono vl-find-number', maxLength: 40 });
    const fMin = findInput('vl-amin', 'vlist.amountMin', { class: 'num vl-find-amount', inputmode: 'decimal', maxLength: 20 });
    const fMax = findInput('vl-amax', 'vlist.amountMax', { class: 'num vl-find-amount', inputmode: 'decimal', maxLength: 20 });
    const fText = findInput('vl-text', 'vlist.textFilter', { class: 'vl-find-text', maxLength: 100 });
    const finds = [fNumber, fMin, fMax, fText];
    const findKeys = ['number', 'amin', 'amax', 'text'];
    finds.forEach((f, i) => { f.value = ls[findKeys[i]] || ''; });
    const count = h('span', { class: 'count', id: 'vl-count' });
    const tbody = h('tbody');
    const table = h('table', { id: 'vouchers-table', class: 'grid', tabIndex: 0, role: 'grid', tattr: { 'aria-label': 'vlist.title' } }, [
      h('thead', {}, [h('tr', {}, [
        h('th', { class: 'col-date', t: 'voucher.date' }),
        h('th', { class: 'col-type', t: 'vlist.type' }),
        h('th', { class: 'col-number', t: 'vlist.number' }),
        h('th', { t: 'voucher.party' }),
        h('th', { t: 'voucher.narration' }),
        h('th', { class: 'num col-money', t: 'voucher.total' }),
        h('th', { class: 'col-status', t: 'vlist.status' }),
      ])]),
      tbody,
    ]);
    const more = keyButton(ctx, 'vl-more', 'list.loadMore', 'Alt+M', '', () => load(true));
    more.hidden = true;
    const cursor = rowCursor(table, { onOpen: (i) => open(i) });
    const newBar = h('div', { class: 'new-bar', id: 'vl-new-bar' });
    const alert = h('div', { class: 'form-alert', id: 'vl-alert', role: 'alert', hidden: true });

    root.replaceChildren(h('section', { class: 'screen screen-list screen-report' }, [
      h('div', { class: 'screen-head' }, [
        h('h1', { t: 'vlist.title' }), count, h('div', { class: 'spacer' }),
        keyButton(ctx, 'vl-reports', 'nav.reports', 'Alt+G', 'btn-ghost', () => ctx.go('#/c/' + cid + '/reports')),
        keyButton(ctx, 'vl-new', 'vlist.new', 'Alt+N', 'btn-primary', () => ctx.go('#/c/' + cid + '/accounts/new/sales')),
      ]),
      newBar,
      h('div', { class: 'toolbar' }, [
        h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'vlist.type' }), typeSel, h('kbd', { class: 'tool-key', text: 'Alt+K' })]),
        h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'report.from' }), from.input, h('kbd', { class: 'tool-key', text: 'F2' })]),
        h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'report.to' }), to.input]),
        h('div', { class: 'tool search-box' }, [party.wrap, h('kbd', { class: 'search-key', text: '/' })]),
      ]),
      h('div', { class: 'toolbar toolbar-find', id: 'vl-find' }, [
        h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'vlist.number' }), fNumber, h('kbd', { class: 'tool-key', text: 'F3' })]),
        h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'vlist.amount' }), fMin, h('span', { class: 'tool-sep', text: '–' }), fMax]),
        h('label', { class: 'tool tool-grow' }, [h('span', { class: 'tool-label', t: 'vlist.text' }), fText]),
      ]),
      alert,
      h('div', { class: 'grid-wrap report-tables', id: 'vl-scroll' }, [table]),
      h('div', { class: 'list-foot' }, [more]),
    ]));

    /* The voucher types as the server has them: the type filter and the bar of new-voucher keys. */
    function showTypes() {
      typeSel.replaceChildren(h('option', { value: '', t: 'vlist.allTypes' }), ...types.map((x) => h('option', { value: x.type, t: 'vtype.' + x.type })));
      typeSel.value = ls.type;
      newBar.replaceChildren(...types.map((x) => h('a', { class: 'type-chip', href: '#/c/' + cid + '/accounts/new/' + x.type, tabIndex: -1, dataset: { type: x.type } }, [
        h('kbd', { text: x.hotkey }), h('span', { t: 'vtype.' + x.type })])));
      setKeys();
    }

    /* "F4…F9" and "Ctrl+F8/F9" from the types' own keys, for the shortcut bar. */
    function keySpans() {
      const plain = types.map((x) => x.hotkey).filter((k) => !k.includes('+'));
      const mod = types.map((x) => x.hotkey).filter((k) => k.includes('+'));
      const span = (l) => (l.length > 1 ? l[0] + '…' + l[l.length - 1] : l[0]);
      const pre = mod.length ? mod[0].slice(0, mod[0].lastIndexOf('+') + 1) : '';
      const modText = mod.every((k) => k.startsWith(pre)) ? pre + mod.map((k) => k.slice(pre.length)).join('/') : mod.join(' ');
      return [plain.length ? [span(plain), 'vlist.newKeys'] : null, mod.length ? [modText, 'vlist.noteKeys'] : null].filter(Boolean);
    }

    function setKeys() {
      ctx.setKeys([
        ['↑↓', 'keys.move'], ['Enter', 'keys.open'], ...keySpans(),
        ['Alt+K', 'keys.kind'], ['F2', 'keys.period'], ['F3', 'vlist.findKey'], ['/', 'keys.party'], ['Alt+M', 'keys.more'],
      ]);
    }

    function filters() {
      return {
        type: ls.type, from: ls.from, to: ls.to, party_id: ls.party ? ls.party.id : null,
        number: ls.number, amount_min: ls.amin, amount_max: ls.amax, q: ls.text,
      };
    }

    async function load(append) {
      if (append && !next) return;
      const my = ++seq;
      table.setAttribute('aria-busy', 'true');
      try {
        const page = await fetchPage(ctx, '/companies/' + cid + '/vouchers', filters(),
          { limit: append ? PAGE : Math.max(PAGE, ls.loaded || PAGE), after: append ? next : null });
        if (my !== seq) return;
        items = append ? items.concat(page.items) : page.items;
        alert.hidden = true;
        next = page.next;
        ls.loaded = items.length;
        render();
      } catch (err) {
        if (my !== seq) return;
        // A filter the server refused (too short, not an amount) is said beside the filters.
        const f = { number: fNumber, amount_min: fMin, amount_max: fMax, q: fText }[err.field];
        if (f && err.status === 400) { alertError(ctx, alert, err); f.focus(); } else toastError(ctx, err);
      } finally {
        if (my === seq) table.removeAttribute('aria-busy');
      }
    }

    function reload() { ls.loaded = 0; cursor.reset(); load(false); }

    function render() {
      const keep = cursor.active;
      if (!items.length) {
        tbody.replaceChildren(h('tr', { class: 'empty' }, [h('td', { colSpan: 7, t: 'vlist.empty' })]));
      } else {
        tbody.replaceChildren(...items.map((v, i) => h('tr', {
          id: 'vrow-' + v.id, role: 'row', dataset: { row: String(i), id: String(v.id) },
          class: v.status === 'cancelled' ? 'is-cancelled' : '',
        }, [
          h('td', { class: 'col-date mono', text: fmt.formatDate(v.date) }),
          h('td', { class: 'col-type' }, [h('span', { class: 'vtype vtype-' + v.type, t: 'vtype.' + v.type })]),
          h('td', { class: 'col-number mono', text: v.number || '' }),
          h('td', { class: 'col-party', text: v.party_name || '' }),
          h('td', { class: 'col-narr muted', text: v.narration || '' }),
          moneyCell(ctx, v.total, 'col-money'),
          h('td', { class: 'col-status' }, [v.status === 'cancelled' ? h('span', { class: 'badge badge-muted', t: 'vstatus.cancelled' }) : '']),
        ])));
      }
      ctx.setT(count, next ? 'list.countMore' : 'list.count', { n: items.length });
      more.hidden = !next;
      if (keep >= 0 && items.length) cursor.set(Math.min(keep, items.length - 1), true);
    }

    function open(i) {
      const v = items[i];
      if (v) ctx.drill('#/c/' + cid + '/accounts/v/' + v.id, { active: i, scroll: document.getElementById('vl-scroll').scrollTop });
    }

    function applyDates() {
      const f = from.input.value.trim() ? from.iso() : '';
      const tt = to.input.value.trim() ? to.iso() : '';
      if (f === null || tt === null) { ctx.toast('report.badDate', { kind: 'error' }); return false; }
      if (f !== ls.from || tt !== ls.to) { ls.from = f; ls.to = tt; reload(); }
      return true;
    }

    /* The find filters as typed (amounts without their grouping) into ls; a reload when one changed. */
    function applyFinds() {
      const now = [fNumber.value.trim(), fmt.normaliseMoneyInput(fMin.value), fmt.normaliseMoneyInput(fMax.value), fText.value.trim()];
      if (now.every((v, i) => v === (ls[findKeys[i]] || ''))) return;
      now.forEach((v, i) => { ls[findKeys[i]] = v; });
      reload();
    }
    for (const f of finds) f.addEventListener('change', applyFinds);

    typeSel.addEventListener('change', () => { ls.type = typeSel.value; reload(); });
    from.input.addEventListener('change', applyDates);
    to.input.addEventListener('change', applyDates);

    setKeys();

    (async () => {
      try {
        types = await ctx.voucherTypes();
        showTypes();
      } catch (err) {
        alertError(ctx, alert, err);
      }
      await load(false);
      if (kept && items.length) {
        cursor.set(Math.min(kept.active, items.length - 1), true);
        document.getElementById('vl-scroll').scrollTop = kept.scroll || 0;
        table.focus();
      } else if (items.length) {
        table.focus();
        cursor.set(0, true);
      }
    })();

    return {
      onKey(e, k) {
        const el = e.target;
        if (el === party.input && party.onKey(e, k)) return;
        if (k === 'Enter' && el === party.input) { e.preventDefault(); party.enter().then(() => table.focus()); return; }
        if (k === 'Enter' && (el === from.input || el === to.input)) { e.preventDefault(); if (applyDates()) (el === from.input ? to.input : table).focus(); return; }
        if (k === 'Enter' && finds.includes(el)) {
          e.preventDefault();
          applyFinds();
          const i = finds.indexOf(el);
          (i < finds.length - 1 ? finds[i + 1] : table).focus();
          return;
        }
        if (cursor.onKey(e, k)) {
          if (k === 'ArrowDown' && cursor.active === items.length - 1 && next) load(true);
          return;
        }
        switch (k) {
          case 'ArrowDown': if (el !== party.input) { e.preventDefault(); table.focus(); } return;
          case '/': if (!typing(el)) { e.preventDefault(); party.input.focus(); } return;
          case 'F2': e.preventDefault(); from.input.focus(); from.input.select(); return;
          case 'F3': e.preventDefault(); fNumber.focus(); fNumber.select(); return;
          case 'Alt+K': {
            e.preventDefault();
            const opts = ['', ...types.map((x) => x.type)];
            typeSel.value = opts[(opts.indexOf(typeSel.value) + 1) % opts.length];
            ls.type = typeSel.value;
            reload();
            return;
          }
          case 'Alt+M': e.preventDefault(); load(true); return;
          case 'Alt+N': e.preventDefault(); ctx.go('#/c/' + cid + '/accounts/new/sales'); return;
          case 'Escape': e.preventDefault(); if (el !== table) table.focus(); else ctx.back(); return;
          default:
        }
      },
      destroy() { seq++; },
    };
  },
};
