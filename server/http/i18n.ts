import type { ErrorCode } from '../../shared/errors.js';
import { RECEIPT_MESSAGES } from '../receipts/messages.js';
import { PLAN_MESSAGES } from '../plan/messages.js';

/** The two languages the product speaks; Simplified Chinese unless the request asks for English. */
export type Lang = 'zh-CN' | 'en';

export function langFrom(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

const ERROR_MESSAGES: Record<ErrorCode, Record<Lang, string>> = {
  validation: { 'zh-CN': '提交的内容有误，请检查后重试', en: 'Some fields are invalid' },
  not_found: { 'zh-CN': '未找到', en: 'Not found' },
  interview_closed: { 'zh-CN': '本期访谈当前不接受提问', en: 'This interview is not accepting questions' },
  rate_limited: { 'zh-CN': '提交过于频繁，请稍后再试', en: 'Too many requests, please try again later' },
  unauthorized: { 'zh-CN': '请先登录', en: 'Please sign in' },
  forbidden: { 'zh-CN': '您的角色无权执行此操作', en: 'Your role may not do this' },
  csrf: { 'zh-CN': '页面已过期，请刷新后重试', en: 'The page is stale; reload and try again' },
  password_change_required: {
    'zh-CN': '请先修改密码：首次登录或密码被重置后须设置自己的新密码',
    en: 'Set a password of your own first: the one you were given must be changed',
  },
  invalid_transition: { 'zh-CN': '该问题当前状态不允许此操作', en: 'This question cannot make that move from its current state' },
  reason_required: { 'zh-CN': '不予发布时须填写原因', en: 'A reason is required to reject' },
  merge_target_required: { 'zh-CN': '请选择要合并到的问题', en: 'Choose the question to merge into' },
  conflict: { 'zh-CN': '与现有数据冲突', en: 'Conflicts with existing data' },
  username_taken: { 'zh-CN': '用户名已被占用', en: 'This username is already taken' },
  invite_expired: { 'zh-CN': '邀请链接已过期或已被撤销', en: 'This invitation has expired or was revoked' },
  chat_closed: { 'zh-CN': '本场访谈已结束，内部沟通只能查看，不能再发送', en: 'The interview has ended: the crew chat is read-only' },
  not_live: { 'zh-CN': '本期访谈当前未在直播，无法发送字幕', en: 'This interview is not live; captions cannot be sent' },
  track_held: { 'zh-CN': '另一位字幕编辑正在使用该字幕轨，请先接手', en: 'Another caption editor holds this track; take it over first' },
  media: { 'zh-CN': '音视频请求有误', en: 'The media request is invalid' },
  bad_request: { 'zh-CN': '请求格式有误，无法读取', en: 'The request is malformed' },
  uri_too_long: { 'zh-CN': '请求地址过长', en: 'The address is too long' },
  headers_too_large: { 'zh-CN': '请求头过大', en: 'The request headers are too large' },
  payload_too_large: { 'zh-CN': '提交的内容过大', en: 'The request body is too large' },
  unsupported_media_type: { 'zh-CN': '不支持的内容类型，请以 JSON 提交', en: 'Unsupported content type; send JSON' },
  method_not_allowed: { 'zh-CN': '不支持该请求方法', en: 'This request method is not supported' },
  request_timeout: { 'zh-CN': '请求超时', en: 'The request took too long' },
  protocol_version: { 'zh-CN': '页面版本已过期，请刷新页面', en: 'This page is out of date; please reload it' },
  internal: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
};

export function errorMessage(code: ErrorCode, lang: Lang): string {
  return ERROR_MESSAGES[code][lang];
}

/** Specific reasons a domain error can carry (e.g. conflict: username taken). */
const DETAIL_MESSAGES: Record<string, Record<Lang, string>> = {
  ...RECEIPT_MESSAGES,
  taken: { 'zh-CN': '已被占用', en: 'is already taken' },
  cannot_demote_self: { 'zh-CN': '不能停用或降级自己的管理员账号', en: 'you cannot deactivate or demote your own admin account' },
  bad_credentials: { 'zh-CN': '用户名或密码错误', en: 'wrong username or password' },
  wrong_password: { 'zh-CN': '当前密码不正确', en: 'the current password is wrong' },
  password_username: { 'zh-CN': '不能是用户名，也不能是用户名加数字或符号', en: 'must not be the username, with or without digits and symbols' },
  password_common: { 'zh-CN': '这是常见密码，很容易被猜中，请换一个', en: 'is a common password that is easy to guess; choose another' },
  password_unchanged: { 'zh-CN': '不能与当前密码相同', en: 'must differ from the current password' },
  own_password_change: { 'zh-CN': '自己的密码请在“修改密码”页修改（需输入当前密码）', en: 'change your own password on the Change password page (it asks for the current one)' },
  nothing_to_change: {
    'zh-CN': '没有要修改的内容（可修改：姓名、职务、角色、启用状态、密码）',
    en: 'nothing to change (displayName, title, role, active or password)',
  },
  not_queued: { 'zh-CN': '只能排列已进入队列的问题', en: 'only queued questions can be ordered' },
  merge_self: { 'zh-CN': '不能合并到自身', en: 'cannot merge a question into itself' },
  merge_target_invalid: { 'zh-CN': '目标问题不存在或不属于本期访谈', en: 'the target question does not exist in this interview' },
  status_move: { 'zh-CN': '不允许的访谈状态变更', en: 'that interview status change is not allowed' },
  reopen_not_ended: { 'zh-CN': '只有已结束的访谈才能重新开播', en: 'only an ended interview can be reopened' },
  reopen_too_late: {
    'zh-CN': '只能在访谈结束当天（北京时间 24 点前）重新开播',
    en: 'an interview can only be reopened on the day it ended (before midnight, Beijing time)',
  },
  reopen_too_late_zone: {
    'zh-CN': '只能在访谈结束当天（{zone} 时间 24 点前）重新开播',
    en: 'an interview can only be reopened on the day it ended (before midnight, {zone} time)',
  },
  interview_ended: { 'zh-CN': '本场访谈已结束', en: 'the interview has ended' },
  recording_not_live: { 'zh-CN': '访谈直播中才能开始录制', en: 'recording can only start while the interview is live' },
  recording_disk_low: {
    'zh-CN': '磁盘剩余空间不足，无法开始录制（剩余 {freeMb} MB，至少需要 {needMb} MB）',
    en: 'not enough free disk space to record ({freeMb} MB free, at least {needMb} MB needed)',
  },
  unit_required: { 'zh-CN': '请选择单位', en: 'choose a unit' },
  unit_unknown: { 'zh-CN': '单位不存在', en: 'there is no such unit' },
  unit_inactive: { 'zh-CN': '该单位已停用，不能再选用', en: 'this unit is deactivated and cannot be chosen' },
  unit_not_for_role: { 'zh-CN': '只有单位联络员绑定单位', en: 'only a unit liaison is bound to a unit' },
  unit_taken: { 'zh-CN': '单位名称已存在', en: 'a unit with this name exists' },
  nothing_to_change_unit: { 'zh-CN': '没有要修改的内容（可修改：名称、启用状态）', en: 'nothing to change (name or active)' },
  // 图文直播 (live text) and its photos.
  alt_required: { 'zh-CN': '请为图片填写文字说明（供读屏软件朗读）', en: 'describe the photo (read aloud by screen readers)' },
  alt_too_long: { 'zh-CN': '图片说明不能超过 {max} 个字', en: 'the description may have at most {max} characters' },
  photo_too_large: { 'zh-CN': '图片文件不能超过 {mb} MB', en: 'the photo file may be at most {mb} MB' },
  photo_pixels: {
    'zh-CN': '图片尺寸过大（不能超过 {mp} 百万像素，单边不超过 20000 像素），未做处理',
    en: 'the photo has too many pixels (at most {mp} megapixels, 20,000 on a side); it was not processed',
  },
  photo_type: { 'zh-CN': '只能上传 JPEG、PNG 或 WebP 图片', en: 'only JPEG, PNG or WebP photos can be uploaded' },
  photo_type_mismatch: {
    'zh-CN': '文件内容与声明的类型不符，只能上传 JPEG、PNG 或 WebP 图片',
    en: 'the file is not of the type it claims; only JPEG, PNG or WebP photos can be uploaded',
  },
  photo_unreadable: { 'zh-CN': '图片已损坏或无法读取', en: 'the photo is damaged or cannot be read' },
  photo_unavailable: { 'zh-CN': '图片不存在、属于其他访谈或已被其他条目使用', en: 'a photo is unknown, of another interview or used by another entry' },
  record_live: { 'zh-CN': '访谈仍在直播，结束后才能合成录像', en: 'the interview is still live; the program is composed after the broadcast' },
  record_capturing: { 'zh-CN': '录制仍在进行或收尾，完成后才能合成录像', en: 'the recording is still running or being closed; compose once it is complete' },
  record_no_capture: { 'zh-CN': '本期访谈没有录制内容，无法合成录像', en: 'nothing was recorded for this interview, so there is no program to compose' },
  record_composing: { 'zh-CN': '录像正在合成中，请稍候', en: 'the program is being composed already' },
  livetext_not_live: { 'zh-CN': '访谈直播中才能发布图文（开播前可保存草稿）', en: 'entries go out only while the interview is live (save a draft before)' },
  livetext_closed: { 'zh-CN': '本场访谈不在排期或直播中，不能再添加图文', en: 'the interview is neither scheduled nor live: no entries can be added' },
  livetext_status: { 'zh-CN': '该图文条目当前状态不允许此操作', en: 'this entry cannot make that move from its current state' },
  // The record (实录) on the public side.
  record_not_published: { 'zh-CN': '本场访谈的实录尚未发布', en: 'the record of this interview is not published' },
  slug_taken: { 'zh-CN': '访谈地址标识已被占用', en: 'slug is already taken' },
  poster_alt_required: { 'zh-CN': '请填写海报的文字描述（供读屏软件朗读）', en: 'describe the poster (read out by screen readers)' },
  poster_required: { 'zh-CN': '发布预告前请先上传海报', en: 'upload a poster before publishing the preview' },
  preview_not_scheduled: { 'zh-CN': '只有已排期（未开始）的访谈才能发布预告', en: 'only a scheduled interview (not yet live) can have its preview published' },
  preview_published: { 'zh-CN': '预告已发布', en: 'the preview is already published' },
  preview_not_published: { 'zh-CN': '预告尚未发布', en: 'the preview is not published' },
  vote_too_late: { 'zh-CN': '访谈开始后不能再发起选题投票', en: 'a topic vote can only be opened before the broadcast' },
  vote_closes_past: { 'zh-CN': '截止时间须晚于现在', en: 'the closing time must be in the future' },
  vote_exists: { 'zh-CN': '本期访谈已有选题投票', en: 'this interview already has a topic vote' },
  vote_closed: { 'zh-CN': '投票已结束', en: 'the vote is closed' },
  vote_already_cast: { 'zh-CN': '您已经投过票了', en: 'you have already voted' },
  vote_candidate_unknown: { 'zh-CN': '该选项不在本次投票中', en: 'that topic is not on this vote' },
  vote_picked: { 'zh-CN': '已选定主题', en: 'the topic has already been picked' },
  malformed_json: { 'zh-CN': 'JSON 格式不正确', en: 'the JSON cannot be parsed' },
  empty_body: { 'zh-CN': '缺少请求内容', en: 'the body is empty' },
  bad_url: { 'zh-CN': '地址中含有无效的编码', en: 'the address has an invalid encoding' },
  body_length: { 'zh-CN': '内容长度与声明不符', en: 'the body length does not match Content-Length' },
  // A word-list file that cannot be imported.
  not_text: {
    'zh-CN': '第 {line} 行起不是文本，请将词表另存为 UTF-8 编码的 .txt 或 .csv 文件',
    en: 'not text from line {line} on; save the list as a UTF-8 .txt or .csv file',
  },
  csv_quote: { 'zh-CN': '第 {line} 行：引号未闭合（CSV 格式有误）', en: 'line {line}: a quoted cell is not closed (broken CSV)' },
  empty_file: { 'zh-CN': '文件中没有词', en: 'the file has no words' },
  too_many_words: { 'zh-CN': '词表不能超过 {max} 个词', en: 'the list may have at most {max} words' },
  // Captions.
  cue_too_long: { 'zh-CN': '一条字幕不能超过 {max} 个字符，请分成几条发送', en: 'a cue may have at most {max} characters; send it as several' },
  ingest_empty: { 'zh-CN': '没有字幕文字（应为时间戳行加字幕文字行）', en: 'no caption text (a timestamp line, then the caption lines)' },
  ingest_token: { 'zh-CN': '字幕接入令牌无效或已被撤销', en: 'the caption ingest token is invalid or was revoked' },
  track_exists: { 'zh-CN': '该字幕轨已存在', en: 'this caption track exists already' },
  track_primary: { 'zh-CN': '主字幕轨（简体中文）不能删除', en: 'the primary caption track (zh-CN) cannot be removed' },
  // The record (审核发布).
  no_program: { 'zh-CN': '还没有合成好的节目录像，无法发布', en: 'there is no composed program video ready to publish' },
  no_subtitles_reason: {
    'zh-CN': '没有任何字幕的视频须填写不带字幕发布的原因',
    en: 'a video without any subtitles needs a reason to be published without them',
  },
  not_published: { 'zh-CN': '该访谈的实录当前未发布', en: 'the record of this interview is not published' },
  // The record: in/out points and the replay's subtitles.
  program_not_ready: { 'zh-CN': '节目视频尚未合成完成，请稍后再编辑', en: 'the program video is not composed yet; edit it once it is' },
  trim_order: { 'zh-CN': '出点须晚于入点', en: 'the out point must be after the in point' },
  trim_outside: { 'zh-CN': '入点和出点须在节目时长（{max}）以内', en: 'the in and out points must lie within the program ({max})' },
  cue_order: { 'zh-CN': '字幕的结束时间须晚于开始时间', en: 'a subtitle must end after it starts' },
  cue_outside: { 'zh-CN': '字幕时间超出了录像范围（录像时长 {max}）', en: 'the subtitle lies outside the recording (it is {max} long)' },
  split_at: { 'zh-CN': '拆分位置须在字幕文字中间', en: 'split inside the text, not at its start or end' },
  split_time: { 'zh-CN': '拆分时间须在这条字幕的开始和结束之间', en: 'the split time must lie between the subtitle’s start and end' },
  merge_last: { 'zh-CN': '这是最后一条字幕，后面没有可合并的字幕', en: 'this is the last subtitle: there is none after it to merge' },
  shift_outside: {
    'zh-CN': '平移后会有字幕超出录像范围（可平移 {min} 至 {max} 毫秒）',
    en: 'a subtitle would leave the recording (shift by {min} to {max} ms)',
  },
  sub_not_text: { 'zh-CN': '第 {line} 行起不是文本，请另存为 UTF-8 编码的 .vtt 或 .srt 文件', en: 'not text from line {line} on; save it as a UTF-8 .vtt or .srt file' },
  sub_header: { 'zh-CN': '第 {line} 行：WebVTT 文件须以“WEBVTT”开头', en: 'line {line}: a WebVTT file must begin with “WEBVTT”' },
  sub_timing: {
    'zh-CN': '第 {line} 行：时间轴格式不正确（应为 00:00:01.000 --> 00:00:03.500）',
    en: 'line {line}: the timing is malformed (it should read 00:00:01.000 --> 00:00:03.500)',
  },
  sub_end_before_start: { 'zh-CN': '第 {line} 行：结束时间须晚于开始时间', en: 'line {line}: the cue must end after it starts' },
  sub_empty_cue: { 'zh-CN': '第 {line} 行：这条字幕没有文字', en: 'line {line}: the cue has no text' },
  sub_too_long: { 'zh-CN': '第 {line} 行：一条字幕不能超过 {max} 个字符', en: 'line {line}: a cue may have at most {max} characters' },
  sub_outside: { 'zh-CN': '第 {line} 行：字幕时间超出录像范围（录像时长 {max}）', en: 'line {line}: the cue lies outside the recording (it is {max} long)' },
  sub_no_cues: { 'zh-CN': '文件中没有字幕', en: 'the file has no cues' },
  // 书面答复 and the working calendar (server/replies, server/calendar).
  date_invalid: { 'zh-CN': '日期不存在', en: 'there is no such date' },
  receipt_other_unit: { 'zh-CN': '这是其他单位的访谈，只能查看和填写本单位的回执', en: "this interview belongs to another unit: you can only see and fill in your own unit's receipts" },
  reply_other_unit: { 'zh-CN': '只能答复本单位的问题', en: "only your own unit's questions can be answered" },
  reply_not_editable: { 'zh-CN': '该答复已提交审核或已发布，不能再修改', en: 'this reply is waiting for approval or published: it cannot be edited' },
  reply_not_submitted: { 'zh-CN': '只有已提交审核的答复才能通过或退回', en: 'only a submitted reply can be approved or returned' },
  reply_empty: { 'zh-CN': '请先填写答复内容', en: 'write the reply first' },
  reply_own_submission: { 'zh-CN': '不能审核自己提交的答复，请由其他审核人员审核', en: 'a reply cannot be approved by the person who submitted it' },
  // The annual plan's (年度计划) import and edits.
  ...PLAN_MESSAGES,
};

/** The sentence for a detail code, its {placeholders} filled from `params`. */
export function detailMessage(detail: string, lang: Lang, params: Record<string, string | number> = {}): string | undefined {
  return DETAIL_MESSAGES[detail]?.[lang].replace(/\{(\w+)\}/g, (m, k: string) => String(params[k] ?? m));
}

/** A zod issue, as fastify-type-provider-zod hands it over, or straight from safeParse. */
export interface IssueLike {
  code: string;
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
  expected?: unknown;
  input?: unknown;
}

/** Turns a validation issue into a sentence a netizen or staff member can act on, in their language. */
export function issueMessage(issue: IssueLike, lang: Lang): string {
  const zh = lang === 'zh-CN';
  const isString = issue.origin === 'string';
  switch (issue.code) {
    case 'too_small':
      if (isString && Number(issue.minimum) <= 1) return zh ? '不能为空' : 'must not be empty';
      if (isString) return zh ? `至少 ${String(issue.minimum)} 个字符` : `must be at least ${String(issue.minimum)} characters`;
      return zh ? `不能小于 ${String(issue.minimum)}` : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      if (isString) return zh ? `不能超过 ${String(issue.maximum)} 个字符` : `must be at most ${String(issue.maximum)} characters`;
      return zh ? `不能超过 ${String(issue.maximum)}` : `must be at most ${String(issue.maximum)}`;
    case 'invalid_type':
      if (issue.input === undefined && /received undefined/.test(issue.message)) return zh ? '必填' : 'is required';
      return zh ? `类型不正确（应为 ${String(issue.expected)}）` : `must be ${String(issue.expected)}`;
    case 'invalid_value':
      return zh ? '取值无效' : 'is not an allowed value';
    case 'unrecognized_keys':
      return zh ? '包含不认识的字段' : 'has unknown fields';
    case 'invalid_format':
      return zh ? '格式不正确' : 'has the wrong format';
    default: {
      const known = CUSTOM_MESSAGES[issue.message];
      return known ? known[lang] : issue.message;
    }
  }
}

/** Messages written in the shared schemas' refinements, translated. */
const CUSTOM_MESSAGES: Record<string, Record<Lang, string>> = {
  'must be a phone number or an email address': { 'zh-CN': '请填写手机号、固定电话或电子邮箱', en: 'must be a phone number or an email address' },
  'must not be before from': { 'zh-CN': '结束日期不能早于开始日期', en: 'must not be before the start date' },
  'must be after scheduledStart': { 'zh-CN': '结束时间须晚于开始时间', en: 'must be after the start time' },
  'lowercase letters, digits and hyphens, 2–63 characters': {
    'zh-CN': '只能用小写字母、数字和连字符，2–63 个字符',
    en: 'lowercase letters, digits and hyphens, 2–63 characters',
  },
  'letters, digits, _ . -, 3–64 characters': { 'zh-CN': '只能用字母、数字和 _ . -，3–64 个字符', en: 'letters, digits, _ . -, 3–64 characters' },
  'text or a photo is required': { 'zh-CN': '请填写文字或添加图片', en: 'write some text or add a photo' },
  'must match the new password': { 'zh-CN': '两次输入的新密码不一致', en: 'does not match the new password' },
  'at least 3 candidate topics': { 'zh-CN': '至少需要 3 个候选主题', en: 'at least 3 candidate topics' },
  'candidate topics must differ': { 'zh-CN': '候选主题不能重复', en: 'candidate topics must differ' },
  'a voter token of 16–64 letters, digits, _ or -': { 'zh-CN': '投票凭据格式不正确', en: 'a voter token of 16–64 letters, digits, _ or -' },
};
