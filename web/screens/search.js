// The one search box (Ctrl+K, or / where the screen has no search of its own): vouchers by amount,
// number or narration, parties, ledgers and items by name (Hindi names too), GSTIN or SKU, from
// GET /companies/{cid}/search as one types. ↑↓ move through the results, Enter opens one (the
// voucher, the party, the ledger's statement, the item), Esc closes and puts focus back.

const GROUPS = ['vouchers', 'parties', 'ledgers', 'items'];
const WAIT_MS = 120;   // typing pauses this long before a question is sent

/* Where a result opens. */
function targetOf(cid, kind, x) {
  const base = '#/c/' + cid;
  if (kind === 'vouchers') return base + '/accounts/v/' + x.id;
  if (kind === 'parties') return base + '/parties/' + x.id;
  if (kind === 'ledgers') return base + '/reports/ledger?ledger_id=' + x.id;
  return base + '/inventory/items/' + x.id;
}

function rowNodes(ctx, kind, x) {
  const { h, fmt } = ctx;
  if (kind === 'vouchers') {
    return [
      h('span', { class: 'gs-main mono', text: x.number }),
      h('span', { class: 'gs-meta', text: fmt.formatDate(x.date) }),
      h('span', { class: 'gs-meta', t: 'vtype.' + x.type }),
      h('span', { class: 'gs-meta gs-grow', text: x.party_name || x.narration || '' }),
      h('span', { class: 'gs-amount num', text: '₹' + fmt.formatMoney(x.total) }),
      x.status === 'cancelled' ? h('span', { class: 'gs-tag', t: 'vstatus.cancelled' }) : null,
    ];
  }
  if (kind === 'parties') {
    return [
      h('span', { class: 'gs-main', text: x.name }),
      x.name_hi ? h('span', { class: 'gs-hi', lang: 'hi', text: x.name_hi }) : null,
      h('span', { class: 'gs-meta', t: 'kind.' + x.kind }),
      h('span', { class: 'gs-meta gs-grow mono', text: x.gstin || x.phone || '' }),
    ];
  }
  if (kind === 'ledgers') {
    return [h('span', { class: 'gs-main', text: x.name }), h('span', { class: 'gs-meta gs-grow', text: x.group }),
      x.gstin ? h('span', { class: 'gs-meta mono', text: x.gstin }) : null];
  }
  return [
    h('span', { class: 'gs-main', text: x.name }),
    x.name_hi ? h('span', { class: 'gs-hi', lang: 'hi', text: x.name_hi }) : null,
    h('span', { class: 'gs-meta gs-grow mono', text: x.sku }),
    h('span', { class: 'gs-meta', text: x.unit }),
  ];
}

/*
 * openSearch(ctx) shows the search box over the current screen (once: a second call focuses it).
 * Closing it (Esc, a click outside, opening a result) removes it.
 */
