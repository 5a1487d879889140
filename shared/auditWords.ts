/**
 * The audit log's words (操作日志): what each recorded action and kind of object is called, in both languages.
 * One list for the studio's log page and the server's CSV export, so an action recorded anywhere is named the
 * same way in both; test/shared/auditWords.test.ts checks that every action the server records has its words.
 */
/** The languages the studio and the server's files speak. */
export type AuditLang = 'zh-CN' | 'en';

type Words = Readonly<Record<AuditLang, string>>;

/** Actions by their recorded name (`action` of recordAudit). Variants the studio words from the before/after are not here. */
export const AUDIT_ACTION_WORDS: Readonly<Record<string, Words>> = {
  'question.submit': { 'zh-CN': '提交', en: 'Submitted' },
  'question.approved': { 'zh-CN': '审核通过', en: 'Approved' },
  'question.rejected': { 'zh-CN': '不予发布', en: 'Not published' },
  'question.edit': { 'zh-CN': '修改公开内容', en: 'Public wording edited' },
  'question.merged': { 'zh-CN': '合并', en: 'Merged' },
  'question.queued': { 'zh-CN': '加入队列', en: 'Added to the queue' },
  'question.on_air': { 'zh-CN': '正在提问', en: 'Put on air' },
  'question.answered': { 'zh-CN': '已回答', en: 'Answered' },
  'question.deferred': { 'zh-CN': '转书面答复', en: 'Deferred to a written answer' },
  'question.contact.view': { 'zh-CN': '查看联系方式', en: 'Contact viewed' },
  'queue.reorder': { 'zh-CN': '调整提问队列顺序', en: 'Queue reordered' },
  'interview.create': { 'zh-CN': '创建访谈', en: 'Interview created' },
  'interview.update': { 'zh-CN': '修改访谈设置', en: 'Interview settings changed' },
  'user.create': { 'zh-CN': '创建用户', en: 'User created' },
  'user.update': { 'zh-CN': '修改用户', en: 'User changed' },
  'user.update+password': { 'zh-CN': '修改用户并重置密码', en: 'User changed, password reset' },
  'user.password_change': { 'zh-CN': '修改自己的密码', en: 'Changed own password' },
  'unit.create': { 'zh-CN': '新增单位', en: 'Unit added' },
  'unit.update': { 'zh-CN': '修改单位', en: 'Unit changed' },
  'auth.login': { 'zh-CN': '登录', en: 'Signed in' },
  'invite.create': { 'zh-CN': '生成嘉宾邀请', en: 'Guest invitation created' },
  'invite.revoke': { 'zh-CN': '撤销嘉宾邀请', en: 'Guest invitation revoked' },
  'settings.sensitive_words': { 'zh-CN': '修改敏感词', en: 'Sensitive words changed' },
  'settings.sensitive_words.merge': { 'zh-CN': '导入敏感词（合并）', en: 'Sensitive words imported (merged)' },
  'settings.sensitive_words.replace': { 'zh-CN': '导入敏感词（替换）', en: 'Sensitive words imported (replaced)' },
  'settings.sensitive_words.export': { 'zh-CN': '导出敏感词', en: 'Sensitive words exported' },
  'record.transcript.edit': { 'zh-CN': '编辑文字实录', en: 'Transcript edited' },
  'record.transcript.regenerate': { 'zh-CN': '重新生成文字实录', en: 'Transcript assembled again' },
  'record.publish': { 'zh-CN': '发布实录', en: 'Record published' },
  'record.unpublish': { 'zh-CN': '撤回实录', en: 'Record unpublished' },
  'receipt.due': { 'zh-CN': '设置回执截止日期', en: 'Receipt due date set' },
  'receipt.save': { 'zh-CN': '保存回执', en: 'Receipt saved' },
  'receipt.outline': { 'zh-CN': '上传访谈提纲', en: 'Outline uploaded' },
  'receipt.submit': { 'zh-CN': '提交回执', en: 'Receipt submitted' },
  'receipt.return': { 'zh-CN': '退回回执', en: 'Receipt returned' },
  'receipt.accept': { 'zh-CN': '确认回执', en: 'Receipt accepted' },
  'interview.guests_from_receipt': { 'zh-CN': '按回执更新嘉宾', en: 'Guests set from the receipt' },
  'written_reply.assign': { 'zh-CN': '转交单位书面答复', en: 'Assigned to the unit for a written reply' },
  'written_reply.draft': { 'zh-CN': '保存答复草稿', en: 'Saved a reply draft' },
  'written_reply.submit': { 'zh-CN': '提交答复审核', en: 'Submitted a reply for approval' },
  'written_reply.return': { 'zh-CN': '退回答复', en: 'Returned a reply' },
  'written_reply.publish': { 'zh-CN': '审核通过并发布答复', en: 'Approved and published a reply' },
  'written_reply.withdraw': { 'zh-CN': '撤回转交（问题已无需书面答复）', en: 'Withdrew an assignment (no written reply needed)' },
  'calendar.override.set': { 'zh-CN': '设置工作日历调整', en: 'Set a working-calendar override' },
  'calendar.override.remove': { 'zh-CN': '取消工作日历调整', en: 'Removed a working-calendar override' },
  'interview.delete': { 'zh-CN': '删除访谈', en: 'Interview deleted' },
  'plan.import': { 'zh-CN': '导入年度计划', en: 'Annual plan imported' },
  'plan.entry.create': { 'zh-CN': '添加计划行', en: 'Plan row added' },
  'plan.entry.update': { 'zh-CN': '修改计划行', en: 'Plan row changed' },
  'plan.entry.delete': { 'zh-CN': '删除计划行', en: 'Plan row deleted' },
  'audit.export': { 'zh-CN': '导出操作日志', en: 'Audit log exported' },
  'caption.correct': { 'zh-CN': '更正字幕', en: 'Caption corrected' },
  'caption.withdraw': { 'zh-CN': '撤回字幕', en: 'Caption withdrawn' },
  'caption.token.create': { 'zh-CN': '创建字幕接入令牌', en: 'Caption ingest token created' },
  'caption.token.revoke': { 'zh-CN': '撤销字幕接入令牌', en: 'Caption ingest token revoked' },
  'caption.track.add': { 'zh-CN': '添加字幕轨道', en: 'Caption track added' },
  'caption.track.remove': { 'zh-CN': '移除字幕轨道', en: 'Caption track removed' },
  'interview.reopen': { 'zh-CN': '重新开启访谈', en: 'Interview reopened' },
  'invite.expire': { 'zh-CN': '嘉宾邀请失效', en: 'Guest invitation expired' },
  'livetext.create': { 'zh-CN': '新建图文', en: 'Live text entry written' },
  'livetext.submit': { 'zh-CN': '提交图文审核', en: 'Live text sent for approval' },
  'livetext.approve': { 'zh-CN': '审核通过图文', en: 'Live text approved' },
  'livetext.reject': { 'zh-CN': '退回图文', en: 'Live text rejected' },
  'livetext.correct': { 'zh-CN': '更正图文', en: 'Live text corrected' },
  'livetext.withdraw': { 'zh-CN': '撤回图文', en: 'Live text withdrawn' },
  'preview.update': { 'zh-CN': '修改预告', en: 'Preview edited' },
  'preview.poster': { 'zh-CN': '上传预告海报', en: 'Preview poster uploaded' },
  'preview.publish': { 'zh-CN': '发布预告', en: 'Preview published' },
  'preview.unpublish': { 'zh-CN': '撤回预告', en: 'Preview withdrawn' },
  'record.subtitles.import': { 'zh-CN': '导入回放字幕', en: 'Replay subtitles imported' },
  'record.subtitles.regenerate': { 'zh-CN': '按直播字幕重建回放字幕', en: 'Replay subtitles rebuilt from the live captions' },
  'record.subtitles.shift': { 'zh-CN': '整体平移回放字幕', en: 'Replay subtitles shifted' },
  'record.trim': { 'zh-CN': '设置实录入点和出点', en: 'Record in and out points set' },
  'recording.settings': { 'zh-CN': '修改录制设置', en: 'Recording settings changed' },
  'recording.start': { 'zh-CN': '开始录制', en: 'Recording started' },
  'recording.stop': { 'zh-CN': '停止录制', en: 'Recording stopped' },
  'stats.report.export': { 'zh-CN': '导出统计报表', en: 'Statistics report exported' },
  'vote.open': { 'zh-CN': '发起选题投票', en: 'Topic vote opened' },
  'vote.close': { 'zh-CN': '结束选题投票', en: 'Topic vote closed' },
  'vote.pick': { 'zh-CN': '选定访谈主题', en: 'Topic picked' },
  'vote.results.show': { 'zh-CN': '公开投票结果', en: 'Vote results made public' },
  'vote.results.hide': { 'zh-CN': '隐藏投票结果', en: 'Vote results hidden' },
};

