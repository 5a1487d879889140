import type { Selectable } from 'kysely';
import type { Role } from '../../shared/roles.js';
import type { StaffUser } from '../../shared/schemas/auth.js';
import { CHAT_PAGE_SIZE, chatWritable, parseMentions, type ChatHistory, type ChatMessage } from '../../shared/schemas/chat.js';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { DomainBus } from '../events.js';
import { DomainError } from '../http/errors.js';
import type { InterviewService, Viewer } from '../interviews/service.js';

type MessageRow = Selectable<Database['crew_messages']>;

/** Who posts or reads: a signed-in staff member, with what decides which interviews it may see. */
export interface CrewMember extends Viewer {
  id: number;
  displayName: string;
}

/** A signed-in account as the chat sees it: the same for the HTTP routes and the `/crew` socket. */
export function crewMember(user: StaffUser): CrewMember {
  return { id: user.id, displayName: user.displayName, role: user.role, unitId: user.unitId };
}

/** A stored row as the crew sees it. */
export function toChatMessage(r: MessageRow): ChatMessage {
  return {
    id: r.id,
    interviewId: r.interview_id,
    authorId: r.author_id,
    authorName: r.author_name,
    authorRole: r.author_role as Role,
    text: r.text,
    mentions: JSON.parse(r.mentions) as Role[],
    createdAt: r.created_at,
  };
}

/**
 * The crew back channel (内部沟通): one chat per interview for its staff. Who may read an interview's chat is
 * who may open the interview (a unit liaison only its unit's: another unit's is not found, as on the
 * interview routes). Chat is for running the broadcast: once it has ended the chat is kept, read-only.
 */
export class ChatService {
  constructor(
    private readonly db: Db,
    private readonly bus: DomainBus,
    private readonly interviews: InterviewService,
  ) {}

  /**
   * Stores a message (the text already trimmed and length-checked by its schema) with the roles it
   * mentions, and announces it after the commit: a 201 means it is on disk.
   */
  async post(interviewId: number, text: string, author: CrewMember): Promise<ChatMessage> {
    const interview = await this.interviews.getById(interviewId, author);
    if (!chatWritable(interview.status)) throw new DomainError('chat_closed', 'interview');
    const row = await this.db
      .insertInto('crew_messages')
      .values({
        interview_id: interview.id,
        author_id: author.id,
        author_name: author.displayName,
        author_role: author.role,
        text,
        mentions: JSON.stringify(parseMentions(text)),
        created_at: new Date().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const message = toChatMessage(row);
    this.bus.emit('chat:posted', message);
    return message;
  }

  /** A page of an interview's chat, newest last: the latest messages, or those older than `before`. */
  async history(interviewId: number, reader: Viewer, page: { before?: number; limit?: number } = {}): Promise<ChatHistory> {
    const interview = await this.interviews.getById(interviewId, reader);
    const limit = page.limit ?? CHAT_PAGE_SIZE;
    let q = this.db.selectFrom('crew_messages').selectAll().where('interview_id', '=', interviewId);
    if (page.before !== undefined) q = q.where('id', '<', page.before);
    // One more than asked says whether older ones exist without a second query.
    const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
    return { messages: rows.slice(0, limit).reverse().map(toChatMessage), hasMore: rows.length > limit, writable: chatWritable(interview.status) };
  }
}
