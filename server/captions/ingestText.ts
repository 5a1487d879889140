/**
 * The text/plain form of caption ingestion, as live platforms take it (YouTube's HTTP caption ingestion):
 * a timestamp line in UTC without zone (`2026-12-02T10:00:00.000`), then the caption's text lines; several
 * blocks may follow each other in one body. `region:` lines and `#` comments are ignored; text before any
 * timestamp is one block at the time of arrival.
 */
export interface IngestBlock {
  /** When the captioner says the line was spoken, or the arrival time (see `clockSkewMs`). */
  at: Date;
  text: string;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)(?: region:\S*)?$/;

/**
 * A captioner whose clock is this far off is not believed: its blocks take the arrival time, so a wrong
 * clock cannot put a cue hours before the broadcast or after it.
 */
export const INGEST_CLOCK_SKEW_MS = 10 * 60_000;

/** Splits a text/plain ingest body into blocks; blocks without text are dropped. */
export function parseIngestText(body: string, now: Date): IngestBlock[] {
  const blocks: Array<{ at: Date; lines: string[] }> = [];
  let current: { at: Date; lines: string[] } | undefined;
  for (const raw of body.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    const stamp = TIMESTAMP.exec(line);
    if (stamp) {
      const at = new Date(`${stamp[1]}Z`);
      const believed = !Number.isNaN(at.getTime()) && Math.abs(at.getTime() - now.getTime()) <= INGEST_CLOCK_SKEW_MS;
      current = { at: believed ? at : now, lines: [] };
      blocks.push(current);
      continue;
    }
    if (!line || line.startsWith('#') || /^region:/i.test(line)) continue;
    if (!current) {
      current = { at: now, lines: [] };
      blocks.push(current);
    }
    // YouTube's form allows <br> inside a line for a line break.
    current.lines.push(...line.split(/<br\s*\/?>/i).map((l) => l.trim()).filter(Boolean));
  }
  return blocks.filter((b) => b.lines.length > 0).map((b) => ({ at: b.at, text: b.lines.join('\n') }));
}
