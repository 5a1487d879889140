import { EventEmitter } from 'node:events';
import type { ChatMessage } from '../shared/schemas/chat.js';
import type { CaptionHolder, CaptionTrackPublic, CueStaff } from '../shared/schemas/caption.js';
import type { InterviewStaff } from '../shared/schemas/interview.js';
import type { LiveTextStaff } from '../shared/schemas/livetext.js';
import type { QuestionStaff } from '../shared/schemas/question.js';

/** What the domain announces after a change has committed; the realtime module fans it out. */
export interface DomainEvents {
  'question:changed': [change: { before: QuestionStaff | null; after: QuestionStaff }];
  'interview:changed': [interview: InterviewStaff];
  /** The broadcast ended just now (the move to `ended`, not a later edit of an ended interview). */
  'interview:ended': [interview: InterviewStaff];
  /** A written reply (书面答复) was approved and published: the asker's ticket and e-mail follow. */
  'reply:published': [p: { replyId: number; questionId: number; interviewId: number }];
  /** The capture of an ended interview is complete: every segment closed and listed (server/recording/manifest.ts). */
  'recording:complete': [p: { interviewId: number }];
  'invite:revoked': [p: { interviewId: number; inviteId: number }];
  /** A staff account's role, activity, password or sessions changed: its open sockets must be re-checked. */
  'staff:access-changed': [p: { userId: number }];
  /** A crew chat message was stored (内部沟通). */
  'chat:posted': [message: ChatMessage];
  /** A caption cue began, changed (a partial's text), became final or was corrected: the whole cue. */
  'caption:changed': [cue: CueStaff];
  /** A caption cue was withdrawn, or a partial abandoned. */
  'caption:removed': [p: { interviewId: number; id: number; track: string }];
  /** Who holds a caption track changed (null: nobody). */
  'caption:holder': [p: { interviewId: number; track: string; holder: CaptionHolder | null }];
  /** An interview's caption track list changed. */
  'caption:tracks': [p: { interviewId: number; tracks: CaptionTrackPublic[] }];
  /** A live-text entry was created or changed (图文直播); `before` is null for a new one. */
  'livetext:changed': [change: { before: LiveTextStaff | null; after: LiveTextStaff }];
}

/** A typed in-process bus. Listeners run synchronously after the commit, so they must not throw. */
export class DomainBus extends EventEmitter<DomainEvents> {}
