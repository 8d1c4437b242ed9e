// Accessibility: axe-core (tests/browser/node_modules/axe-core, a devDependency) run on each main
// screen in English and in Hindi, with every rule it has for WCAG 2.x A and AA and its best
// practices; a screen passes with no violation at all. axe's source is evaluated in the page
// through the devtools protocol (page.evaluate), which the page's CSP does not govern, so no
// inline script is added and the CSP stays as served. Registered by run.mjs, whose helpers it
// uses; it needs the real server on `init --demo` data (skipped with --mock).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function registerA11y(t) {
  const { live, newPage, login, ensureLang, apiCall, closeAll, BASE, CID, USER, PASSWORD } = t;
  const axeSource = () => fs.readFileSync(path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');

  /* The screen is drawn: its marker is there and nothing in the page is busy. */
  async function settled(page, selector) {
    await page.waitForSelector(selector);
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    await page.waitForTimeout(150);
  }

  /* axe's violations on the page, one line each: rule, impact, the elements, the help. */
  async function violations(page, src) {
    if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(src);
    const res = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      // a contrast failure says its colours: "#8a93a2 on #ffffff 3.09 < 4.5"
      const why = (n) => {
        const d = n.any && n.any[0] && n.any[0].data;
        if (d && d.fgColor) return ` (${d.fgColor} on ${d.bgColor} ${d.contrastRatio} < ${d.expectedContrastRatio})`;
        return n.failureSummary ? ' (' + n.failureSummary.replace(/\s+/g, ' ').slice(0, 200) + ')' : '';
      };
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ') + why(n)) }));
    });
    return res.map((v) => `${v.id} [${v.impact}] ${v.help}; ${v.targets.length} element(s): ${v.targets.slice(0, 8).join(' | ')}`);
  }

  live('accessibility: axe-core finds no violation on the main screens, in English and Hindi', async () => {
    const src = axeSource();
    const page = await newPage();
    const found = [];
    for (const lang of ['en', 'hi']) {
      // the login screen, in the language asked for before anyone logs in
      await page.goto(BASE + '/');
      await page.evaluate((l) => { localStorage.setItem('daftar.lang', l); }, lang);
      await page.reload();
      await settled(page, '#login-username');
      for (const v of await violations(page, src)) found.push(`${lang} login: ${v}`);
      await login(page, USER, PASSWORD, 'home');
      await ensureLang(page, lang);
      const ledgers = (await apiCall(page, 'GET', `/companies/${CID}/ledgers?q=HDFC`)).body;
      const bank = ledgers && ledgers.items && ledgers.items[0] ? ledgers.items[0].id : '';
      const vouchers = (await apiCall(page, 'GET', `/companies/${CID}/vouchers?limit=1`)).body;
      const vid = vouchers && vouchers.items && vouchers.items[0] ? vouchers.items[0].id : 1;
      const c = `${BASE}/#/c/${CID}`;
      const screens = [
        ['home', `${c}/home`, '#home-grid'],
        ['parties list', `${c}/parties`, '#parties-table tbody tr'],
        ['party form', `${c}/parties/new`, '#f-name'],
        ['voucher entry', `${c}/accounts/new/sales`, '#v-title'],
        ['voucher list', `${c}/accounts`, '#vouchers-table tbody tr[data-row]'],
        ['voucher view', `${c}/accounts/v/${vid}`, '#voucher-view .kv-grid'],
        ['items', `${c}/inventory`, '#items-table tbody tr'],
        ['trial balance', `${c}/reports/trial-balance`, '#rp-tables tr'],
        ['stock summary', `${c}/inventory/reports/stock-summary`, '#rp-tables tr'],
        ['admin (people)', `${c}/admin`, '#users-table tbody tr[data-row]'],
        ['company settings', `${c}/admin/company`, '#co-name'],
        ['GST details', `${c}/admin/gst`, '#gp-units tr'],
        ['bank reconciliation', `${c}/reports/bank-reconciliation?ledger_id=${bank}&from=2026-04-01&to=2026-04-30`, '#br-body'],
        ['GST files (GSTR-1)', `${c}/reports/gstr1`, '#rp-portal'],
      ];
      for (const [name, url, sel] of screens) {
        await page.goto(url);
        await settled(page, sel);
        for (const v of await violations(page, src)) found.push(`${lang} ${name}: ${v}`);
      }
      // the search box over the home screen
      await page.goto(`${c}/home`);
      await settled(page, '#home-grid');
      await page.keyboard.press('Control+k');
      await page.waitForSelector('#gs-status');
      await page.keyboard.type('sha');
      await page.waitForSelector('#gs-results .gs-row');
      await page.waitForTimeout(150);
      for (const v of await violations(page, src)) found.push(`${lang} search: ${v}`);
      await page.keyboard.press('Escape');
      await ensureLang(page, 'en');
      await page.click('#logout');
      await page.waitForSelector('#login-username');
    }
    await closeAll();
    // each violation on a line of its own (the runner shows only the first lines of an error)
    for (const f of found) console.log('  # axe: ' + f);
    if (found.length) throw new Error(`${found.length} screen(s) with axe violations:\n` + found.join('\n'));
  });
}
