import type { ZodError } from 'zod';
import { CaptionIngestJson, CUE_MAX_LENGTH } from '../../shared/schemas/caption.js';
import { DomainError } from '../http/errors.js';
import { parseIngestText } from './ingestText.js';
import type { IngestPost } from './service.js';

/**
 * The posts in one ingest request body: text/plain (timestamped blocks, each a final cue) or JSON
 * (`{ text, speaker?, final? }`). A cue over CUE_MAX_LENGTH is refused whole rather than cut: the
 * captioner's system hears a 400 and can split it, and nothing half-stored reaches viewers.
 */
export function ingestPosts(body: unknown, isText: boolean, now: Date): IngestPost[] | { invalid: ZodError } {
  if (isText) {
    const blocks = parseIngestText(typeof body === 'string' ? body : '', now);
    if (blocks.length === 0) throw new DomainError('validation', 'text', 'ingest_empty');
    const long = blocks.find((b) => b.text.length > CUE_MAX_LENGTH);
    if (long) throw new DomainError('validation', 'text', 'cue_too_long', { max: CUE_MAX_LENGTH });
    return blocks.map((b) => ({ text: b.text, final: true, at: b.at }));
  }
  const parsed = CaptionIngestJson.safeParse(body);
  if (!parsed.success) return { invalid: parsed.error };
  return [{ text: parsed.data.text, final: parsed.data.final, ...(parsed.data.speaker && { speaker: parsed.data.speaker }) }];
}
