import ExcelJS from 'exceljs';
import type { PlanEntry } from '../../shared/schemas/plan.js';

/**
 * The plan as an .xlsx in the notices' shape (序号, 单位, 时间, then 备注), so an exported year imports
 * again as it is; the window's dates and the interview follow in columns an import ignores.
 */
const COLUMNS = [
  { header: '序号', key: 'seq', width: 8 },
  { header: '单位', key: 'unit', width: 30 },
  { header: '时间', key: 'time', width: 22 },
  { header: '备注', key: 'note', width: 30 },
  { header: '起始日期', key: 'start', width: 12 },
  { header: '截止日期', key: 'end', width: 12 },
  { header: '访谈编号', key: 'interview', width: 10 },
];

function sheet(wb: ExcelJS.Workbook, title: string): ExcelJS.Worksheet {
  const ws = wb.addWorksheet('年度计划', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  ws.addRow([title]).font = { bold: true, size: 14 };
  const header = ws.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  return ws;
}

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  wb.creator = 'fangtan';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The year's plan. Every value is written as text or a number: nothing a spreadsheet would run. */
export async function planWorkbook(year: number, entries: readonly PlanEntry[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = sheet(wb, `${year}年政府门户网站“在线访谈”活动计划安排表`);
  for (const e of entries) {
    ws.addRow({ seq: e.seq, unit: e.unit, time: e.timeText, note: e.note, start: e.windowStart, end: e.windowEnd, interview: e.interviewId ?? '' });
  }
  return toBuffer(wb);
}

/** An empty table to fill in, and a second sheet saying how (which the import does not read as rows). */
export async function planTemplate(year: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = sheet(wb, `${year}年政府门户网站“在线访谈”活动计划安排表`);
  // Text cells, so that Excel keeps "5月8日" as typed instead of turning it into a date.
  for (const key of ['unit', 'time', 'note']) ws.getColumn(key).numFmt = '@';
  const help = wb.addWorksheet('填写说明');
  help.columns = [{ width: 24 }, { width: 60 }];
  for (const line of [
    ['列', '说明'],
    ['序号', '正整数，同一年度内不重复。'],
    ['单位', '与“单位管理”中的名称一致；一行只写一个单位。名单中没有的单位，导入时可选择一并新建。'],
    ['时间', '月份：4月、四月、2026年4月；日期：5月8日、2026-05-08、2026年5月8日；时间段：5月8日—5月19日（也可用 –、-、~、至、到）。须在导入时选定的年度内。'],
    ['备注', '可选。'],
    ['注意', '不要使用公式；不支持含宏的文件（.xlsm）。其他列会被忽略。'],
  ]) {
    help.addRow(line);
  }
  help.getRow(1).font = { bold: true };
  return toBuffer(wb);
}
