// Parties list: search, kind filter, archived toggle, cursor paging and a keyboard-highlighted row.
// Filters survive a trip to the form and back; a just-saved party comes back highlighted.
import { fetchPage } from './paging.js';
import { toastError } from './form.js';

const PAGE = 50;

export default {
  nav: 'parties',
  render(ctx, root, params) {
    const { h, t, fmt } = ctx;
    const cid = params.cid;
    const ls = ctx.state.listState[cid] || (ctx.state.listState[cid] = { q: '', kind: '', archived: false, loaded: 0 });
    const saved = ctx.takeFlash('savedParty');      // party just created/edited/archived
    const backTo = ctx.takeFlash('backToRow');      // id of the row the user left from

    let items = [];
    let next = null;
    let active = -1;
    let seq = 0;
    let loading = false;
    let debounce = null;
    let pinnedId = null;

    /* ----- toolbar ----- */
    const search = h('input', {
      id: 'party-search', type: 'search', class: 'search', autocomplete: 'off', spellcheck: 'false',
      value: ls.q, tattr: { placeholder: 'list.searchPlaceholder', 'aria-label': 'list.search' },
      'aria-controls': 'parties-table',
    });
    const kind = h('select', { id: 'kind-filter', tattr: { 'aria-label': 'list.kind' } }, [
      h('option', { value: '', t: 'list.kindAll' }),
      h('option', { value: 'customer', t: 'kind.customers' }),
      h('option', { value: 'vendor', t: 'kind.vendors' }),
    ]);
    kind.value = ls.kind;
    const archived = h('input', { id: 'show-archived', type: 'checkbox', checked: ls.archived });
    const newBtn = h('button', { type: 'button', class: 'btn btn-primary', id: 'new-party' }, [
      h('span', { t: 'list.new' }), h('kbd', { class: 'btn-key', text: 'Alt+N' })]);
    const count = h('span', { class: 'count', id: 'list-count' });

    /* ----- table ----- */
    const tbody = h('tbody');
    const table = h('table', {
      id: 'parties-table', class: 'grid', tabIndex: 0, role: 'grid',
      tattr: { 'aria-label': 'list.title' },
    }, [
      h('thead', {}, [h('tr', {}, [
        h('th', { scope: 'col', class: 'col-name', t: 'party.name' }),
        h('th', { scope: 'col', class: 'col-kind', t: 'party.kind' }),
        h('th', { scope: 'col', class: 'col-gstin', t: 'party.gstin' }),
        h('th', { scope: 'col', class: 'col-phone', t: 'party.phone' }),
        h('th', { scope: 'col', class: 'col-state', t: 'party.state' }),
        h('th', { scope: 'col', class: 'col-money num', t: 'party.creditLimitShort' }),
        h('th', { scope: 'col', class: 'col-days num', t: 'party.termsShort' }),
        h('th', { scope: 'col', class: 'col-date', t: 'list.updated' }),
      ])]),
      tbody,
    ]);
    const more = h('button', { type: 'button', class: 'btn', id: 'load-more', hidden: true }, [
      h('span', { t: 'list.loadMore' }), h('kbd', { class: 'btn-key', text: 'Alt+M' })]);

    root.replaceChildren(h('section', { class: 'screen screen-list' }, [
      h('div', { class: 'screen-head' }, [
        h('h1', { t: 'list.title' }),
        count,
        h('div', { class: 'spacer' }),
        newBtn,
      ]),
      h('div', { class: 'toolbar' }, [
        h('div', { class: 'search-box' }, [search, h('kbd', { class: 'search-key', text: '/' })]),
        h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'list.kind' }), kind, h('kbd', { class: 'tool-key', text: 'Alt+K' })]),
        h('label', { class: 'tool check' }, [archived, h('span', { t: 'list.showArchived' }), h('kbd', { class: 'tool-key', text: 'Alt+A' })]),
      ]),
      h('div', { class: 'grid-wrap' }, [table]),
      h('div', { class: 'list-foot' }, [more]),
    ]));

    /* ----- data ----- */
    function filters() {
      // archived=all: 'true' would list only archived ones
      return { q: ls.q, kind: ls.kind, archived: ls.archived ? 'all' : '' };
    }

    async function load(opts = {}) {
      const my = ++seq;
      loading = true;
      table.setAttribute('aria-busy', 'true');
      try {
        const limit = opts.append ? PAGE : Math.max(PAGE, opts.limit || PAGE);
        const page = await fetchPage(ctx, '/companies/' + cid + '/parties', filters(), { limit, after: opts.append ? next : null });
        if (my !== seq) return;
        const got = page.items;
        next = page.next;
        if (opts.append) {
          const have = new Set(items.map((p) => p.id));
          items = items.concat(got.filter((p) => !have.has(p.id)));
        } else {
          items = got;
          pinnedId = null;
        }
        ls.loaded = items.length;
        render();
      } catch (err) {
        if (my !== seq) return;
        toastError(ctx, err);
      } finally {
        if (my === seq) { loading = false; table.removeAttribute('aria-busy'); }
      }
    }

    async function loadMore() {
      if (!next || loading) return false;
      await load({ append: true });
      return true;
    }

    /* Shows the saved party highlighted: looks a few pages ahead, else pins it on top. */
    async function findAndHighlight(party) {
      for (let i = 0; i < 4 && indexOf(party.id) < 0 && next; i++) await load({ append: true });
      if (indexOf(party.id) < 0) {
        items = [party, ...items];
        pinnedId = party.id;
        render();
      } else {
        const i = indexOf(party.id);
        items[i] = { ...items[i], ...party };
        render();
      }
      setActive(indexOf(party.id));
      table.focus();
    }

    function indexOf(id) { return items.findIndex((p) => p.id === id); }

    /* ----- rendering (text only) ----- */
    function stateCell(code) {
      if (!code) return '';
      return ctx.hasT('state.' + code) ? h('span', { t: 'state.' + code }) : String(code);
    }

    /* Zero amounts and terms are shown faintly so real figures stand out (string test, no floats). */
    function isZero(v) { return v !== null && v !== undefined && /^0*(\.0*)?$/.test(String(v)); }

    function row(p, i) {
      const nameCell = h('td', { class: 'col-name' }, [
        h('a', { href: '#/c/' + cid + '/parties/' + p.id, tabIndex: -1, class: 'row-link', text: p.name || '' }),
        p.name_hi ? h('span', { class: 'name-alt', lang: 'hi', text: p.name_hi }) : null,
      ]);
      if (p.archived) nameCell.append(h('span', { class: 'badge badge-muted', t: 'party.archived' }));
      if (p.id === pinnedId) nameCell.append(h('span', { class: 'badge badge-ok', t: 'list.justSaved' }));
      const tr = h('tr', {
        id: 'row-' + p.id, role: 'row', 'aria-selected': 'false',
        class: p.archived ? 'is-archived' : '', dataset: { index: String(i), id: String(p.id) },
      }, [
        nameCell,
        h('td', { class: 'col-kind' }, [p.kind ? h('span', { class: 'kind kind-' + p.kind, t: 'kind.' + p.kind }) : '']),
        h('td', { class: 'col-gstin mono', text: p.gstin || '' }),
        h('td', { class: 'col-phone mono', text: p.phone || '' }),
        h('td', { class: 'col-state' }, [stateCell(p.state_code)]),
        h('td', { class: 'col-money num' + (isZero(p.credit_limit) ? ' is-zero' : ''), text: fmt.formatMoney(p.credit_limit) }),
        h('td', { class: 'col-days num' + (isZero(p.payment_terms_days) ? ' is-zero' : ''), text: p.payment_terms_days == null ? '' : String(p.payment_terms_days) }),
        h('td', { class: 'col-date', text: fmt.formatLocalDate(p.updated_at || p.created_at) }),
      ]);
      return tr;
    }

    function render() {
      if (items.length === 0) {
        const filtered = ls.q || ls.kind;
        tbody.replaceChildren(h('tr', { class: 'empty' }, [h('td', { colSpan: 8 }, [
          filtered
            ? h('span', { t: 'list.noMatch', targs: { q: ls.q || t('kind.' + ls.kind + 's') } })
            : h('span', { t: 'list.emptyHint' }),
        ])]));
        active = -1;
        table.removeAttribute('aria-activedescendant');
      } else {
        tbody.replaceChildren(...items.map(row));
        if (active >= items.length) active = items.length - 1;
        if (active >= 0) setActive(active, true);
      }
      ctx.setT(count, next ? 'list.countMore' : 'list.count', { n: items.length });
      more.hidden = !next;
    }

    function setActive(i, quiet) {
      const rows = tbody.querySelectorAll('tr[role="row"]');
      if (!rows.length) { active = -1; return; }
      i = Math.max(0, Math.min(rows.length - 1, i));
      if (active >= 0 && rows[active]) { rows[active].classList.remove('is-active'); rows[active].setAttribute('aria-selected', 'false'); }
      active = i;
      const r = rows[i];
      r.classList.add('is-active');
      r.setAttribute('aria-selected', 'true');
      table.setAttribute('aria-activedescendant', r.id);
      ls.activeId = items[i] && items[i].id;
      if (!quiet) r.scrollIntoView({ block: 'nearest' });
    }

    async function move(delta) {
      if (!items.length) return;
      if (active < 0) { setActive(0); return; }
      const target = active + delta;
      if (target >= items.length && next) {
        await loadMore();
      }
      setActive(target);
    }

    function open(i) {
      const p = items[i];
      if (p) ctx.go('#/c/' + cid + '/parties/' + p.id);
    }

    function openNew() {
      ctx.go('#/c/' + cid + '/parties/new' + (ls.kind ? '?kind=' + ls.kind : ''));
    }

    function refilter() {
      active = 0;
      load();
    }

    /* ----- events ----- */
    search.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        if (ls.q === search.value.trim()) return;
        ls.q = search.value.trim();
        active = 0;
        load();
      }, 200);
    });
    kind.addEventListener('change', () => { ls.kind = kind.value; refilter(); });
    archived.addEventListener('change', () => { ls.archived = archived.checked; refilter(); });
    newBtn.addEventListener('click', openNew);
    more.addEventListener('click', () => loadMore());
    tbody.addEventListener('click', (e) => {
      const tr = e.target.closest('tr[role="row"]');
      if (!tr) return;
      e.preventDefault();
      open(Number(tr.dataset.index));
    });
    table.addEventListener('focus', () => { if (active < 0 && items.length) setActive(0); });

    ctx.setKeys([
      ['/', 'keys.search'], ['↑↓', 'keys.move'], ['Enter', 'keys.open'], ['Alt+N', 'keys.new'],
      ['Alt+K', 'keys.kind'], ['Alt+A', 'keys.archived'], ['Alt+M', 'keys.more'],
    ]);

    /* ----- first load ----- */
    (async () => {
      await load({ limit: saved || backTo ? ls.loaded : PAGE });
      if (saved && saved.id) {
        await findAndHighlight(saved);
      } else if (backTo && indexOf(backTo) >= 0) {
        setActive(indexOf(backTo));
        table.focus();
      } else {
        if (items.length) setActive(0, true);
        search.focus();
      }
    })();

    const TEXTY = new Set(['text', 'search', 'password', 'email', 'tel', 'number', 'url']);
    const typing = (el) => el && ((el.tagName === 'INPUT' && TEXTY.has(el.type)) || el.tagName === 'TEXTAREA' || el.isContentEditable);

    return {
      onKey(e, k) {
        const inSearch = e.target === search;
        const inTable = e.target === table || table.contains(e.target);
        const nav = inSearch || inTable;
        switch (k) {
          case '/':
            if (!typing(e.target)) { e.preventDefault(); search.focus(); search.select(); }
            break;
          case 'Alt+N': e.preventDefault(); openNew(); break;
          case 'Alt+K': {
            e.preventDefault();
            const order = ['', 'customer', 'vendor'];
            kind.value = order[(order.indexOf(kind.value) + 1) % order.length];
            ls.kind = kind.value;
            refilter();
            break;
          }
          case 'Alt+A': e.preventDefault(); archived.checked = !archived.checked; ls.archived = archived.checked; refilter(); break;
          case 'Alt+M': e.preventDefault(); loadMore(); break;
          case 'ArrowDown': if (nav) { e.preventDefault(); move(1); } break;
          case 'ArrowUp': if (nav) { e.preventDefault(); move(-1); } break;
          case 'PageDown': if (nav) { e.preventDefault(); move(10); } break;
          case 'PageUp': if (nav) { e.preventDefault(); move(-10); } break;
          case 'Home': if (inTable) { e.preventDefault(); setActive(0); } break;
          case 'End': if (inTable) { e.preventDefault(); setActive(items.length - 1); } break;
          case 'Enter':
            if (inSearch && ls.q !== search.value.trim()) {
              // Typed faster than the search delay: search now, then open the first match.
              e.preventDefault();
              clearTimeout(debounce);
              ls.q = search.value.trim();
              active = 0;
              load().then(() => { if (items.length) open(0); });
            } else if (nav && active >= 0) { e.preventDefault(); open(active); }
            break;
          case 'Escape':
            if (inSearch && search.value) { e.preventDefault(); search.value = ''; search.dispatchEvent(new Event('input')); }
            else if (inTable) { e.preventDefault(); search.focus(); }
            break;
          default:
        }
      },
      destroy() { clearTimeout(debounce); seq++; },
    };
  },
};
