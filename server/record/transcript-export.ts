import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Transcript, TranscriptBlock } from '../../shared/schemas/record.js';

/**
 * The 文字实录 as files: a self-contained HTML page, plain text and a Word document (staff send .docx). The
 * document is Chinese whatever the studio's language, as the record is. Times are those of the transcript given
 * (published time once shifted for a publication).
 */

const KIND_LABEL: Record<TranscriptBlock['kind'], string> = {
  speech: '',
  question: '网友提问',
  livetext: '图文直播',
  heading: '',
  note: '说明',
};

/** h:mm:ss or mm:ss, as a time in the record. */
export function clock(ms: number): string {
  const t = Math.floor(ms / 1000);
  const h = Math.floor(t / 3600);
  const mm = String(Math.floor((t % 3600) / 60)).padStart(2, '0');
  const ss = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Who speaks, as the record prints it: 张明（区住建局局长）. */
function who(b: TranscriptBlock): string {
  if (!b.speaker) return '';
  return b.title ? `${b.speaker}（${b.title}）` : b.speaker;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A whole HTML page, with its style inline and nothing fetched, every text escaped. */
export function transcriptHtml(t: Transcript): string {
  const blocks = t.blocks.map((b) => {
    if (b.kind === 'heading') return `<h2>${escapeHtml(b.text)}</h2>`;
    const meta = [
      b.startMs !== null ? `<time>${clock(b.startMs)}</time>` : '',
      KIND_LABEL[b.kind] ? `<span class="kind">${KIND_LABEL[b.kind]}</span>` : '',
      who(b) ? `<strong>${escapeHtml(who(b))}</strong>` : '',
    ].filter(Boolean);
    const text = escapeHtml(b.text).replace(/\r?\n/g, '<br>');
    return `<section class="${b.kind}">${meta.length ? `<p class="meta">${meta.join(' ')}</p>` : ''}<p>${text}</p></section>`;
  });
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)} · 文字实录</title>
<style>
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; line-height: 1.8; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
section { margin: 0 0 1rem; } .meta { margin: 0; color: #57606a; font-size: 0.9rem; }
.meta strong { color: #1f2328; } .meta time { font-variant-numeric: tabular-nums; margin-right: 0.4em; }
.kind { background: #eaeef2; border-radius: 3px; padding: 0 0.4em; margin-right: 0.4em; }
.question p:last-child { font-weight: 600; } p { margin: 0.2rem 0; }
</style>
</head>
<body>
<h1>${escapeHtml(t.title)}</h1>
<p class="meta">文字实录</p>
${blocks.join('\n')}
</body>
</html>
`;
}

/** Plain text: the title, then each block with its time and speaker on one line and its text under it. */
export function transcriptText(t: Transcript): string {
  const out = [t.title, '文字实录', ''];
  for (const b of t.blocks) {
    const head = [b.startMs !== null ? `[${clock(b.startMs)}]` : '', KIND_LABEL[b.kind] ? `【${KIND_LABEL[b.kind]}】` : '', who(b) ? `${who(b)}：` : ''].filter(Boolean).join(' ');
    if (b.kind === 'heading') out.push(b.text, '');
    else out.push(...(head ? [head] : []), b.text, '');
  }
  return out.join('\n');
}

const FONT = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: '宋体' };

/** A Word document (.docx): the title as a heading, each block a paragraph led by its time and speaker in bold. */
export async function transcriptDocx(t: Transcript): Promise<Buffer> {
  const paragraphs = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: t.title, font: FONT })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: '文字实录', font: FONT, color: '57606A' })] }),
  ];
  for (const b of t.blocks) {
    if (b.kind === 'heading') {
      paragraphs.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: b.text, font: FONT })] }));
      continue;
    }
    const lead = [b.startMs !== null ? `[${clock(b.startMs)}] ` : '', KIND_LABEL[b.kind] ? `【${KIND_LABEL[b.kind]}】` : '', who(b) ? `${who(b)}：` : ''].join('');
    const lines = b.text.split(/\r?\n/);
    paragraphs.push(
      new Paragraph({
        spacing: { after: 160 },
        children: [
          ...(lead ? [new TextRun({ text: lead, bold: true, font: FONT })] : []),
          ...lines.map((line, i) => new TextRun({ text: line, font: FONT, bold: b.kind === 'question', ...(i > 0 && { break: 1 }) })),
        ],
      }),
    );
  }
  const doc = new Document({ creator: 'fangtan', title: t.title, sections: [{ children: paragraphs }] });
  return Packer.toBuffer(doc);
}
