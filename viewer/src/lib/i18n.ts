/**
 * Every string the viewer shows, in Simplified Chinese (the default) and English.
 * The language is chosen once per page load from `?lang=` (the embed script passes its `data-lang`);
 * there is no switching at run time, so `t()` is a plain function and needs no reactivity.
 */

export type Lang = 'zh-CN' | 'en';

/** `?lang=en` (or `en-US`, …) picks English; anything else falls back to Simplified Chinese. */
export function detectLang(search: string): Lang {
  const wanted = new URLSearchParams(search).get('lang');
  return wanted?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

const zhCN = {
  'app.name': '在线访谈',
  'app.notFound': '页面不存在，请确认链接是否正确。',
  'common.loading': '正在加载…',
  'common.retry': '重试',
  'common.netizen': '网友',
  'common.beijingTime': '北京时间',
  'common.newWindow': '（在新窗口打开）',
  'common.colon': '：',

  'interview.status.draft': '筹备中',
  'interview.status.scheduled': '未开始',
  'interview.status.live': '直播中',
  'interview.status.ended': '已结束',
  'interview.statusLabel': '访谈状态：',
  'interview.unit': '访谈单位',
  'interview.topic': '访谈主题',
  'interview.time': '访谈时间',
  'interview.guests': '访谈嘉宾',
  'interview.about': '访谈介绍',
  'interview.viewers': '{count} 人在线',
  'interview.notFound': '未找到该访谈，请确认链接是否正确。',
  'interview.loadFailed': '访谈信息加载失败，请检查网络后重试。',

  'video.label': '视频直播区',
  'video.draft': '访谈正在筹备中，敬请关注。',
  'video.scheduled': '访谈尚未开始，将于 {time} 开始。',
  'video.ended': '直播已结束，感谢您的关注。',

  'player.live': '直播中',
  'player.controls': '播放控制',
  'player.startingSoon': '直播即将开始',
  'player.startingSoonHint': '画面接通后将自动播放，无需刷新页面。',
  'player.interrupted': '直播画面暂时中断',
  'player.interruptedHint': '请稍候，画面恢复后将自动继续播放。',
  'player.connecting': '正在连接直播…',
  'player.reconnecting': '重新连接中…',
  'player.waitingPicture': '等待画面…',
  'player.unsupported': '当前浏览器无法播放直播视频，请使用新版浏览器观看。',
  'player.loadFailed': '直播播放器加载失败，请刷新页面重试。',
  'player.videoOf': '{name}的视频画面',
  'player.unmuteBlocked': '点击开启声音',
  'player.unmute': '开启声音',
  'player.mute': '静音',
  'player.fullscreen': '全屏',
  'player.exitFullscreen': '退出全屏',

  'connection.offline': '实时连接已中断，正在重新连接…',

  'ask.heading': '我要提问',
  'ask.content': '您的问题',
  'ask.counter': '{count}/{max} 字',
  'ask.empty': '请填写问题内容。',
  'ask.tooLong': '问题不能超过 {max} 字。',
  'ask.nickname': '昵称（选填）',
  'ask.nicknameHint': '可不填，默认显示“网友”。',
  'ask.contact': '联系方式（选填）',
  'ask.contactHint': '手机号或邮箱，仅工作人员可见，不会公开。',
  'ask.preModeration': '提问经工作人员审核后公开显示（先审后发）。',
  'ask.submit': '提交问题',
  'ask.submitting': '正在提交…',
  'ask.closed': '本场访谈目前不接受提问。',
  'ask.closedEnded': '本场访谈已结束，不再接受提问。',
  'ask.closedKeep': '本场访谈已停止征集问题。您填写的内容仍保留在下方，可自行复制保存。',
  'ask.error.fields': '请按提示修改后重新提交。',
  'ask.error.interview_closed': '本场访谈已停止征集问题。',
  'ask.error.rate_limited': '提交过于频繁，请稍后再试。',
  'ask.error.not_found': '未找到该访谈，无法提交。',
  'ask.error.network': '网络连接失败，请检查网络后重试。',
  'ask.error.generic': '提交失败，请稍后重试。',
  'ask.error.kept': '{message}您填写的内容已保留。',

  'success.heading': '提问已提交',
  'success.pending': '工作人员审核通过后，您的问题将公开显示。',
  'success.published': '您的问题已公开显示。',
  'success.link': '通过下面的个人链接可随时查看处理状态。链接相当于凭证，请妥善保存，不要公开：',
  'success.linkLabel': '我的提问链接',
  'success.open': '打开“我的提问”页面',
  'success.again': '继续提问',

  'copy.button': '复制链接',
  'copy.done': '已复制',
  'copy.failed': '复制失败，请手动复制。',

  'mine.heading': '我的提问',
  'mine.note': '记录仅保存在本设备的浏览器中。',
  'mine.open': '查看详情',
  'mine.missing': '暂时无法查询',
  'mine.checking': '正在查询…',

  'list.heading': '网友提问',
  'list.onAir': '正在回答',
  'list.waiting': '待回答',
  'list.answered': '已回答',
  'list.deferred': '将书面答复',
  'list.empty': '暂无公开的提问。',
  'list.announceOnAir': '正在回答：{content}',
  'list.queued': '排队中',

  'question.askedAt': '提问时间',
  'question.answeredAt': '回答时间',

  'asker.pending': '待审核',
  'asker.approved': '已通过',
  'asker.answered': '已回答',
  'asker.answered_in_writing': '书面答复',
  'asker.deferred': '将书面答复',
  'asker.not_published': '未予发布',
  'asker.explain.pending': '您的问题正在等待工作人员审核。',
  'asker.explain.approved': '您的问题已审核通过并公开显示，等待嘉宾回答。',
  'asker.explain.answered': '嘉宾已在访谈中回答了您的问题。',
  'asker.explain.answered_in_writing': '您的问题已获书面答复。',
  'asker.explain.deferred': '您的问题将在访谈结束后以书面形式答复。',
  'asker.explain.not_published': '您的问题未予公开发布。',

  'ticket.heading': '我的提问',
  'ticket.status': '处理状态',
  'ticket.reason': '说明',
  'ticket.reasonLine': '说明：{reason}',
  'ticket.askedAt': '提问时间',
  'ticket.updatedAt': '更新时间',
  'ticket.nickname': '显示昵称',
  'ticket.interview': '所属访谈',
  'ticket.back': '返回访谈页面',
  'ticket.notFound': '未找到该提问，请确认链接是否完整。',
  'ticket.loadFailed': '提问状态查询失败，请检查网络后重试。',
} as const;

export type MessageKey = keyof typeof zhCN;

const en: Record<MessageKey, string> = {
  'app.name': 'Online interview',
  'app.notFound': 'Page not found. Please check the link.',
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.netizen': 'Netizen',
  'common.beijingTime': 'Beijing time',
  'common.newWindow': ' (opens in a new window)',
  'common.colon': ': ',

  'interview.status.draft': 'In preparation',
  'interview.status.scheduled': 'Upcoming',
  'interview.status.live': 'Live',
  'interview.status.ended': 'Ended',
  'interview.statusLabel': 'Status: ',
  'interview.unit': 'Organisation',
  'interview.topic': 'Topic',
  'interview.time': 'Time',
  'interview.guests': 'Guests',
  'interview.about': 'About this interview',
  'interview.viewers': '{count} watching',
  'interview.notFound': 'This interview could not be found. Please check the link.',
  'interview.loadFailed': 'The interview could not be loaded. Please check your connection and try again.',

  'video.label': 'Live video',
  'video.draft': 'This interview is being prepared.',
  'video.scheduled': 'The interview has not started yet. It begins {time}.',
  'video.ended': 'The live broadcast has ended. Thank you for watching.',

  'player.live': 'Live',
  'player.controls': 'Player controls',
  'player.startingSoon': 'About to start',
  'player.startingSoonHint': 'The picture plays by itself once it is on air; no need to reload.',
  'player.interrupted': 'The live picture is interrupted',
  'player.interruptedHint': 'Please stand by: it resumes by itself.',
  'player.connecting': 'Connecting to the live broadcast…',
  'player.reconnecting': 'Reconnecting…',
  'player.waitingPicture': 'Waiting for the picture…',
  'player.unsupported': 'This browser cannot play the live video. Please use an up-to-date browser.',
  'player.loadFailed': 'The live player could not be loaded. Please reload the page.',
  'player.videoOf': 'Video of {name}',
  'player.unmuteBlocked': 'Click to unmute',
  'player.unmute': 'Unmute',
  'player.mute': 'Mute',
  'player.fullscreen': 'Full screen',
  'player.exitFullscreen': 'Exit full screen',

  'connection.offline': 'Live updates interrupted. Reconnecting…',

  'ask.heading': 'Ask a question',
  'ask.content': 'Your question',
  'ask.counter': '{count}/{max} characters',
  'ask.empty': 'Please enter your question.',
  'ask.tooLong': 'Your question may have at most {max} characters.',
  'ask.nickname': 'Display name (optional)',
  'ask.nicknameHint': 'Leave blank to appear as “Netizen”.',
  'ask.contact': 'Contact (optional)',
  'ask.contactHint': 'Phone number or email. Seen only by staff, never published.',
  'ask.preModeration': 'Questions are reviewed by staff before they are published.',
  'ask.submit': 'Submit question',
  'ask.submitting': 'Submitting…',
  'ask.closed': 'This interview is not taking questions at the moment.',
  'ask.closedEnded': 'This interview has ended and no longer takes questions.',
  'ask.closedKeep': 'This interview has stopped taking questions. Your text is kept below so you can copy it.',
  'ask.error.fields': 'Please correct the marked fields and submit again.',
  'ask.error.interview_closed': 'This interview has stopped taking questions.',
  'ask.error.rate_limited': 'Too many submissions. Please wait a moment and try again.',
  'ask.error.not_found': 'This interview could not be found.',
  'ask.error.network': 'Network error. Please check your connection and try again.',
  'ask.error.generic': 'Your question could not be submitted. Please try again later.',
  'ask.error.kept': '{message} Your text has been kept.',

  'success.heading': 'Question submitted',
  'success.pending': 'It will be published once staff have reviewed it.',
  'success.published': 'Your question has been published.',
  'success.link': 'Follow its status at any time with this personal link. Treat it like a key: keep it and do not share it:',
  'success.linkLabel': 'My question link',
  'success.open': 'Open my question page',
  'success.again': 'Ask another question',

  'copy.button': 'Copy link',
  'copy.done': 'Copied',
  'copy.failed': 'Could not copy. Please copy the link by hand.',

  'mine.heading': 'My questions',
  'mine.note': 'This list is kept only in this browser on this device.',
  'mine.open': 'Details',
  'mine.missing': 'Status unavailable',
  'mine.checking': 'Checking…',

  'list.heading': 'Questions from the public',
  'list.onAir': 'Now answering',
  'list.waiting': 'Waiting for an answer',
  'list.answered': 'Answered',
  'list.deferred': 'To be answered in writing',
  'list.empty': 'No questions have been published yet.',
  'list.announceOnAir': 'Now answering: {content}',
  'list.queued': 'In the queue',

  'question.askedAt': 'Asked',
  'question.answeredAt': 'Answered',

  'asker.pending': 'Awaiting review',
  'asker.approved': 'Approved',
  'asker.answered': 'Answered',
  'asker.answered_in_writing': 'Answered in writing',
  'asker.deferred': 'To be answered in writing',
  'asker.not_published': 'Not published',
  'asker.explain.pending': 'Your question is waiting for review by staff.',
  'asker.explain.approved': 'Your question has been approved and published. It is waiting for an answer.',
  'asker.explain.answered': 'The guests answered your question during the interview.',
  'asker.explain.answered_in_writing': 'Your question has received a written answer.',
  'asker.explain.deferred': 'Your question will be answered in writing after the interview.',
  'asker.explain.not_published': 'Your question was not published.',

  'ticket.heading': 'My question',
  'ticket.status': 'Status',
  'ticket.reason': 'Note from the reviewer',
  'ticket.reasonLine': 'Note from the reviewer: {reason}',
  'ticket.askedAt': 'Asked',
  'ticket.updatedAt': 'Last updated',
  'ticket.nickname': 'Shown as',
  'ticket.interview': 'Interview',
  'ticket.back': 'Back to the interview',
  'ticket.notFound': 'This question could not be found. Please check that the link is complete.',
  'ticket.loadFailed': 'The status could not be loaded. Please check your connection and try again.',
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** The page's language, fixed for the page's life. */
export const lang: Lang = detectLang(globalThis.location?.search ?? '');

/** Translates a key, replacing `{name}` placeholders with `vars`. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** Ends a message from elsewhere (the server) as a sentence, so another sentence can follow it. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (/[。！？.!?]$/.test(trimmed)) return trimmed;
  return lang === 'en' ? `${trimmed}.` : `${trimmed}。`;
}
