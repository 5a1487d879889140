import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { launchChromium, openStudioAs, screenshotIfAsked, followNav } from '../helpers/browser.js';
import { ADMIN_PASSWORD, staffClients, startServer, type TestServer } from '../helpers/server.js';
import { A, B, C, seedYear } from '../helpers/yearSeed.js';

const run = promisify(execFile);

let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  server = await startServer();
  await seedYear(server.domain.db);
  chromium = await launchChromium();
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('统计: the admin reads the year and exports the report', () => {
  it('shows the year per unit and per interview with charts, and downloads the .xlsx and the PDF', async () => {
    const page = await openStudioAs(chromium.browser, server.url, 'admin', ADMIN_PASSWORD);
    await followNav(page, '统计');
    await page.getByRole('heading', { level: 1, name: '统计与考核' }).waitFor();
    await page.getByLabel('统计年度').selectOption('2026');
    const units = page.getByRole('table', { name: '各单位情况' });
    await units.getByRole('rowheader', { name: A }).waitFor();
    const rowA = units.getByRole('row', { name: new RegExp(A) });
    expect((await rowA.locator('td').allTextContents()).slice(0, 9)).toEqual(['2', '2', '12', '5', '3', '2', '87.5%', '2', '4.5']);
    for (const name of [B, C]) await units.getByRole('rowheader', { name }).waitFor();
    // The charts are named images; the table is their text alternative.
    await page.getByRole('img', { name: '各单位计划与实际场次' }).waitFor();
    await page.getByRole('img', { name: '各单位答复率' }).waitFor();
    const interviews = page.getByRole('table', { name: '各场访谈情况' });
    expect(await interviews.locator('tbody tr').count()).toBe(3);
    await page.getByRole('heading', { name: '指标说明（计算方法）' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotIfAsked(page, 'stats-zh');

    const dir = fs.mkdtempSync(path.join(server.dataDir, 'downloads-'));
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 Excel（.xlsx）' }).click()]);
    const xlsxFile = path.join(dir, 'stats.xlsx');
    await xlsx.saveAs(xlsxFile);
    expect(xlsx.suggestedFilename()).toBe('2026年度在线访谈统计.xlsx');
    // An .xlsx is a zip: it starts with PK.
    expect(fs.readFileSync(xlsxFile).subarray(0, 2).toString()).toBe('PK');

    const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('link', { name: '导出考核报告（PDF）' }).click()]);
    const pdfFile = path.join(dir, 'report.pdf');
    await pdf.saveAs(pdfFile);
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdfFile, '-']);
    for (const name of [A, B, C]) expect(stdout.replace(/\s+/g, '')).toContain(name);

    // In English the page says the same with its own words.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistics and assessment' }).waitFor();
    await page.getByRole('table', { name: 'Per unit' }).getByRole('columnheader', { name: 'Answer rate' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotIfAsked(page, 'stats-en');
  }, 120_000);

  it('is not offered to other roles, and its address tells them it is not theirs', async () => {
    await staffClients(server.url);
    const page = await openStudioAs(chromium.browser, server.url, 'reviewer1', 'reviewer-password-1');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '访谈列表' }).waitFor();
    expect(await nav.getByRole('link', { name: '统计', includeHidden: true }).count()).toBe(0);
    await page.goto('/studio/#/stats');
    await page.getByRole('alert').getByText(/无权|权限/).waitFor();
    expect(await page.getByRole('heading', { name: '统计与考核' }).count()).toBe(0);
  }, 60_000);
});
