/**
 * The one door from the viewer into shared/. Svelte components import shared values through here
 * because Vite maps `.js` to `.ts` only for imports made from TypeScript modules.
 */
export { ErrorBody, type Ack, type FieldError } from '../../../shared/errors.js';
export { FOLLOW_MAX_TICKETS, PROTOCOL_VERSION, ViewerHandshake, type ViewerServerEvents, type ViewerClientEvents } from '../../../shared/events.js';
export { InterviewPublic, type InterviewStatus } from '../../../shared/schemas/interview.js';
export { applyPublicChange, publicList, type PublicChange } from '../../../shared/questionPublic.js';
export { SiteInfo } from '../../../shared/schemas/site.js';
export type { InterviewPreviewPublic } from '../../../shared/schemas/preview.js';
export { VoteCastResult, VotePublic } from '../../../shared/schemas/vote.js';
export { CaptionTrackPublic, CuePublic, PRIMARY_CAPTION_TRACK, type Speaker } from '../../../shared/schemas/caption.js';
export { LiveTextPublic, type LiveTextPhotoPublic } from '../../../shared/schemas/livetext.js';
export { DEFAULT_TIME_ZONE, isBeijingTime, zoneDisplayName } from '../../../shared/time.js';
export {
  QuestionPublic,
  QuestionSubmitted,
  TicketView,
  QUESTION_MAX_LENGTH,
  NICKNAME_MAX_LENGTH,
  type AskerStatus,
  type TicketMergedInto,
  type QuestionSubmit,
} from '../../../shared/schemas/question.js';
export {
  Layout,
  ProgramSchema,
  type ConsumerOptions,
  type MediaClientEvents,
  type MediaServerEvents,
  type Program,
  type TransportOptions,
} from '../../../shared/media.js';
export { RecordPublic, Transcript, type Chapter, type RecordAvailability, type TranscriptBlock } from '../../../shared/schemas/record.js';
export { InterviewWrittenReply, type WrittenReplyPublic } from '../../../shared/schemas/writtenReply.js';
