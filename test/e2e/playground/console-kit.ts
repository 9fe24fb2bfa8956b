import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { loadConfig } from '../../../src/config';
import { startApp, type App } from '../../../src/app';
import { freshDatabaseUrl, quietLogger } from '../../helpers/test-db';
import { databaseUrl, redisUrl, servicesRequired } from '../../helpers/services';

/**
 * The playground console in Debian's Chromium, against the real app in playground mode (its own Lark emulator,
 * the Huolu-town demo seeded into a fresh database). Tests act as a person at the keyboard would: pick someone in
 * the people picker, type, click what the cards show, switch people; and they fail on any console or page error.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/playground/', import.meta.url));

/** For describe.skipIf: no Chromium on this machine (a failure when services are required, as in CI). */
export function noChromium(): boolean {
  if (existsSync(CHROMIUM)) return false;
  if (servicesRequired) throw new Error(`REQUIRE_SERVICES=1 but there is no Chromium at ${CHROMIUM} (.ci/run installs it with apt)`);
  console.warn(`[tests] no Chromium at ${CHROMIUM}: skipping the playground browser tests`);
  return true;
}

export interface Playground {
  app: App;
  page: Page;
  /** console errors, page errors and failed requests seen so far */
  errors: string[];
  /** alert/confirm/prompt dialogs the page opened (an XSS would show here) */
  dialogs: string[];
  /** a screenshot under test-artifacts/playground/<story>-NN-<step>.png */
  shot(step: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * One story's console: started (with `setup` on its database before the page opens) before the story's tests,
 * closed after them, and every test fails on a console error, a page error or a native dialog.
 */
export function playgroundStory(story: string, setup?: (pg: Playground) => Promise<void>): Playground {
  const pg = {} as Playground;
  beforeAll(async () => {
    Object.assign(pg, await startPlayground(story));
    await setup?.(pg);
    await openConsole(pg);
  }, 90_000);
  afterAll(async () => pg.close?.());
  afterEach(() => {
    expect(pg.errors).toEqual([]);
    expect(pg.dialogs).toEqual([]);
  });
  return pg;
}

/** The app in playground mode on a fresh database (Postgres when DATABASE_URL is set, else PGlite in memory). */
export async function startPlaygroundApp(): Promise<{ app: App; close(): Promise<void> }> {
  const fresh = databaseUrl ? await freshDatabaseUrl() : undefined;
  // No LARK_* at all: playground mode, with the emulator and the demo roster, as `npm start` on a new machine.
  const config = loadConfig({
    PORT: '0', DATA_DIR: 'memory://',
    ...(fresh ? { DATABASE_URL: fresh.url } : {}),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  });
  try {
    const app = await startApp(config, { logger: quietLogger, host: '127.0.0.1', sessionNamespace: `pg${randomBytes(4).toString('hex')}`, pollMs: 100 });
    // The scheduler catches up on start (e.g. the last working day's evaluation-open): let that round finish
    // before a test adds pairs, so only the runs the test asks for touch them.
    await app.scheduler.tick().catch(async (err: unknown) => { await app.stop(); throw err; });
    return { app, close: async () => { await app.stop(); await fresh?.drop(); } };
  } catch (err) {
    await fresh?.drop();
    throw err;
  }
}

export async function startPlayground(story: string): Promise<Playground> {
  const { app, close: stopApp } = await startPlaygroundApp();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => { if (!r.url().includes('/console-api/messages?')) errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`); });
    page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); void d.dismiss(); });
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const f of readdirSync(ARTIFACTS)) if (f.startsWith(`${story}-`)) rmSync(path.join(ARTIFACTS, f));
    let n = 0;
    const b = browser;
    return {
      app, page, errors, dialogs,
      async shot(step) {
        const file = path.join(ARTIFACTS, `${story}-${String(++n).padStart(2, '0')}-${step}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      async close() {
        await b.close().catch(() => undefined);
        await stopApp();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await stopApp();
    throw err;
  }
}

/** Open the console and wait until it has loaded the roster. */
export async function openConsole(pg: Playground): Promise<void> {
  await pg.page.goto(`${pg.app.url}/`);
  await pg.page.locator('body[data-ready="true"]').waitFor();
}

/** The people picker: search for the name, click them, clear the search. */
export async function speakAs(page: Page, name: string): Promise<void> {
  await page.getByRole('searchbox').fill(name);
  await page.locator('#people-list .person').filter({ has: page.locator('.person-name', { hasText: new RegExp(`^${escapeRe(name)}$`) }) }).first().click();
  await page.getByRole('searchbox').fill('');
  await page.locator('#me-name', { hasText: name }).waitFor();
}

/** Type into the composer and press Enter; resolves once the emulator has pushed it to the bot. */
export async function say(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: /消息|Message/ });
  await box.fill(text);
  await Promise.all([page.waitForResponse((r) => r.url().includes('/say') && r.request().method() === 'POST'), box.press('Enter')]);
}

/** The latest card in the open chat whose title is `title` (waits for it). */
export async function card(page: Page, title: string | RegExp, timeout = 15_000): Promise<Locator> {
  const c = page.locator('#messages .lk-card').filter({ has: page.locator('.lk-title', { hasText: title }) }).last();
  await c.waitFor({ state: 'visible', timeout });
  return c;
}

export interface ClickOutcome { toast?: { type?: string; i18n?: { zh_cn?: string } }; errorCode?: number; cardUpdated?: boolean; ms: number }

/** Click a control and wait for the card callback it sends; returns what the emulator answered. */
export async function clickAndWait(page: Page, target: Locator): Promise<ClickOutcome> {
  const [response] = await Promise.all([page.waitForResponse((r: Response) => r.url().includes('/click') && r.request().method() === 'POST'), target.click()]);
  const body = (await response.json()) as ClickOutcome;
  return { ...body, ms: Number(response.headers()['x-elapsed-ms']) };
}

/** The line under a card saying how long its last callback took against Lark's 3 s. */
export function callbackLine(c: Locator): Locator {
  return c.locator('xpath=ancestor::article[contains(@class, "msg")][1]/p[contains(@class, "callback")]');
}

/** A button of a card by its label. */
export function button(c: Locator, label: string | RegExp): Locator {
  return c.getByRole('button', { name: label, exact: typeof label === 'string' });
}

/** The time panel: pick the job and the moment, press 运行, and return what it reports. */
export async function runJobAt(page: Page, job: string, localTime: string): Promise<string> {
  const side = page.locator('#side');
  if (!(await side.isVisible())) await page.getByRole('button', { name: /时间与检查器|Time & inspector/ }).click();
  await page.getByRole('tab', { name: /^(时间|Time)$/ }).click();
  await page.getByLabel(/^(任务|Job)$/).selectOption(job);
  await page.getByLabel(/时刻|Time \(/).fill(localTime);
  await Promise.all([page.waitForResponse((r) => r.url().includes(`/app/jobs/${job}/run`)), page.getByRole('button', { name: /^(运行|Run)$/ }).click()]);
  const result = page.locator('#job-result');
  await result.locator('h3').waitFor();
  return (await result.innerText()).trim();
}

/** Wait until the person's entry in the picker shows an unread badge; returns its count. */
export async function unreadOf(page: Page, openId: string): Promise<number> {
  const badge = page.locator(`#people-list .person[data-open-id="${openId}"] .unread`);
  await badge.waitFor({ state: 'visible' });
  return Number(await badge.innerText());
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The demo has people and programs but no pairs yet: a pair of `program` formed at `formedAt`, as the organisation
 * department would have made it (test set-up through the database, like the integration suites).
 */
export async function makePair(app: App, program: string, menteeOpenId: string, mentorOpenIds: string[], formedAt: string): Promise<number> {
  const db = app.db.db;
  const programId = (await db.selectFrom('programs').select('id').where('code', '=', program).executeTakeFirstOrThrow()).id;
  const idOf = async (openId: string) => (await db.selectFrom('cadres').select('id').where('open_id', '=', openId).executeTakeFirstOrThrow()).id;
  const pairId = (await db.insertInto('pairs').values({ program_id: programId, mentee_id: await idOf(menteeOpenId), formed_by: 'assignment', formed_at: new Date(formedAt) }).returning('id').executeTakeFirstOrThrow()).id;
  for (const [i, m] of mentorOpenIds.entries()) await db.insertInto('pair_mentors').values({ pair_id: pairId, mentor_id: await idOf(m), lead: i === 0 }).execute();
  return pairId;
}