/** Kinds of object (`entity` of recordAudit). */
export const AUDIT_ENTITY_WORDS = {
  'question': { 'zh-CN': '提问', en: 'Question' },
  'interview': { 'zh-CN': '访谈', en: 'Interview' },
  'user': { 'zh-CN': '用户', en: 'User' },
  'unit': { 'zh-CN': '单位', en: 'Unit' },
  'invite': { 'zh-CN': '嘉宾邀请', en: 'Guest invitation' },
  'settings': { 'zh-CN': '设置', en: 'Settings' },
  'receipt': { 'zh-CN': '回执', en: 'Receipt form' },
  'topic_vote': { 'zh-CN': '选题投票', en: 'Topic vote' },
  'stats': { 'zh-CN': '统计报表', en: 'Statistics report' },
  'written_reply': { 'zh-CN': '书面答复', en: 'Written reply' },
  'calendar': { 'zh-CN': '工作日历', en: 'Working calendar' },
  'plan': { 'zh-CN': '年度计划', en: 'Annual plan' },
  'plan_entry': { 'zh-CN': '计划行', en: 'Plan row' },
  'audit': { 'zh-CN': '操作日志', en: 'Audit log' },
  'caption': { 'zh-CN': '字幕', en: 'Caption' },
  'caption_token': { 'zh-CN': '字幕接入令牌', en: 'Caption ingest token' },
  'livetext': { 'zh-CN': '图文', en: 'Live text' },
} as const satisfies Record<string, Words>;