export function openSearch(ctx) {
  const { h } = ctx;
  const cid = ctx.state.cid;
  const existing = document.getElementById('gs');
  if (existing) { existing.querySelector('input').focus(); return; }
  if (!cid) return;
  const returnFocus = document.activeElement;
  const input = h('input', {
    id: 'gs-input', type: 'search', class: 'gs-input', autocomplete: 'off', spellcheck: 'false',
    role: 'combobox', 'aria-expanded': 'true', 'aria-controls': 'gs-results', 'aria-autocomplete': 'list',
    tattr: { placeholder: 'gs.placeholder', 'aria-label': 'gs.title' },
  });
  const status = h('div', { class: 'gs-status', id: 'gs-status', role: 'status', 'aria-live': 'polite' });
  const list = h('div', { class: 'gs-results', id: 'gs-results', role: 'listbox', tattr: { 'aria-label': 'gs.results' } });
  const box = h('div', { class: 'gs-box', role: 'dialog', 'aria-modal': 'true', tattr: { 'aria-label': 'gs.title' } }, [
    h('div', { class: 'gs-head' }, [input, h('kbd', { class: 'gs-key', text: 'Esc' })]),
    status, list,
    h('div', { class: 'gs-foot' }, [
      h('span', { class: 'key' }, [h('kbd', { text: '↑↓' }), h('span', { t: 'keys.move' })]),
      h('span', { class: 'key' }, [h('kbd', { text: 'Enter' }), h('span', { t: 'keys.open' })]),
      h('span', { class: 'key' }, [h('kbd', { text: 'Esc' }), h('span', { t: 'keys.back' })]),
    ]),
  ]);
  const overlay = h('div', { id: 'gs', class: 'gs-overlay', on: { mousedown: (e) => { if (e.target === overlay) close(true); } } }, [box]);
  document.body.append(overlay);
  input.focus();
  setT('gs.hint');

  let rows = [];      // [{node, hash}] in order
  let active = -1;
  let seq = 0;
  let timer = null;
  let shownQ = '';    // the query the rows answer

  function setT(key, args) { ctx.setT(status, key, args); }

  function close(restore) {
    clearTimeout(timer);
    seq++;
    overlay.remove();
    if (restore && returnFocus && returnFocus.isConnected) returnFocus.focus();
  }

  function mark(i) {
    if (!rows.length) { active = -1; input.removeAttribute('aria-activedescendant'); return; }
    active = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, k) => r.node.setAttribute('aria-selected', k === active ? 'true' : 'false'));
    input.setAttribute('aria-activedescendant', rows[active].node.id);
    rows[active].node.scrollIntoView({ block: 'nearest' });
  }

  function openRow(i) {
    const r = rows[i];
    if (!r) return;
    close(false);
    ctx.drill(r.hash);
  }

  function render(data, q) {
    shownQ = q;
    rows = [];
    const parts = [];
    for (const kind of GROUPS) {
      const items = Array.isArray(data[kind]) ? data[kind] : [];
      if (!items.length) continue;
      parts.push(h('div', { class: 'gs-group', role: 'presentation', t: 'gs.group.' + kind }));
      for (const x of items) {
        const i = rows.length;
        const node = h('div', {
          id: 'gs-' + kind + '-' + x.id, class: 'gs-row', role: 'option', 'aria-selected': 'false',
          dataset: { kind, id: String(x.id) },
          on: { mousedown: (e) => { e.preventDefault(); openRow(i); }, mousemove: () => { if (active !== i) mark(i); } },
        }, rowNodes(ctx, kind, x));
        rows.push({ node, hash: targetOf(cid, kind, x) });
        parts.push(node);
      }
    }
    list.replaceChildren(...parts);
    if (rows.length) setT('gs.count', { n: rows.length });
    else setT('gs.none', { q: data.q || input.value.trim() });
    mark(0);
  }

  async function run() {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) { list.replaceChildren(); rows = []; mark(-1); setT('gs.hint'); return; }
    try {
      const r = await ctx.api('GET', '/companies/' + cid + '/search?' + new URLSearchParams({ q, limit: '6' }).toString());
      if (mine !== seq) return;   // a newer keystroke is on its way
      render(r.data || {}, q);
    } catch (err) {
      if (mine !== seq) return;
      list.replaceChildren();
      rows = [];
      setT(err.reason === 'too_long' ? 'gs.tooLong' : 'gs.failed', { max: err.details.max });
    }
  }

  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, WAIT_MS); });
  box.addEventListener('keydown', (e) => {
    if (e.isComposing || e.keyCode === 229) return;
    if (e.altKey && e.code === 'KeyL') return;   // the language switch works over the box too
    e.stopPropagation();   // the screen under the box does not see these keys
    if (e.key === 'Escape') { e.preventDefault(); close(true); return; }
    if (e.key === 'ArrowDown') { e.preventDefault(); mark(active + 1); return; }
    if (e.key === 'ArrowUp') { e.preventDefault(); mark(active - 1); return; }
    if (e.key === 'Enter') {
      e.preventDefault();
      // Typed faster than the answers came: answer what is in the box now, then open its first row.
      if (input.value.trim() !== shownQ) { clearTimeout(timer); run().then(() => openRow(0)); return; }
      openRow(active < 0 ? 0 : active);
      return;
    }
    if ((e.ctrlKey || e.metaKey) && (e.code === 'KeyK')) { e.preventDefault(); input.select(); }
  });
  return { close };
}
