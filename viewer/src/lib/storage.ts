import { z } from 'zod';

/**
 * The asker's own questions (我的提问), remembered in this browser only. The ticket is the private key
 * to a question's status, so it never leaves the device except to ask the fangtan server about it.
 */
export const SavedQuestion = z.object({
  ticket: z.string().min(1),
  id: z.number().int(),
  slug: z.string().min(1),
  /** The start of what was asked, so the list is readable before the server answers. */
  snippet: z.string(),
  savedAt: z.string(),
});
export type SavedQuestion = z.infer<typeof SavedQuestion>;

const KEY = 'fangtan:my-questions';
// Enough for any one person's history; old entries fall off so storage cannot grow without bound.
const MAX_ENTRIES = 100;
const SNIPPET_LENGTH = 80;

// Storage can be refused outright (Safari with cookies blocked, some in-app browsers, third-party iframe
// rules). The list then lives for this page only instead of breaking the page.
let memory: SavedQuestion[] = [];

function readAll(): SavedQuestion[] {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return memory;
    const parsed = z.array(z.unknown()).safeParse(JSON.parse(raw));
    if (!parsed.success) return memory;
    // Keep every entry that still parses: one damaged record must not wipe the others.
    return parsed.data.flatMap((e) => {
      const one = SavedQuestion.safeParse(e);
      return one.success ? [one.data] : [];
    });
  } catch {
    return memory;
  }
}

function writeAll(entries: SavedQuestion[]): void {
  memory = entries;
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(entries));
  } catch {
    // Quota or policy: the in-memory copy above still serves this page.
  }
}

/** The saved questions of one interview, newest first. */
export function loadSaved(slug: string): SavedQuestion[] {
  return readAll()
    .filter((e) => e.slug === slug)
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

/** Remembers a freshly submitted question. */
export function saveQuestion(entry: { ticket: string; id: number; slug: string; content: string }): SavedQuestion {
  const trimmed = entry.content.trim();
  const saved: SavedQuestion = {
    ticket: entry.ticket,
    id: entry.id,
    slug: entry.slug,
    snippet: trimmed.length > SNIPPET_LENGTH ? `${trimmed.slice(0, SNIPPET_LENGTH)}…` : trimmed,
    savedAt: new Date().toISOString(),
  };
  const others = readAll().filter((e) => e.ticket !== saved.ticket);
  writeAll([saved, ...others].slice(0, MAX_ENTRIES));
  return saved;
}
