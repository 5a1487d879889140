import { Document, Packer, Paragraph } from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import sharp from 'sharp';

/** A real Word document (.docx), as Word writes one, with the outline's text. */
export async function outlineDocx(text = '一、开场介绍\n二、政策解读'): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: text.split('\n').map((t) => new Paragraph(t)) }] });
  return Packer.toBuffer(doc);
}

/** The same document made macro-enabled as Word saves a .docm: the declared type and a VBA project. */
export async function outlineDocm(): Promise<Buffer> {
  const files = unzipSync(await outlineDocx());
  const types = strFromU8(files['[Content_Types].xml']!).replace(
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    'application/vnd.ms-word.document.macroEnabled.main+xml',
  );
  files['[Content_Types].xml'] = strToU8(types.replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'));
  files['word/vbaProject.bin'] = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3, 4]);
  return Buffer.from(zipSync(files));
}

/** A .docx that still says "Word document" but hides a VBA project inside (renamed from .docm by hand). */
export async function outlineDocxWithVba(): Promise<Buffer> {
  const files = unzipSync(await outlineDocx());
  files['word/vbaProject.bin'] = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 9, 9]);
  return Buffer.from(zipSync(files));
}

/** A small but well-formed one-page PDF. */
export function outlinePdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    '<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 770 Td (Outline) Tj ET\nendstream',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A portrait as a phone takes it: EXIF with the camera and GPS, turned by its Orientation tag. */
export async function portraitJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 200, channels: 3, background: '#2a6' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: 'TestCam', Model: 'Phone 1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 27/1' } })
    .toBuffer();
}
