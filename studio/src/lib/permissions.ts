import {
  BROADCASTERS,
  CAPTION_INGEST_MANAGERS,
  CAPTIONERS,
  HOSTS,
  LIVETEXT_APPROVERS,
  LIVETEXT_AUTHORS,
  MODERATORS,
  PLANNERS,
  RECEIPT_FILLERS,
  RECORD_EDITORS,
  RECORD_PUBLISHERS,
  REPLY_APPROVERS,
  REPLY_DRAFTERS,
  STATS_READERS,
  type Role,
} from '../../../shared/roles.js';
import type { LiveTextApproval } from '../../../shared/schemas/livetext.js';

/**
 * What each role may open in the studio. The server checks every request again; these only decide what to
 * show, so a staff member never sees a button that would be refused.
 */
export const can = {
  review: (r: Role) => MODERATORS.includes(r),
  host: (r: Role) => HOSTS.includes(r),
  // The director (导播) follows the queue and switches the broadcast on and off, without reordering it.
  openHostView: (r: Role) => HOSTS.includes(r) || BROADCASTERS.includes(r),
  broadcast: (r: Role) => BROADCASTERS.includes(r),
  // 上台: staff who appear on camera. The server lets exactly the broadcasters publish.
  stage: (r: Role) => BROADCASTERS.includes(r),
  // 导播台: previews, admitting guests, the program, invitations.
  direct: (r: Role) => BROADCASTERS.includes(r),
  // 字幕台: the caption editor types live captions, corrects and withdraws them, adds tracks.
  caption: (r: Role) => CAPTIONERS.includes(r),
  // An outside captioner's (CART, speech recognition) ingest tokens are handed out by the director.
  manageIngest: (r: Role) => CAPTION_INGEST_MANAGERS.includes(r),
  administer: (r: Role) => r === 'admin',
  // The record after the broadcast (录像与字幕, 文字实录): editors, the director and the admin.
  editRecord: (r: Role) => RECORD_EDITORS.includes(r),
  // 图文直播: the desk is the editor's; approving is the reviewer's or the unit liaison's, as the interview asks.
  writeLiveText: (r: Role) => LIVETEXT_AUTHORS.includes(r),
  openLiveTextApproval: (r: Role) => LIVETEXT_APPROVERS.includes(r),
  approveLiveText: (r: Role, mode: LiveTextApproval) => LIVETEXT_APPROVERS.includes(r) && mode !== 'none' && (r === 'admin' || r === mode),
  readSensitiveWords: (r: Role) => r === 'admin' || r === 'reviewer',
  seeContact: (r: Role) => MODERATORS.includes(r),
  // A question's history (处理记录) is for those who decide on questions: it shows the asker's original wording.
  readHistory: (r: Role) => MODERATORS.includes(r),
  // The whole log (操作日志, with accounts and logins) and its chain check are an administrator's page.
  auditLog: (r: Role) => r === 'admin',
  // 年度计划, 预告 and 选题投票: the 电子政务中心's plan of the year and its work before a broadcast (PLANNERS).
  plan: (r: Role) => PLANNERS.includes(r),
  // 审核发布: reviewing and publishing the record is the admin's (电子政务中心).
  publishRecord: (r: Role) => RECORD_PUBLISHERS.includes(r),
  // 书面答复: the unit's liaison drafts (its unit's only), a reviewer or admin approves; both see the due lists.
  readReplies: (r: Role) => REPLY_DRAFTERS.includes(r) || REPLY_APPROVERS.includes(r),
  draftReply: (r: Role) => REPLY_DRAFTERS.includes(r),
  approveReply: (r: Role) => REPLY_APPROVERS.includes(r),
  // 工作日历: the calendar the reply deadlines count on, kept with the statistics.
  editCalendar: (r: Role) => STATS_READERS.includes(r),
  // 回执: the admin sets due dates and decides; the unit's liaison fills it in (the server limits it to its unit).
  planReceipts: (r: Role) => PLANNERS.includes(r),
  fillReceipt: (r: Role) => RECEIPT_FILLERS.includes(r),
  listReceipts: (r: Role) => PLANNERS.includes(r) || RECEIPT_FILLERS.includes(r),
  // The host prepares with the outline, so reads the 回执 too.
  readReceipt: (r: Role) => PLANNERS.includes(r) || RECEIPT_FILLERS.includes(r) || HOSTS.includes(r),
  // 统计 (考核): the year's figures and the yearly report, the 电子政务中心's.
  readStats: (r: Role) => STATS_READERS.includes(r),
};
