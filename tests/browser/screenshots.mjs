// Takes the product screenshots kept in docs/screenshots/ (login, home in English and Hindi, the
// search box, parties, party form, parties in Hindi) at 1366x768 from a server started with `daftar init --demo`, so they show realistic data
// rather than test leftovers. Usage (from the repository root):
//   DAFTAR_URL=http://127.0.0.1:8099 DAFTAR_USER=admin DAFTAR_PASSWORD=… node tests/browser/screenshots.mjs [outdir]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(process.argv[2] || path.join(HERE, '../../docs/screenshots'));
const BASE = (process.env.DAFTAR_URL || '').replace(/\/+$/, '');
const USER = process.env.DAFTAR_USER || 'admin';
const PASSWORD = process.env.DAFTAR_PASSWORD || 'admin-password-1';
if (!BASE) { console.error('set DAFTAR_URL'); process.exit(2); }
fs.mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-IN', timezoneId: 'Asia/Kolkata' });
const page = await context.newPage();
const shot = async (name) => {
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(OUT, name) });
  console.log('wrote ' + path.join(OUT, name));
};
const CID = Number(process.env.DAFTAR_CID || 1);

/* Realistic parties, created only when the company has fewer than five (e.g. no --demo data). */
const SAMPLE = [
  ['customer', 'Sharma Traders', '27', 'AAPFS1234K', '9820012345', 'accounts@sharmatraders.in', 'Andheri East, Mumbai 400069', '500000.00', 30],
  ['customer', 'शर्मा एंड संस', '09', 'ABCPS5678L', '9415023456', 'sharmasons@gmail.com', 'हज़रतगंज, लखनऊ 226001', '200000.00', 15],
  ['customer', 'Gupta Electricals Pvt Ltd', '07', 'AACCG4321M', '9811034567', 'purchase@guptaelectricals.co.in', 'Lajpat Nagar, New Delhi 110024', '1000000.00', 45],
  ['customer', 'Patel Agro Industries', '24', 'AADFP7788N', '9825045678', 'info@patelagro.in', 'GIDC Vatva, Ahmedabad 382445', '750000.00', 30],
  ['customer', 'Iyer & Iyer Associates', '33', 'AAEFI2468P', '9840056789', 'office@iyerassociates.in', 'T. Nagar, Chennai 600017', '150000.00', 30],
  ['customer', 'Reddy Constructions', '36', 'AAFCR1357Q', '9849067890', 'accounts@reddyconstructions.com', 'Banjara Hills, Hyderabad 500034', '2500000.00', 60],
  ['customer', 'बंसल किराना स्टोर', '08', 'ABGPB9753R', '9414078901', null, 'जौहरी बाज़ार, जयपुर 302003', '50000.00', 7],
  ['customer', 'Kulkarni Pharma Distributors', '27', 'AAHCK8642S', '9822089012', 'orders@kulkarnipharma.in', 'Shivajinagar, Pune 411005', '800000.00', 30],
  ['customer', 'Banerjee Textiles', '19', 'AAIFB3579T', '9831090123', 'banerjee.tex@yahoo.co.in', 'Burrabazar, Kolkata 700007', '400000.00', 45],
  ['customer', 'Nair Software Solutions', '29', 'AAMCN5566X', '9845034567', 'ap@nairsoftware.com', 'Koramangala, Bengaluru 560034', '1200000.00', 30],
  ['customer', 'यादव डेयरी फ़ार्म', '10', 'ABNPY7788Y', '9431045678', null, 'बोरिंग रोड, पटना 800001', '80000.00', 15],
  ['vendor', 'Jain Packaging Industries', '24', 'AAQCJ4455B', '9825178901', 'dispatch@jainpackaging.com', 'Naroda, Ahmedabad 382330', '0.00', 45],
  ['vendor', 'Krishna Transport Co', '07', 'AARFK6677C', '9811189012', 'bookings@krishnatransport.in', 'Transport Nagar, Delhi 110042', '0.00', 15],
  ['vendor', 'वर्मा स्टेशनरी मार्ट', '09', 'ABTPV1010E', '9415101234', null, 'अमीनाबाद, लखनऊ 226018', '0.00', 7],
  ['vendor', 'Deshpande Office Supplies', '27', 'AAUFD1212F', '9822112345', 'orders@deshpandeoffice.in', 'Sadashiv Peth, Pune 411030', '0.00', 30],
  ['vendor', 'Kaveri Power Systems', '29', 'AAVCK1414G', '9845123456', 'service@kaveripower.in', 'Peenya, Bengaluru 560058', '0.00', 30],
  ['vendor', 'Bharat Chemicals', '24', 'AAWFB1616H', '9825134567', 'bharatchem@rediffmail.com', 'Ankleshwar GIDC, Bharuch 393002', '0.00', 60],
];
const GST = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
function gstin(state, pan) {
  const body = state + pan + '1Z';
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const p = GST.indexOf(body[i]) * (i % 2 ? 2 : 1);
    sum += Math.floor(p / 36) + (p % 36);
  }
  return body + GST[(36 - (sum % 36)) % 36];
}
async function seed() {
  const bodies = SAMPLE.map(([kind, name, st, pan, phone, email, addr, credit, days]) => ({
    kind, name, gstin: gstin(st, pan), phone, email, billing_address: addr, shipping_address: addr,
    credit_limit: credit, payment_terms_days: days, allow_duplicate: true,
  }));
  const made = await page.evaluate(async ([cid, bodies]) => {
    const s = await fetch('/api/v1/session').then((r) => r.json());
    const list = await fetch(`/api/v1/companies/${cid}/parties?limit=10`).then((r) => r.json());
    if (list.items.length >= 5) return 0;
    for (const b of bodies) {
      for (const k of Object.keys(b)) if (b[k] === null) delete b[k];
      const r = await fetch(`/api/v1/companies/${cid}/parties`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token }, body: JSON.stringify(b),
      });
      if (r.status !== 201) throw new Error('seed ' + b.name + ': ' + r.status + ' ' + await r.text());
    }
    return bodies.length;
  }, [CID, bodies]);
  if (made) console.log('seeded ' + made + ' parties');
}
const lang = () => page.evaluate(() => document.documentElement.lang);
const toggle = async () => {
  const done = page.waitForResponse((r) => r.url().endsWith('/api/v1/me'));
  await page.keyboard.press('Alt+L');
  await done;
};

