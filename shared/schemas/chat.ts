import { z } from 'zod';
import { Role, ROLES } from '../roles.js';
import type { InterviewStatus } from './interview.js';

/**
 * The crew back channel (内部沟通): one chat per interview for its staff, never shown to viewers. A message
 * may mention roles (`@导播`, `@director`): the server resolves them once, when the message is posted, and
 * stores the roles with it, so every client highlights the same ones.
 */
export const CHAT_MAX_LENGTH = 1000;
/** Messages per history page (and in a `/crew` join's ack). */
export const CHAT_PAGE_SIZE = 50;

/** What a staff member posts (`POST /api/studio/interviews/:id/chat`): the text, trimmed, 1..1000 characters. */
export const ChatPost = z.object({ text: z.string().trim().min(1).max(CHAT_MAX_LENGTH) });
export type ChatPost = z.infer<typeof ChatPost>;

/** A chat message as the crew sees it. */
export const ChatMessage = z.object({
  id: z.number().int(),
  interviewId: z.number().int(),
  /** The author's display name and role as they were when the message was posted. */
  authorId: z.number().int(),
  authorName: z.string(),
  authorRole: Role,
  text: z.string(),
  /** The roles the text mentions, in the order first mentioned, each once. */
  mentions: z.array(Role),
  /** ISO 8601. */
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** `GET …/chat?before=`: the page of messages older than `before` (a message id), or the latest. */
export const ChatHistoryQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(CHAT_PAGE_SIZE),
});

/**
 * A page of history, oldest first (newest last, as a chat reads); `hasMore` when older ones exist;
 * `writable` while the chat takes new messages.
 */
export const ChatHistory = z.object({ messages: z.array(ChatMessage), hasMore: z.boolean(), writable: z.boolean() });
export type ChatHistory = z.infer<typeof ChatHistory>;

/**
 * Whether an interview's chat takes new messages: before and during the broadcast, not after it (the record
 * of what the crew said stays as it was; an interview reopened is live again, and so is its chat).
 */
export function chatWritable(status: InterviewStatus): boolean {
  return status !== 'ended';
}

/**
 * The words a mention of each role may use, Chinese and English. The first Chinese one is what the studio's
 * @ picker inserts. Staff call the caption and text editors 字幕 or 编辑, the liaison 联络员.
 */
export const ROLE_MENTIONS: Record<Role, readonly string[]> = {
  director: ['导播', 'director'],
  host: ['主持人', '主持', 'host'],
  reviewer: ['审核员', '审核', 'reviewer'],
  editor: ['字幕', '文字编辑', '编辑', 'editor', 'captioner'],
  liaison: ['联络员', '单位联络员', 'liaison'],
  admin: ['管理员', 'admin'],
};

// Longest alias first, so `@单位联络员` is not read as a shorter one; ASCII aliases match any case.
const ALIASES = ROLES.flatMap((role) => ROLE_MENTIONS[role].map((word) => ({ role, word: word.toLowerCase() }))).sort(
  (a, b) => b.word.length - a.word.length,
);
const ASCII_WORD = /[a-z0-9_]/i;

/** One mention found in a text: where the `@` is, how long the mention is, and the role it names. */
export interface MentionSpan {
  start: number;
  length: number;
  role: Role;
}

/**
 * The role mentions in a chat text. An `@` inside a word (an e-mail address) is not one; an English alias
 * must end at a word boundary (`@hosting` names nobody), a Chinese one may run on into the sentence
 * (`@审核员请看` mentions the reviewers), as Chinese is written without spaces.
 */
export function findMentions(text: string): MentionSpan[] {
  const spans: MentionSpan[] = [];
  const lower = text.toLowerCase();
  for (let i = lower.indexOf('@'); i >= 0; i = lower.indexOf('@', i + 1)) {
    if (i > 0 && ASCII_WORD.test(lower[i - 1]!)) continue;
    const hit = ALIASES.find(({ word }) => {
      if (!lower.startsWith(word, i + 1)) return false;
      const after = lower[i + 1 + word.length];
      return !ASCII_WORD.test(word) || after === undefined || !ASCII_WORD.test(after);
    });
    if (hit) spans.push({ start: i, length: hit.word.length + 1, role: hit.role });
  }
  return spans;
}

/** The roles a chat text mentions, each once, in the order first mentioned. */
export function parseMentions(text: string): Role[] {
  return [...new Set(findMentions(text).map((m) => m.role))];
}
