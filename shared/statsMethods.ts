/**
 * What each number of the statistics means and how it is computed, in both languages: the studio page, the
 * .xlsx (说明 sheet) and the PDF report all read it here, so the words and the code have one owner
 * (server/stats/compute.ts computes exactly this).
 */
export interface StatMethod {
  label: { zh: string; en: string };
  method: { zh: string; en: string };
}

export const STAT_METHODS = {
  planned: {
    label: { zh: '计划场次', en: 'Planned' },
    method: { zh: '年度计划（年度计划表）中该单位该年的行数。', en: "Rows of the year's annual plan naming the unit." },
  },
  held: {
    label: { zh: '实际场次', en: 'Held' },
    method: {
      zh: '该单位首次开播日（站点时区的日历日）在该年内的访谈场数；从未开播的不计。',
      en: "The unit's interviews that first went live on a day (site calendar) of the year; never-aired ones do not count.",
    },
  },
  peakViewers: {
    label: { zh: '最高同时在线', en: 'Peak viewers' },
    method: {
      zh: '直播期间（首次开播至结束）观看记录（每次连接一条，开始与结束时间不可修改）同时打开的最多条数。',
      en: 'The most viewer sessions open at one instant during the broadcast (first went live to ended); one immutable record per connection.',
    },
  },
  totalViewers: {
    label: { zh: '观看人数', en: 'Viewers' },
    method: {
      zh: '直播期间不同观看连接的个数（短暂断线后恢复的连接算同一位观众；只在开播前或结束后打开页面的不计）。',
      en: 'Distinct viewer connections during the broadcast (one briefly lost and recovered counts once; a page open only before or after it does not count).',
    },
  },
  watchSeconds: {
    label: { zh: '观看总时长', en: 'Watch time' },
    method: {
      zh: '各观看记录在直播期间的时长之和（结束时间减开始时间，截取到开播至结束之间）；服务器异常退出时未关闭的记录以最后一次心跳（每 30 秒）为结束时间。',
      en: 'The sum of each session\'s end minus start, cut to the broadcast\'s window; a session a crash left open ends at its last heartbeat (every 30 s).',
    },
  },
  questionsReceived: {
    label: { zh: '收到提问', en: 'Questions received' },
    method: { zh: '网民提交的全部提问（含未通过审核和合并的）。', en: 'Every question netizens submitted (rejected and merged included).' },
  },
  questionsPublished: {
    label: { zh: '公开提问', en: 'Published' },
    method: {
      zh: '当前公开显示的提问：已通过、待答、正在回答、已答复、转书面答复。',
      en: 'Questions shown publicly now: approved, queued, on air, answered, deferred.',
    },
  },
  questionsRejected: {
    label: { zh: '未通过审核', en: 'Rejected' },
    method: { zh: '审核未通过（不予公开）的提问。', en: 'Questions rejected in moderation.' },
  },
  answeredLive: {
    label: { zh: '现场答复', en: 'Answered live' },
    method: { zh: '访谈中现场答复的提问（状态为已答复）。', en: 'Questions answered on air (status answered).' },
  },
  writtenAssigned: {
    label: { zh: '转书面答复', en: 'Assigned in writing' },
    method: {
      zh: '访谈结束时交给单位书面答复的提问（转书面答复或未来得及回答的）。',
      en: 'Questions handed to the unit for a written reply when the interview ended (deferred or not reached).',
    },
  },
  answeredInWriting: {
    label: { zh: '书面答复', en: 'Answered in writing' },
    method: { zh: '书面答复已审核发布的提问。', en: 'Written replies approved and published.' },
  },
  overdueReplies: {
    label: { zh: '逾期答复', en: 'Overdue replies' },
    method: {
      zh: '书面答复超过期限（受理日期后第 5 个工作日）：发布日期晚于期限，或至今（统计当日）仍未发布且已过期限。',
      en: 'Written replies past their deadline (the 5th working day after acceptance): published after it, or still unpublished on the day of the statistics with the deadline passed.',
    },
  },
  avgReplyWorkingDays: {
    label: { zh: '平均答复用时（工作日）', en: 'Avg. reply time (working days)' },
    method: {
      zh: '已发布书面答复从受理日期到答复日期的工作日数（不含受理当日；节假日与调休按国务院通知及管理员调整）的平均值。',
      en: 'The mean of working days from acceptance to reply for published replies (the day of acceptance not counted; holidays and 调休 from the State Council notices and the admin\'s overrides).',
    },
  },
  answerRate: {
    label: { zh: '答复率', en: 'Answer rate' },
    method: {
      zh: '（现场答复 + 书面答复）÷（现场答复 + 转书面答复）：应答复的提问中已答复的比例。',
      en: '(answered live + answered in writing) ÷ (answered live + assigned in writing): the share of the questions owed an answer that got one.',
    },
  },
  replayViews: {
    label: { zh: '回放观看', en: 'Replay views' },
    method: {
      zh: '已发布实录被打开的次数，同一浏览器同一访谈每天计一次（按地址与浏览器标识的加盐摘要区分，不保存地址）。',
      en: 'Openings of the published record, once per browser per interview per day (told apart by a salted hash of address and user agent; no address is stored).',
    },
  },
} as const satisfies Record<string, StatMethod>;

export type StatKey = keyof typeof STAT_METHODS;