await page.goto(BASE + '/');
await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'login-username');
await shot('login.png');
await page.keyboard.type(USER);
await page.keyboard.press('Enter');
await page.keyboard.type(PASSWORD);
await page.keyboard.press('Enter');
await page.waitForSelector('#home-grid:not([aria-busy]) .home-card');
if ((await lang()) !== 'en') await toggle();
await shot('home.png');
await toggle();
await shot('home-hi.png');
await toggle();
// the search box, asked for the amount of a recent purchase as a person types it
const amount = await page.evaluate(async (cid) => {
  const r = await fetch(`/api/v1/companies/${cid}/vouchers?type=purchase&limit=1`).then((x) => x.json());
  const f = await import('/format.js');
  return r.items.length ? f.formatMoney(r.items[0].total).replace(/\.00$/, '') : 'sharma';
}, CID);
await page.keyboard.press('Control+k');
await page.keyboard.type(amount);
await page.waitForSelector('#gs-results .gs-row');
await shot('search-amount.png');
await page.keyboard.press('Escape');
await page.keyboard.press('Alt+P');
await page.waitForSelector('#parties-table tbody tr');
await seed();
await page.goto(BASE + '/#/c/' + CID + '/parties');
await page.reload();
await page.waitForSelector('#parties-table tr[role="row"]');
await page.keyboard.press('ArrowDown');
await page.keyboard.press('ArrowDown');
await shot('parties.png');
await page.fill('#party-search', 'Sharma Traders');
await page.waitForFunction(() => document.querySelectorAll('#parties-table tbody tr[role="row"]').length === 1);
await page.keyboard.press('Enter');
await page.waitForFunction(() => document.getElementById('f-name') && document.getElementById('f-name').value !== '');
await shot('party-form.png');
await page.keyboard.press('Escape');
await page.waitForSelector('#parties-table');
await page.fill('#party-search', '');
await page.waitForFunction(() => document.querySelectorAll('#parties-table tbody tr[role="row"]').length > 5);
await toggle();
await page.keyboard.press('ArrowDown');
await shot('parties-hi.png');
await toggle(); // leave the user in English
await browser.close();
