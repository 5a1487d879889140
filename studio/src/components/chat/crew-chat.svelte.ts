import { SvelteMap } from 'svelte/reactivity';
import type { ErrorBody } from '../../../../shared/errors.js';
import type { Role } from '../../../../shared/roles.js';
import { ChatMessage } from '../../../../shared/schemas/chat.js';
import { ApiError } from '../../lib/api.js';
import { describeBody, describeError } from '../../lib/errors.js';
import { i18n, t } from '../../lib/i18n/index.svelte.js';
import type { LiveStatus } from '../../lib/question-board.svelte.js';
import { chatService } from '../../lib/services/chat.js';
import { connectCrew, keepConnecting, type CrewSocket } from '../../lib/socket.js';

/** Who is reading: their own messages are never unread, and mentions of their role are theirs. */
export interface ChatReader {
  userId: number;
  role: Role;
}

/** An ErrorText joined into one line, as the panel shows it. */
const line = ({ title, detail }: { title: string; detail: string }) => (detail ? `${title} ${detail}` : title);

/**
 * One interview's crew chat (内部沟通) as a desk follows it: the `/crew` socket's join fills it and its
 * `chat` events append; older pages come over HTTP; a message is sent over HTTP and shows once the server
 * stored it (from the answer or the socket, whichever comes first: both carry the same id).
 */
export class CrewChat {
  readonly interviewId: number;
  readonly #reader: () => ChatReader | null;
  readonly #byId = new SvelteMap<number, ChatMessage>();
  readonly messages = $derived([...this.#byId.values()].sort((a, b) => a.id - b.id));

  live = $state<LiveStatus>('connecting');
  /** Why the chat could not be joined (another unit's interview, signed out), in the UI language. */
  joinError = $state('');
  hasMore = $state(false);
  loadingOlder = $state(false);
  /** False once the interview has ended: the chat is kept, read-only. */
  writable = $state(true);
  /** Whether the reader has the panel open; messages arriving while it is closed count as unread. */
  visible = $state(false);
  unread = $state(0);
  unreadMentions = $state(0);
  /** The last message that mentions the reader's role, for the polite live region. */
  lastMention = $state<ChatMessage | null>(null);
  sending = $state(false);
  /** Why the last send failed (the server's own localised sentence), '' when it did not. */
  sendError = $state('');

  #socket: CrewSocket | null = null;
  /** Cancels the pending reconnect, if any (socket.ts keepConnecting). */
  #stopRetrying: () => void = () => {};

  constructor(interviewId: number, reader: () => ChatReader | null) {
    this.interviewId = interviewId;
    this.#reader = reader;
  }

  /** Whether a message mentions the reader's role (and is not the reader's own). */
  mentionsMe(m: ChatMessage): boolean {
    const me = this.#reader();
    return !!me && m.authorId !== me.userId && m.mentions.includes(me.role);
  }

  isMine(m: ChatMessage): boolean {
    return m.authorId === this.#reader()?.userId;
  }

  /** Opens or closes the panel; opening reads everything. */
  show(visible: boolean): void {
    this.visible = visible;
    if (visible) this.unread = this.unreadMentions = 0;
  }

  start(): void {
    const socket = connectCrew(i18n.lang);
    this.#socket = socket;
    socket.on('connect', () => {
      this.live = 'connecting';
      // Joining again after every reconnect brings back what was said while offline.
      socket.emit('join', { interviewId: this.interviewId }, (ack) => {
        if (!ack.ok) return this.#joinFailed(ack.error);
        this.live = 'online';
        this.joinError = '';
        this.writable = ack.data.writable;
        if (this.#byId.size === 0) this.hasMore = ack.data.hasMore;
        for (const raw of ack.data.messages) this.#accept(raw, false);
      });
    });
    this.#stopRetrying = keepConnecting(socket, {
      offline: () => (this.live = 'offline'),
      refused: () => this.#joinFailed({ error: 'protocol_version', message: '' }),
    });
    socket.on('chat', (raw) => this.#accept(raw, true));
    socket.on('chat:writable', (p) => {
      if (p.interviewId === this.interviewId) this.writable = p.writable;
    });
    // Already connecting unless it shares a connection opened with autoConnect off (see connectCrew).
    if (!socket.active) socket.connect();
  }

  stop(): void {
    this.#stopRetrying();
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /** Loads the page before the oldest message shown. */
  async loadOlder(): Promise<void> {
    if (this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      const page = await chatService.history(this.interviewId, this.messages[0]?.id);
      for (const m of page.messages) this.#byId.set(m.id, m);
      this.hasMore = page.hasMore;
    } catch (err) {
      this.joinError = line(describeError(err));
    } finally {
      this.loadingOlder = false;
    }
  }

  /** Sends a message; true once the server has stored it. On failure the reason is in `sendError`. */
  async send(text: string): Promise<boolean> {
    if (this.sending) return false;
    this.sending = true;
    this.sendError = '';
    try {
      const m = await chatService.post(this.interviewId, text);
      this.#byId.set(m.id, m);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.body.error === 'chat_closed') this.writable = false;
      // The server's own sentence, in the UI language; for a bad text its field's ("不能超过 1000 个字符"),
      // which says more than "some fields are invalid".
      const body = err instanceof ApiError ? err.body : undefined;
      const field = body?.fields?.[0]?.message;
      this.sendError = field ? t('chat.invalidText', { reason: field }) : body?.message || describeError(err).title;
      return false;
    } finally {
      this.sending = false;
    }
  }

  #accept(raw: unknown, arriving: boolean): void {
    // Types do not validate: a malformed event is dropped rather than breaking the list.
    const parsed = ChatMessage.safeParse(raw);
    if (!parsed.success || parsed.data.interviewId !== this.interviewId) return;
    const m = parsed.data;
    const isNew = !this.#byId.has(m.id);
    this.#byId.set(m.id, m);
    if (!arriving || !isNew || this.isMine(m)) return;
    const mention = this.mentionsMe(m);
    if (mention) this.lastMention = m;
    if (!this.visible) {
      this.unread++;
      if (mention) this.unreadMentions++;
    }
  }

  #joinFailed(error: ErrorBody): void {
    this.live = 'offline';
    this.joinError = line(describeBody(error));
  }
}
