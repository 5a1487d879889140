import { z } from 'zod';

/** Staff roles. Netizens (网民) have no account and so no role. */
export const ROLES = ['admin', 'host', 'director', 'reviewer', 'editor', 'liaison'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/**
 * 单位联络员: the interviewed unit's contact, bound to one unit and shown only its interviews. There it checks
 * and approves the live text before it goes out, and talks in the crew channel: no questions, no broadcast,
 * no stage.
 */
export const UNIT_BOUND: readonly Role[] = ['liaison'];
/** Who may read an interview's questions (the studio lists and the /studio socket). */
export const QUESTION_READERS: readonly Role[] = ROLES.filter((r) => !UNIT_BOUND.includes(r));

/** Who may moderate incoming questions (先审后发). */
export const MODERATORS: readonly Role[] = ['reviewer', 'admin'];
/** Who runs the live queue on air. */
export const HOSTS: readonly Role[] = ['host', 'admin'];
/** Who may change an interview's broadcast status (live / ended). */
export const BROADCASTERS: readonly Role[] = ['host', 'director', 'admin'];
/** Who types live captions and manages caption tracks (字幕编辑). */
export const CAPTIONERS: readonly Role[] = ['editor', 'admin'];
/** Who creates and revokes an outside captioner's ingest token. */
export const CAPTION_INGEST_MANAGERS: readonly Role[] = ['director', 'admin'];
/** Who writes live-text entries (图文直播). */
export const LIVETEXT_AUTHORS: readonly Role[] = ['editor', 'admin'];
/** Who approves live-text entries where the interview asks for approval: a reviewer, or the unit's liaison. */
export const LIVETEXT_APPROVERS: readonly Role[] = ['reviewer', 'liaison', 'admin'];
/** The crew back channel: every staff role (a liaison only for its unit's interviews). */
export const CREW: readonly Role[] = ROLES;
/** Who turns the recording on or off before and during the broadcast (导播). */
export const RECORD_OPERATORS: readonly Role[] = ['director', 'admin'];
/** Who edits the record afterwards: in and out points, subtitles, the transcript, re-composing. */
export const RECORD_EDITORS: readonly Role[] = ['editor', 'director', 'admin'];
/** Who reviews the record and publishes or unpublishes it on the portal (电子政务中心). */
export const RECORD_PUBLISHERS: readonly Role[] = ['admin'];

// The yearly cycle (年度计划, 回执, 预告, 书面答复, 考核): the 电子政务中心's work around the broadcasts.
/** Who keeps the annual plan, sets 回执 due dates and accepts or returns them, publishes previews, runs votes. */
export const PLANNERS: readonly Role[] = ['admin'];
/** Who fills in an interview's 回执: its unit's liaison (only its own unit's), or an admin on its behalf. */
export const RECEIPT_FILLERS: readonly Role[] = ['liaison', 'admin'];
/** Who drafts a written reply (书面答复): the unit's liaison for its own unit's questions, or an admin. */
export const REPLY_DRAFTERS: readonly Role[] = ['liaison', 'admin'];
/** Who approves a drafted written reply for publication, or returns it with a reason. */
export const REPLY_APPROVERS: readonly Role[] = ['reviewer', 'admin'];
/** Who reads the statistics and exports the yearly report (考核), and edits the working calendar. */
export const STATS_READERS: readonly Role[] = ['admin'];
