import type { Lang } from '../http/i18n.js';

/**
 * Sentences for the plan's refusals (a whole file, or one row of it), merged into the server's detail messages
 * (http/i18n.ts). Placeholders: {cell} a spreadsheet cell such as B3, {line} a CSV line, {max}, {mb}, {year}.
 */
export const PLAN_MESSAGES: Record<string, Record<Lang, string>> = {
  plan_empty_file: { 'zh-CN': '文件是空的', en: 'the file is empty' },
  plan_xls: { 'zh-CN': '不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV 后再导入', en: 'old .xls files are not supported: save it as .xlsx or CSV' },
  plan_malformed: { 'zh-CN': '文件已损坏或不是有效的 .xlsx 表格', en: 'the file is damaged or not a valid .xlsx workbook' },
  plan_macro: { 'zh-CN': '文件含有宏、ActiveX 控件或外部链接，出于安全原因拒绝导入；请另存为不含宏的 .xlsx', en: 'the file holds macros, ActiveX controls or external links and is refused: save it as a plain .xlsx' },
  plan_formula: { 'zh-CN': '单元格 {cell} 含有公式（或以 =、+、-、@ 开头），出于安全原因拒绝导入；请改为纯文本', en: 'cell {cell} holds a formula (or starts with =, +, - or @) and is refused: enter plain text' },
  plan_not_text: { 'zh-CN': '文件不是文本表格（CSV）或 .xlsx', en: 'the file is neither a CSV text table nor an .xlsx workbook' },
  plan_csv_quote: { 'zh-CN': '第 {line} 行：引号未闭合（CSV 格式有误）', en: 'line {line}: a quoted cell is not closed (broken CSV)' },
  plan_no_header: { 'zh-CN': '没有找到含“序号”“单位”“时间”三列的表头', en: 'no header row with the columns 序号, 单位 and 时间' },
  plan_no_rows: { 'zh-CN': '表头下没有数据行', en: 'there are no rows under the header' },
  plan_too_many_rows: { 'zh-CN': '一个年度计划最多 {max} 行', en: 'a plan may have at most {max} rows' },
  plan_unpacked_too_large: { 'zh-CN': '表格解压后超过 {mb} MB，不像是一份年度计划，拒绝导入', en: 'the workbook unpacks to more than {mb} MB, which no plan needs; refused' },
  plan_too_large: { 'zh-CN': '文件过大（最大 {mb} MB）', en: 'the file is too large (at most {mb} MB)' },
  plan_bad_rows: { 'zh-CN': '{n} 处有误，未导入任何一行', en: '{n} problems found; nothing was imported' },
  nothing_to_change_plan: { 'zh-CN': '没有要修改的内容（可修改：序号、单位、时间、备注）', en: 'nothing to change (seq, unit, time or note)' },
  seq_missing: { 'zh-CN': '缺少序号', en: 'the 序号 is missing' },
  seq_invalid: { 'zh-CN': '序号须为正整数', en: 'the 序号 must be a positive whole number' },
  seq_duplicate: { 'zh-CN': '序号在文件中重复', en: 'the 序号 appears twice in the file' },
  seq_taken: { 'zh-CN': '该年度计划中已有这个序号（导入只新增行；已有的行请在计划表中修改或删除）', en: "the year's plan already has this 序号 (an import only adds rows; change or delete existing rows in the plan table)" },
  unit_empty: { 'zh-CN': '缺少单位', en: 'the unit is missing' },
  unit_several: { 'zh-CN': '一个单元格里有多个单位，请每个单位各占一行', en: 'several units in one cell: give each unit its own row' },
  unit_too_long: { 'zh-CN': '单位名称过长', en: 'the unit name is too long' },
  time_empty: { 'zh-CN': '缺少时间', en: 'the time is missing' },
  time_unreadable: { 'zh-CN': '无法识别的时间（可写 4月、5月8日、2026-05-08 或 5月8日—5月19日）', en: 'unreadable time (write 4月, 5月8日, 2026-05-08 or 5月8日—5月19日)' },
  time_invalid_date: { 'zh-CN': '日期不存在', en: 'there is no such date' },
  time_outside_year: { 'zh-CN': '时间不在所选年度内', en: 'the time is outside the chosen year' },
  time_reversed: { 'zh-CN': '结束日期早于开始日期', en: 'the end is before the start' },
  time_too_long: { 'zh-CN': '时间过长', en: 'the time text is too long' },
  note_too_long: { 'zh-CN': '备注过长', en: 'the note is too long' },
};
