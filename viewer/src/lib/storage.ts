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

/** How this browser shows subtitles over the player: on or off, the size, and the track last chosen. */
export const CAPTION_SIZES = ['small', 'medium', 'large'] as const;
export const CaptionPrefs = z.object({
  on: z.boolean().catch(true),
  size: z.enum(CAPTION_SIZES).catch('medium'),
  /** A track's language tag; null follows the interview's primary track. */
  track: z.string().max(35).nullable().catch(null),
});
export type CaptionPrefs = z.infer<typeof CaptionPrefs>;

const CAPTIONS_KEY = 'fangtan:captions';
const DEFAULT_CAPTION_PREFS: CaptionPrefs = { on: true, size: 'medium', track: null };
let captionMemory: CaptionPrefs = DEFAULT_CAPTION_PREFS;

/** The viewer's subtitle choices, remembered across visits and interviews; the defaults when none or damaged. */
export function loadCaptionPrefs(): CaptionPrefs {
  try {
    const raw = globalThis.localStorage?.getItem(CAPTIONS_KEY);
    if (!raw) return captionMemory;
    const parsed = CaptionPrefs.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : captionMemory;
  } catch {
    return captionMemory;
  }
}

/** Remembers the viewer's subtitle choices (in memory only when storage is refused). */
export function saveCaptionPrefs(prefs: CaptionPrefs): void {
  captionMemory = prefs;
  try {
    globalThis.localStorage?.setItem(CAPTIONS_KEY, JSON.stringify(prefs));
  } catch {
    // Quota or policy: the in-memory copy serves this page.
  }
}

/**
 * 选题投票: this browser's voter token (one ballot per browser, no account) and the ballots it cast, by
 * vote id, so the page says what was chosen. The token is random and means nothing outside fangtan.
 */
const VOTER_KEY = 'fangtan:voter';
const VoterState = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/), cast: z.record(z.string(), z.number().int()) });
type VoterState = z.infer<typeof VoterState>;
let voterMemory: VoterState | null = null;

function newVoterToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function readVoter(): VoterState {
  try {
    const raw = globalThis.localStorage?.getItem(VOTER_KEY);
    const parsed = raw ? VoterState.safeParse(JSON.parse(raw)) : null;
    if (parsed?.success) return parsed.data;
  } catch {
    // Refused or damaged storage: a token for this page only.
  }
  voterMemory ??= { token: newVoterToken(), cast: {} };
  writeVoter(voterMemory);
  return voterMemory;
}

function writeVoter(state: VoterState): void {
  voterMemory = state;
  try {
    globalThis.localStorage?.setItem(VOTER_KEY, JSON.stringify(state));
  } catch {
    // The in-memory copy serves this page.
  }
}

/** This browser's voter token, made on first use. */
export function voterToken(): string {
  return readVoter().token;
}

/** The candidate this browser voted for in a vote, if it did. */
export function castChoice(voteId: number): number | undefined {
  return readVoter().cast[String(voteId)];
}

/** Remembers this browser's ballot. */
export function rememberBallot(voteId: number, candidateId: number): void {
  const state = readVoter();
  writeVoter({ ...state, cast: { ...state.cast, [String(voteId)]: candidateId } });
}
