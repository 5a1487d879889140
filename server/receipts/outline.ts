import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { DomainError } from '../http/errors.js';
import { megabytes } from '../livetext/photos.js';

/**
 * The 访谈提纲 (outline) a unit uploads with its 回执: a Word document (.docx) or a PDF, judged by its bytes
 * alone. The name and Content-Type a browser sends say nothing (a renamed .exe or .docm arrives as
 * "提纲.docx"), so file-type reads the signature, and a .docx is opened as the zip it is: a real Word document
 * has word/document.xml declared as a document (not a macro-enabled one) and carries no VBA project.
 */

export type OutlineType = 'pdf' | 'docx';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** The part a Word document's [Content_Types].xml declares for its body; a .docm declares macroEnabled.main+xml. */
const DOCX_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
/** file-type's answers for the macro-enabled Word formats. */
const MACRO_MIMES = new Set(['application/vnd.ms-word.document.macroenabled.12', 'application/vnd.ms-word.template.macroenabled.12']);
/** [Content_Types].xml is a few kilobytes; one claiming more when inflated is not a document but a zip bomb. */
const CONTENT_TYPES_MAX = 1024 * 1024;
const FILE_NAME = /^[A-Za-z0-9_-]{22}\.(pdf|docx)$/;

let detector: Promise<typeof import('file-type').fileTypeFromBuffer> | undefined;
// Loaded on the first upload: most processes never see one (see livetext/photos.ts).
const loadDetector = () => (detector ??= import('file-type').then((m) => m.fileTypeFromBuffer));

/** Checks an outline's bytes: 413 when too large, 415 naming why when it is not a plain .docx or a PDF. */
export async function checkOutline(body: Buffer, maxBytes: number): Promise<OutlineType> {
  if (body.length > maxBytes) throw new DomainError('payload_too_large', 'outline', 'outline_too_large', { mb: megabytes(maxBytes) });
  if (body.length === 0) throw new DomainError('unsupported_media_type', 'outline', 'outline_type');
  const detected = await (await loadDetector())(body);
  if (detected?.mime === 'application/pdf') return 'pdf';
  if (detected && MACRO_MIMES.has(detected.mime)) throw new DomainError('unsupported_media_type', 'outline', 'outline_macros');
  if (detected?.mime !== DOCX_MIME) throw new DomainError('unsupported_media_type', 'outline', 'outline_type');
  checkWordPackage(body);
  return 'docx';
}

/** Opens a .docx's zip: a VBA project (macros) anywhere, or no declared Word body, and it is refused. */
function checkWordPackage(body: Buffer): void {
  const names: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    // The filter sees every entry's name and size; only the small [Content_Types].xml is inflated.
    files = unzipSync(body, {
      filter: (f) => {
        names.push(f.name);
        return f.name === '[Content_Types].xml' && f.originalSize <= CONTENT_TYPES_MAX;
      },
    });
  } catch {
    throw new DomainError('unsupported_media_type', 'outline', 'outline_not_word');
  }
  if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n) || /(^|\/)vbaData\.xml$/i.test(n))) {
    throw new DomainError('unsupported_media_type', 'outline', 'outline_macros');
  }
  const types = files['[Content_Types].xml'];
  const declared = types ? new TextDecoder().decode(types) : '';
  if (/macroEnabled/i.test(declared)) throw new DomainError('unsupported_media_type', 'outline', 'outline_macros');
  if (!declared.includes(DOCX_MAIN) || !names.includes('word/document.xml')) throw new DomainError('unsupported_media_type', 'outline', 'outline_not_word');
}

/**
 * The name the outline is downloaded under: what the unit called it (path and control characters removed),
 * with the extension of what it really is.
 */
export function outlineDownloadName(uploaded: string | undefined, type: OutlineType): string {
  const base = (uploaded ?? '').replace(/^.*[\\/]/, '').replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  const stem = base.replace(/\.[^.]*$/, '').slice(0, 100) || '访谈提纲';
  return `${stem}.${type}`;
}

/** The outline files on disk, under random names (a name is never reused). */
export class OutlineFiles {
  constructor(private readonly dir: string) {}

  async save(body: Buffer, type: OutlineType): Promise<string> {
    await fs.mkdir(this.dir, { recursive: true });
    const name = `${randomBytes(16).toString('base64url')}.${type}`;
    await fs.writeFile(path.join(this.dir, name), body, { flag: 'wx' });
    return name;
  }

  async remove(name: string | null): Promise<void> {
    if (name && FILE_NAME.test(name)) await fs.rm(path.join(this.dir, name), { force: true });
  }

  async read(name: string): Promise<Buffer | undefined> {
    if (!FILE_NAME.test(name)) return undefined;
    try {
      return await fs.readFile(path.join(this.dir, name));
    } catch {
      return undefined;
    }
  }
}
