import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { submissionProblem } from '../../server/receipts/rules.js';
import { checkOutline, outlineDownloadName } from '../../server/receipts/outline.js';
import type { ReceiptStaff } from '../../shared/schemas/receipt.js';
import { outlineDocm, outlineDocx, outlineDocxWithVba, outlinePdf } from '../helpers/receipt-files.js';

const MAX = 1024 * 1024;
const reason = (p: Promise<unknown>) => p.then(() => 'accepted', (e: { detail?: string }) => e.detail);

describe('the 访谈提纲 check', () => {
  it('takes a PDF and a real Word document, whatever they are called', async () => {
    expect(await checkOutline(outlinePdf(), MAX)).toBe('pdf');
    expect(await checkOutline(await outlineDocx(), MAX)).toBe('docx');
  });

  it('refuses macros, other Office files, broken packages and size, each with its reason', async () => {
    expect(await reason(checkOutline(await outlineDocm(), MAX))).toBe('outline_macros');
    expect(await reason(checkOutline(await outlineDocxWithVba(), MAX))).toBe('outline_macros');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRow(['x']);
    expect(await reason(checkOutline(Buffer.from(await wb.xlsx.writeBuffer()), MAX))).toBe('outline_type');
    // Declares a Word body that is not there.
    const files = unzipSync(await outlineDocx());
    delete files['word/document.xml'];
    files['word/other.xml'] = strToU8('<x/>');
    expect(await reason(checkOutline(Buffer.from(zipSync(files)), MAX))).toMatch(/^outline_(not_word|type)$/);
    expect(await reason(checkOutline(Buffer.from('plain text, not a document'), MAX))).toBe('outline_type');
    expect(await reason(checkOutline(outlinePdf(), 100))).toBe('outline_too_large');
  });

  it('downloads under the name given, without a path, with the real extension', () => {
    expect(outlineDownloadName('C:\\Users\\王芳\\民政局提纲.doc', 'docx')).toBe('民政局提纲.docx');
    expect(outlineDownloadName('../../etc/"passwd"', 'pdf')).toBe('passwd.pdf');
    expect(outlineDownloadName(undefined, 'pdf')).toBe('访谈提纲.pdf');
  });
});

describe('what a 回执 needs before it is submitted', () => {
  const ok = {
    topic: '主题',
    persons: [{ role: 'guest', name: '李华', title: '', bio: '', photoId: null }],
    contactName: '王芳',
    contactPhone: '138 0013 8000',
    contactEmail: '',
    outline: { name: 'a.pdf', type: 'pdf', bytes: 1, uploadedAt: '' },
  } as unknown as ReceiptStaff;

  it('takes a mobile or a landline, an optional e-mail', () => {
    expect(submissionProblem(ok)).toBeUndefined();
    expect(submissionProblem({ ...ok, contactPhone: '0912-4848111', contactEmail: 'a@b.cn' })).toBeUndefined();
  });

  it('names the first field at fault', () => {
    expect(submissionProblem({ ...ok, persons: [{ ...ok.persons[0]!, role: 'staff' }] })?.field).toBe('persons');
    expect(submissionProblem({ ...ok, contactPhone: '4848111' })?.detail).toBe('receipt_phone');
    expect(submissionProblem({ ...ok, contactEmail: 'a@' })?.detail).toBe('receipt_email');
    expect(submissionProblem({ ...ok, outline: null })?.field).toBe('outline');
  });
});
