/**
 * The web page (GET /api/app) in a real browser: Debian's headless Chromium driven by playwright-core,
 * against `npm start`'s server (startLocal) on loopback with this file's own in-memory Azurite.
 * Every sample through the page gives the CLI's bytes and totals; a 100,000-row workbook goes through the
 * valet-key upload with visible progress; bad files show the API's bilingual message; screenshots of each
 * state at 1280×800 and 390 px wide are kept in test-artifacts/web/.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSettlements } from '../../bench/generate.js';
import { freePort, startAzurite, type Azurite } from '../../src/server/azurite.js';
import { startLocal, type LocalStack } from '../../src/server/local.js';
import { assertBuilt, ROOT, yibao } from '../cli/run-cli.js';
import { cfbWith, deflated, rawZip, workbookShell } from '../guard/fixtures.js';
import { ARTEFACTS, CHROMIUM, hasChromium, launch, type Browser } from './browser.js';

const samples = readdirSync(path.join(ROOT, 'samples')).flatMap((policy) =>
  readdirSync(path.join(ROOT, 'samples', policy)).filter((f) => f.endsWith('.xlsx')).map((f) => ({ policy, kind: f.replace(/\.xlsx$/, ''), file: path.join(ROOT, 'samples', policy, f) })),
);
const tmp = mkdtempSync(path.join(tmpdir(), 'yibao-web-'));
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
// Conditions waited for in the page (functions: the page's CSP forbids eval, which string predicates need;
// typed through a cast because this project's TypeScript has no DOM types).
type PageDoc = { body: { dataset: Record<string, string | undefined> }; getElementById(id: string): { value: number; options: { length: number } }; querySelectorAll(s: string): { length: number } };
const POLICIES_LOADED = () => (globalThis as unknown as { document: PageDoc }).document.getElementById('policy').options.length > 0;
const ENDED = () => ['done', 'failed'].includes((globalThis as unknown as { document: PageDoc }).document.body.dataset['state'] ?? '');
const DONE = () => (globalThis as unknown as { document: PageDoc }).document.body.dataset['state'] === 'done';
const RUNNING = () => {
  const d = (globalThis as unknown as { document: PageDoc }).document;
  return d.body.dataset['state'] === 'running' && d.getElementById('run-bar').value > 0;
};
const PARAMS_SHOWN = () => (globalThis as unknown as { document: PageDoc }).document.querySelectorAll('#params-body tr').length > 10;

let azurite: Azurite;
let stack: LocalStack;
let browser: Browser;
let app: string;

/** The CLI's output and summary for a file (the reference the page must match). */
function cli(file: string, policy: string, format: 'xlsx' | 'json' | 'csv' = 'xlsx'): { bytes: Buffer; counts: number[]; totals: [string, string][] } {
  const out = path.join(tmp, `${path.basename(file)}.${policy}.cli.${format}`);
  const r = yibao(['process', file, '--policy', policy, '--format', format, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  const text = r.stdout.toString('utf8');
  const counts = /成功 (\d+) · 警告 (\d+) · 错误 (\d+)/.exec(text)!.slice(1).map(Number);
  const totals = [...text.matchAll(/^ {2}(\S+?)[\u3000]*\s+(-?[\d,]+\.\d\d)$/gm)].map((m) => [m[1]!, m[2]!] as [string, string]);
  return { bytes: readFileSync(out), counts, totals };
}

async function shot(page: Page, name: string): Promise<void> {
  for (const [label, size] of [['1280', DESKTOP], ['390', PHONE]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(ARTEFACTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

async function openPage(): Promise<Page> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  (page as Page & { problems?: string[] }).problems = problems;
  await page.goto(app);
  await page.waitForFunction(POLICIES_LOADED);
  return page;
}

async function uploadAndWait(page: Page, file: string, policy: string, name = path.basename(file)): Promise<string> {
  await page.selectOption('#policy', policy);
  await page.setInputFiles('#file', { name, mimeType: 'application/octet-stream', buffer: readFileSync(file) });
  await page.waitForFunction(ENDED, undefined, { timeout: 120_000 });
  return (await page.getAttribute('body', 'data-state'))!;
}

async function download(page: Page, button: string): Promise<{ bytes: Buffer; name: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const to = path.join(tmp, `dl-${Date.now()}-${d.suggestedFilename()}`);
  await d.saveAs(to);
  return { bytes: readFileSync(to), name: d.suggestedFilename() };
}

async function shownTotals(page: Page): Promise<[string, string][]> {
  return page.$$eval('#totals tbody tr', (rows) => rows.map((r) => [r.querySelector('th')!.textContent!, r.querySelector('td')!.textContent!] as [string, string]));
}

async function shownCounts(page: Page): Promise<number[]> {
  return Promise.all(['ok', 'warning', 'error'].map(async (k) => Number((await page.textContent(`#count-${k}`))!.replace(/,/g, ''))));
}

const suite = hasChromium ? 'web page in headless Chromium' : `web page in headless Chromium — SKIPPED: ${CHROMIUM} not found (apt-get install -y chromium)`;

describe.skipIf(!hasChromium)(suite, () => {
  beforeAll(async () => {
    assertBuilt();
    azurite = await startAzurite({ inMemory: true });
    stack = await startLocal({ port: await freePort(), storage: { connectionString: azurite.connectionString }, pollMs: 200 });
    app = `http://localhost:${stack.port}/`;
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await azurite?.stop();
  });

  it('serves a small self-contained page: / redirects to /api/app; policies, templates and parameters shown', async () => {
    const page = await openPage();
    expect(page.url()).toBe(`${app}api/app`);
    const html = await (await fetch(`${app}api/app`)).text();
    expect(html.length).toBeLessThan(40_000);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="?(https?:)?\/\//i); // nothing from outside
    expect(await page.$$eval('#policy option', (o) => o.map((x) => x.getAttribute('value')))).toEqual(['dongying-2018', 'xining-2024']);
    await page.selectOption('#policy', 'xining-2024');
    await page.click('#templates summary');
    const templates = await page.$$eval('#template-list li', (li) => li.length);
    expect(templates).toBe(6);
    const t = await download(page, '#template-list li:first-child button');
    expect(t.bytes.equals(readFileSync(path.join(ROOT, 'templates', `${t.name.replace('.template.xlsx', '')}.xlsx`)))).toBe(true);
    await page.click('#params summary');
    await page.waitForFunction(PARAMS_SHOWN);
    const first = await page.$$eval('#params-body tr:first-child td', (td) => td.map((x) => x.textContent));
    expect(first).toHaveLength(5);
    expect(first[3]).toMatch(/[\u4e00-\u9fff（(]/); // the article
    await page.click('#params summary');
    await page.click('#templates summary');
    await shot(page, 'empty');
    expect((page as Page & { problems?: string[] }).problems).toEqual([]);
    await page.close();
  });

  it('keyboard and screen readers: labelled controls, a live region, focus reaches the file button', async () => {
    const page = await openPage();
    const unlabelled = await page.$$eval('input, select', (els) => els.filter((e) => !(e as unknown as { labels: unknown[] }).labels.length).map((e) => e.id));
    expect(unlabelled).toEqual([]);
    expect(await page.getAttribute('#announce', 'aria-live')).toBe('polite');
    const order: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate<string>("document.activeElement?.id || document.activeElement?.tagName || ''"));
    }
    expect(order.indexOf('policy')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('file')).toBeGreaterThan(order.indexOf('policy'));
    await page.setViewportSize(PHONE);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.close();
  });

  describe('every sample through the page: the CLI\'s bytes and totals', () => {
    it('covers every sample', () => {
      expect(samples.length).toBeGreaterThanOrEqual(11);
    });
    for (const s of samples) {
      it(`${s.policy}/${s.kind}`, async () => {
        const ref = cli(s.file, s.policy);
        const page = await openPage();
        expect(await uploadAndWait(page, s.file, s.policy)).toBe('done');
        expect(await page.textContent('#kind-line')).toContain(s.kind);
        const got = await download(page, '#dl-xlsx');
        expect(got.name).toBe(`${s.kind}.result.xlsx`);
        expect(got.bytes.equals(ref.bytes)).toBe(true);
        expect(await shownCounts(page)).toEqual(ref.counts);
        expect(await shownTotals(page)).toEqual(ref.totals);
        const problems = await page.$$eval('#issues tbody tr', (r) => r.length);
        expect(problems > 0).toBe(ref.counts[1]! + ref.counts[2]! > 0);
        await page.close();
      }, 120_000);
    }
  });

  it('done: JSON and CSV downloads are the CLI\'s; the problems filter by status; the chart has a bar per total', async () => {
    const file = path.join(ROOT, 'samples/xining-2024/settlements.xlsx');
    const page = await openPage();
    expect(await uploadAndWait(page, file, 'xining-2024')).toBe('done');
    for (const f of ['json', 'csv'] as const) {
      const got = await download(page, `#dl-${f}`);
      expect(got.name).toBe(`settlements.result.${f}`);
      expect(got.bytes.equals(cli(file, 'xining-2024', f).bytes)).toBe(true);
    }
    const all = await page.$$eval('#issues tbody tr', (r) => r.length);
    await page.selectOption('#filter', 'warning');
    const warnings = await page.$$eval('#issues tbody tr', (r) => r.map((x) => x.className));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThan(all);
    expect(new Set(warnings)).toEqual(new Set(['warning']));
    await page.selectOption('#filter', '');
    const row = await page.$$eval('#issues tbody tr', (r) => r.map((x) => [...x.querySelectorAll('td')].map((td) => td.textContent)).find((c) => c[2] === '医疗总费用'));
    expect(row).toEqual(['19', '错误 error', '医疗总费用', '-120', expect.stringMatching(/^列「医疗总费用」的值「-120」不能为负数 \/ /)]);
    expect(await page.$$eval('#chart svg rect', (r) => r.length)).toBe((await shownTotals(page)).length);
    // No raw ID number on the page (the problems quote them masked).
    expect(await page.textContent('body')).not.toMatch(/(?<!\d)\d{17}[\dXx](?!\d)/);
    await shot(page, 'done');
    await page.close();
  }, 120_000);

  it('a file dropped on the drop zone runs like a chosen one', async () => {
    const file = path.join(ROOT, 'samples/dongying-2018/contributions.xlsx');
    const page = await openPage();
    await page.selectOption('#policy', 'dongying-2018');
    const bytes = [...readFileSync(file)];
    const dt = await page.evaluateHandle(`(() => { const d = new DataTransfer(); d.items.add(new File([new Uint8Array(${JSON.stringify(bytes)})], 'contributions.xlsx')); return d; })()`);
    await page.dispatchEvent('#drop', 'drop', { dataTransfer: dt });
    await page.waitForFunction(DONE, undefined, { timeout: 60_000 });
    expect(await shownCounts(page)).toEqual(cli(file, 'dongying-2018').counts);
    await page.close();
  }, 120_000);

  it('a lost connection while polling shows a notice and resumes by itself', async () => {
    const file = path.join(ROOT, 'samples/xining-2024/contributions.xlsx');
    const page = await openPage();
    let blocked = true;
    await page.route('**/api/jobs/*', (route) => (blocked ? route.abort('connectionreset') : route.continue()));
    await page.selectOption('#policy', 'xining-2024');
    await page.setInputFiles('#file', file);
    await page.waitForSelector('#lost', { state: 'visible', timeout: 30_000 });
    blocked = false;
    await page.waitForFunction(DONE, undefined, { timeout: 60_000 });
    expect(await page.isHidden('#lost')).toBe(true);
    expect(await shownCounts(page)).toEqual(cli(file, 'xining-2024').counts);
    await page.close();
  }, 120_000);

  describe('files that cannot be processed show the API\'s bilingual message', () => {
    const wrongHeaders = rawZip(
      workbookShell(deflated('s', '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>品名</t></is></c><c r="B1" t="inlineStr"><is><t>数量</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>纸</t></is></c><c r="B2"><v>3</v></c></row></sheetData></worksheet>')),
    );
    const cases = [
      { name: 'old.xls', bytes: cfbWith(['Workbook']), code: 'legacy-xls', zh: /xls/ },
      { name: 'locked.xlsx', bytes: cfbWith(['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces']), code: 'password-protected', zh: /密码|加密/ },
      { name: 'other.xlsx', bytes: wrongHeaders, code: '', zh: /表头|列/ },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const file = path.join(tmp, c.name);
        writeFileSync(file, c.bytes);
        const page = await openPage();
        expect(await uploadAndWait(page, file, 'xining-2024')).toBe('failed');
        const message = (await page.textContent('#failure-message'))!;
        expect(message).toMatch(c.zh);
        expect(message).toMatch(/^[^/]*[\u4e00-\u9fff][^/]* \/ .*[A-Za-z]{4}/); // Chinese first, then / English
        expect(message).not.toMatch(/\bat [\w.]+ \(|Error:/); // no stack trace
        if (c.code) expect(await page.textContent('#failure-code')).toContain(c.code);
        expect(await page.isVisible('#again')).toBe(true);
        if (c.code === 'legacy-xls') await shot(page, 'failed');
        await page.close();
      }, 120_000);
    }
  });

  it('a 100,000-row workbook through the valet-key upload: both bars move, the result is the CLI\'s', async () => {
    const file = path.join(tmp, 'settlements-100k.xlsx');
    await generateSettlements(100_000, file);
    const page = await browser.context.newPage();
    // Record every value the two progress bars take.
    await page.addInitScript(`
      window.progressSeen = { 'upload-bar': [], 'run-bar': [] };
      new MutationObserver((records) => {
        for (const r of records) {
          const seen = window.progressSeen[r.target.id];
          if (seen && seen[seen.length - 1] !== r.target.value) seen.push(r.target.value);
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['value'] });
    `);
    const calls: string[] = [];
    page.on('request', (r) => calls.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await page.goto(app);
    await page.waitForFunction(POLICIES_LOADED);
    await page.selectOption('#policy', 'xining-2024');
    const started = Date.now();
    await page.setInputFiles('#file', file);
    await page.waitForFunction(RUNNING, undefined, { timeout: 120_000 });
    expect(await page.isVisible('#again')).toBe(false);
    await shot(page, 'running');
    await page.waitForFunction(ENDED, undefined, { timeout: 600_000 });
    const ms = Date.now() - started;
    expect(await page.getAttribute('body', 'data-state')).toBe('done');
    writeFileSync(path.join(ARTEFACTS, 'timing-100k.txt'), `drop to done, 100,000 rows: ${ms} ms\n`);

    expect(calls).toContain('POST /api/uploads');
    expect(calls.some((c) => c.startsWith('PUT /devstoreaccount1/uploads/'))).toBe(true);
    expect(calls).not.toContain('POST /api/jobs');
    const seen = await page.evaluate<Record<string, number[]>>('window.progressSeen');
    expect(new Set(seen['upload-bar']!.filter((v) => v > 0 && v < 100)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(seen['run-bar']!.filter((v) => v > 0 && v < 100)).size).toBeGreaterThanOrEqual(3);

    const ref = cli(file, 'xining-2024');
    const got = await download(page, '#dl-xlsx');
    expect(got.bytes.equals(ref.bytes)).toBe(true);
    expect(await shownCounts(page)).toEqual(ref.counts);
    expect(await shownTotals(page)).toEqual(ref.totals);
    await page.close();
  }, 900_000);

  it('asks for the function key once when the service wants one, and keeps it for the tab', async () => {
    process.env['YIBAO_FUNCTION_KEY'] = 'page-key-1';
    try {
      const page = await browser.context.newPage();
      await page.goto(app);
      await page.waitForSelector('#key-dialog[open]');
      await page.fill('#key', 'page-key-1');
      await page.click('#key-form button[value=ok]');
      await page.waitForFunction(POLICIES_LOADED);
      expect(await page.evaluate("sessionStorage.getItem('yibao.functionKey')")).toBe('page-key-1');
      expect(await page.evaluate('localStorage.length')).toBe(0);
      const file = path.join(ROOT, 'samples/xining-2024/account-refund.xlsx');
      expect(await uploadAndWait(page, file, 'xining-2024')).toBe('done');
      await page.reload();
      await page.waitForFunction(POLICIES_LOADED);
      expect(await page.isVisible('#key-dialog')).toBe(false);
      await page.close();
    } finally {
      delete process.env['YIBAO_FUNCTION_KEY'];
    }
  }, 120_000);
});
