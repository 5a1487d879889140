import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../db/index.js';
import type { DomainBus } from '../events.js';
import { isEmail, NOTIFY_MAX_ATTEMPTS } from './mapping.js';

export interface MailSettings {
  /** smtp://user:pass@host:port or smtps://…; absent: nobody is told by e-mail. */
  url: string | undefined;
  from: string;
  /** The site's public address, for the link to the interview page; absent: the mail has no link. */
  publicUrl: string | undefined;
  retryMs: number;
}

interface Pending {
  id: number;
  contact: string | null;
  content: string;
  accepted_on: string;
  replied_on: string | null;
  answering_unit: string | null;
  public_content: string;
  title: string;
  slug: string;
}

/** The mail an asker gets: the reply itself, so it reads without the ticket (kept only as a hash). */
export function replyMail(p: Pending, publicUrl: string | undefined): { subject: string; text: string } {
  const link = publicUrl ? `${publicUrl.replace(/\/$/, '')}/v/${encodeURIComponent(p.slug)}` : null;
  const text = [
    '您好：',
    '',
    `您在“${p.title}”在线访谈中提出的问题已获书面答复。`,
    '',
    `问题：${p.public_content}`,
    `受理日期：${p.accepted_on}`,
    `答复日期：${p.replied_on ?? ''}`,
    `答复部门：${p.answering_unit ?? ''}`,
    '答复内容：',
    p.content,
    '',
    ...(link ? [`访谈页面（书面答复一栏）：${link}`, ''] : []),
    '本邮件由系统自动发送，请勿直接回复。',
  ].join('\n');
  return { subject: `【书面答复】${p.title}`, text };
}

/**
 * Tells askers who left an e-mail address that their question was answered in writing. A send runs after the
 * publication has committed and never undoes it; a failure is logged and tried again later, up to
 * NOTIFY_MAX_ATTEMPTS times, and notified_at records the send that went through.
 */
export class ReplyNotifier {
  private readonly transport: Transporter | null;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  onError: (err: unknown, replyId: number) => void = () => undefined;

  constructor(
    private readonly db: Db,
    bus: DomainBus,
    private readonly settings: MailSettings,
  ) {
    this.transport = settings.url ? nodemailer.createTransport(settings.url) : null;
    if (!this.transport) return;
    bus.on('reply:published', () => void this.sendPending());
    this.timer = setInterval(() => void this.sendPending(), settings.retryMs);
    this.timer.unref();
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Sends every mail still owed, one run at a time (a second call waits for the first, then runs). */
  sendPending(): Promise<void> {
    this.running = this.running.then(() => this.run()).catch((err: unknown) => this.onError(err, 0));
    return this.running;
  }

  private async run(): Promise<void> {
    if (!this.transport) return;
    const rows: Pending[] = await this.db
      .selectFrom('written_replies')
      .innerJoin('questions', 'questions.id', 'written_replies.question_id')
      .innerJoin('interviews', 'interviews.id', 'written_replies.interview_id')
      .select([
        'written_replies.id',
        'questions.contact',
        'written_replies.content',
        'written_replies.accepted_on',
        'written_replies.replied_on',
        'written_replies.answering_unit',
        'questions.public_content',
        'interviews.title',
        'interviews.slug',
      ])
      .where('written_replies.status', '=', 'published')
      .where('written_replies.notified_at', 'is', null)
      .where('written_replies.notify_attempts', '<', NOTIFY_MAX_ATTEMPTS)
      .where('questions.contact', 'like', '%@%')
      .execute();
    for (const p of rows) {
      if (!isEmail(p.contact)) continue;
      const mail = replyMail(p, this.settings.publicUrl);
      try {
        await this.transport.sendMail({ from: this.settings.from, to: p.contact.trim(), subject: mail.subject, text: mail.text });
        await this.db
          .updateTable('written_replies')
          .set((eb) => ({ notified_at: new Date().toISOString(), notify_attempts: eb('notify_attempts', '+', 1), notify_error: null }))
          .where('id', '=', p.id)
          .execute();
      } catch (err) {
        this.onError(err, p.id);
        await this.db
          .updateTable('written_replies')
          .set((eb) => ({ notify_attempts: eb('notify_attempts', '+', 1), notify_error: String((err as Error).message ?? err).slice(0, 500) }))
          .where('id', '=', p.id)
          .execute();
      }
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.transport?.close();
  }
}
