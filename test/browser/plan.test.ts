import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, SYSTEM } from '../../server/audit/log.js';
import { seriousViolations } from '../helpers/axe.js';
import { launchChromium, openStudioAs, screenshotIfAsked, followNav } from '../helpers/browser.js';
import { ADMIN_PASSWORD, Client, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  server = await startServer();
  chromium = await launchChromium();
  const admin = new Client(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  for (const name of ['小壕兔乡人民政府', '区水利局']) expect((await admin.post('/api/studio/units', { name })).status).toBe(201);
  // More entries of one kind than a page shows, to page back through.
  for (let i = 0; i < 250; i++) await recordAudit(server.domain.db, { actor: SYSTEM, action: 'test.bulk', entity: 'settings', entityId: i + 1 });
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function planFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('附件2');
  ws.addRow(['2026年区政府门户网站“在线访谈”活动计划安排表']);
  ws.addRow(['序号', '单位', '时间']);
  ws.addRow([1, '小壕兔乡人民政府', '4月']);
  ws.addRow([2, '区水利局', '5月8日—5月19日']);
  ws.addRow([3, '区林业局', '2026年6月18日']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the annual plan in the studio', () => {
  it('lets an admin import a plan file, see the year as a table and a calendar, edit a row and export it', async () => {
    const page = await openStudioAs(chromium.browser, server.url, 'admin', ADMIN_PASSWORD);
    page.setDefaultTimeout(15_000);
    try {
      await steps(page);
    } catch (err) {
      await screenshotIfAsked(page, 'plan-failure');
      throw err;
    }
  }, 90_000);
});

async function steps(page: Page): Promise<void> {
  {
    await followNav(page, '年度计划');
    await page.getByRole('heading', { level: 1, name: '年度计划' }).waitFor();
    await page.getByLabel('年度').selectOption({ label: '2026 年' });
    await page.getByText('2026 年还没有计划').waitFor();

    // A unit not on the list: the file is refused with the row, and the admin has the unit created.
    await page.getByLabel('计划文件').setInputFiles({ name: '2026年在线访谈计划.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await planFile() });
    await page.getByRole('button', { name: '导入到 2026 年' }).click();
    const problems = page.getByTestId('plan-import-problems');
    await problems.getByText('1 处有误，未导入任何一行').waitFor();
    const bad = problems.locator('tr[data-row="5"]');
    expect(await bad.textContent()).toContain('区林业局');
    expect(await bad.textContent()).toContain('单位不存在');
    expect(await page.getByTestId('plan-table').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotIfAsked(page, 'plan-import-problems');
    await problems.getByRole('button', { name: '新建这些单位并导入' }).click();

    const table = page.getByTestId('plan-table');
    await table.locator('tr[data-seq="3"]').waitFor();
    // What came in stays on the page, not in a notice over the signed-in name; 2026's April to June are past.
    const result = page.getByTestId('plan-import-result');
    await result.getByText('已导入 3 行到 2026 年计划').waitFor();
    expect(await result.textContent()).toContain('已新建单位：区林业局');
    expect(await result.getByTestId('plan-import-past').textContent()).toContain('序号为 1、2、3 的 3 行时间已经过去，仍已导入');
    expect(await page.getByTestId('file-chosen').textContent()).toBe('未选择文件');
    expect(await table.locator('tr[data-seq="2"]').textContent()).toContain('5月8日–5月19日');
    expect(await table.locator('tr[data-seq="3"]').textContent()).toContain('区林业局');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotIfAsked(page, 'plan-table');

    // Editing a row by keyboard: the time changes, the window follows.
    await table.getByRole('button', { name: /编辑 第 1 行/ }).click();
    const time = table.getByLabel('时间');
    await time.fill('4月20日至4月30日');
    await time.press('Enter');
    await table.locator('tr[data-seq="1"]', { hasText: '4月20日–4月30日' }).waitFor();

    await page.getByRole('button', { name: '日历' }).click();
    const calendar = page.getByTestId('plan-calendar');
    await calendar.getByRole('heading', { name: '2026 年日历' }).waitFor();
    expect(await calendar.locator('[data-month="5"]').textContent()).toContain('区水利局');
    expect(await calendar.locator('[data-month="6"]').textContent()).toContain('区林业局');
    expect(await calendar.locator('[data-month="7"]').textContent()).toContain('本月没有安排');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotIfAsked(page, 'plan-calendar');

    // The same page in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Annual plan' }).waitFor();
    await calendar.getByRole('heading', { name: 'Calendar 2026' }).waitFor();
    expect(await calendar.locator('[data-month="5"]').textContent()).toContain('May 8–May 19');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotIfAsked(page, 'plan-calendar-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '年度计划' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(3).values).toEqual(expect.arrayContaining([1, '小壕兔乡人民政府', '4月20日至4月30日']));

    // What the import did is in the audit log, under its own filter.
    await followNav(page, '操作日志');
    await page.getByLabel('操作', { exact: true }).selectOption({ label: '导入年度计划' });
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('共 1 条').waitFor();
    await page.locator('tbody[data-testid=audit-entry][data-action="plan.import"]').waitFor();
    expect(await page.getByTestId('audit-csv').getAttribute('href')).toBe('/api/studio/audit.csv?action=plan.import');
    // By interview: the draft's creation and its plan row's.
    await page.getByLabel('操作', { exact: true }).selectOption({ label: '全部' });
    await page.getByLabel('访谈', { exact: true }).selectOption({ label: '#3 区水利局在线访谈' });
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('共 2 条').waitFor();
    await page.locator('tbody[data-testid=audit-entry][data-action="plan.entry.create"]').waitFor();
    await page.locator('tbody[data-testid=audit-entry][data-action="interview.create"]').waitFor();
    expect(await page.getByTestId('audit-csv').getAttribute('href')).toBe('/api/studio/audit.csv?interviewId=3');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotIfAsked(page, 'audit-filters');

    // Paging back: 200 at a time, then the rest, and no button once the log is exhausted.
    await page.getByLabel('访谈', { exact: true }).selectOption({ label: '全部' });
    await page.getByLabel('操作', { exact: true }).selectOption({ label: 'test.bulk' });
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('共 200 条').waitFor();
    await page.getByRole('button', { name: '加载更早的 200 条' }).click();
    await page.getByText('共 250 条').waitFor();
    expect(await page.getByTestId('audit-older').count()).toBe(0);
    expect(await page.locator('tbody[data-testid=audit-entry]').last().textContent()).toContain('#1');
  }
}