/** The kinds of object, for the log's filter: every one that has words. */
export const AUDIT_ENTITIES = Object.keys(AUDIT_ENTITY_WORDS) as AuditEntity[];
export type AuditEntity = keyof typeof AUDIT_ENTITY_WORDS;

const INTERVIEW_STATUS_WORDS: Readonly<Record<string, Words>> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  scheduled: { 'zh-CN': '已排期', en: 'Scheduled' },
  live: { 'zh-CN': '直播中', en: 'Live' },
  ended: { 'zh-CN': '已结束', en: 'Ended' },
};

/** An action in words (`interview.status.live` too), or null for one this list does not know. */
export function auditActionWord(action: string, lang: AuditLang): string | null {
  const status = /^interview\.status\.(\w+)$/.exec(action)?.[1];
  const statusWord = status === undefined ? undefined : INTERVIEW_STATUS_WORDS[status];
  if (statusWord) return lang === 'zh-CN' ? `访谈状态改为“${statusWord[lang]}”` : `Interview status set to “${statusWord[lang]}”`;
  return AUDIT_ACTION_WORDS[action]?.[lang] ?? null;
}

/** A kind of object in words, or null for one this list does not know. */
export function auditEntityWord(entity: string, lang: AuditLang): string | null {
  return (AUDIT_ENTITY_WORDS as Readonly<Record<string, Words>>)[entity]?.[lang] ?? null;
}
