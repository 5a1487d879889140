import path from 'node:path';
import type { Config } from './config.js';
import { ChatService } from './chat/service.js';
import { SessionStore } from './auth/sessions.js';
import { UserService } from './auth/users.js';
import { CaptionService } from './captions/service.js';
import { CaptionIngestTokens } from './captions/tokens.js';
import { CaptionTracks } from './captions/tracks.js';
import type { Db } from './db/index.js';
import { DomainBus } from './events.js';
import { InterviewService } from './interviews/service.js';
import { InviteService } from './invites/service.js';
import { PhotoFiles } from './livetext/photos.js';
import { LiveTextService } from './livetext/service.js';
import { AskerViews } from './questions/asker.js';
import { ProgramComposer } from './record/compose-service.js';
import { QuestionService } from './questions/service.js';
import { ProgramPeaks } from './record/peaks.js';
import { RecordSubtitles } from './record/subtitles.js';
import { SensitiveWordList } from './questions/words.js';
import { recordSubtitleSources } from './record/publish-sources.js';
import { RecordPublisher } from './record/publish.js';
import { RecordTranscripts } from './record/transcript-store.js';
import { PublishedRecords } from './record/public.js';
import { OutlineFiles } from './receipts/outline.js';
import { ReceiptService } from './receipts/service.js';
import { UnitService } from './units/service.js';
import { PreviewService } from './previews/service.js';
import { VoteService } from './votes/service.js';
import { CalendarOverrides } from './calendar/overrides.js';
import { ReplyNotifier } from './replies/notify.js';
import { WrittenReplyService } from './replies/service.js';
import { ReplayViews } from './audience/replayViews.js';
import { ViewerSessionLog } from './audience/sessions.js';
import { YearStatistics } from './stats/service.js';
import { PlanService } from './plan/service.js';

/** The domain services, built once per app over one database. */
export interface Domain {
  db: Db;
  bus: DomainBus;
  users: UserService;
  sessions: SessionStore;
  interviews: InterviewService;
  questions: QuestionService;
  /** What askers see of their own questions, by ticket (我的提问). */
  askers: AskerViews;
  words: SensitiveWordList;
  invites: InviteService;
  /** The unit list (单位) interviews and liaisons name. */
  units: UnitService;
  /** The crew back channel (内部沟通). */
  chat: ChatService;
  /** Live captions (字幕): lines, holders, tracks (`captions.tracks`). */
  captions: CaptionService;
  /** Outside captioners' ingest tokens. */
  captionTokens: CaptionIngestTokens;
  /** 图文直播: entries, their approval and their photos. */
  livetext: LiveTextService;
  /** The 文字实录 as an editable document, and the chapters (record/). */
  recordTranscripts: RecordTranscripts;
  /** 审核发布: publications of the record under RECORDING_DIR/<id>/published/. */
  recordPublisher: RecordPublisher;
  /** The record's replay subtitles (回放字幕) and in/out points: `.edit`, `.trims`, the exports publishing uses. */
  recordSubtitles: RecordSubtitles;
  /** The program's audio waveform for the subtitle editor (peaks.json). */
  recordPeaks: ProgramPeaks;
  /** The published record (视频实录、文字实录) as the public sees it: which version, which files. */
  publishedRecords: PublishedRecords;
  /** The composed program of each interview's record (视频实录): program.mp4 and its spans. */
  programs: ProgramComposer;
  /** 预告: each interview's preview (poster, summary), published by the admin. */
  previews: PreviewService;
  /** 选题投票: the topic votes before an interview. */
  votes: VoteService;
  /** The working calendar's admin overrides (工作日历) and the calendar they make. */
  calendar: CalendarOverrides;
  /** 书面答复: assignment when a broadcast ends, drafts, approval, publication. */
  replies: WrittenReplyService;
  /** The e-mail telling an asker of a published reply (when SMTP_URL is set). */
  replyNotifier: ReplyNotifier;
  /** 回执: the units' receipt forms, their outlines and persons' photos. */
  receipts: ReceiptService;
  /** Live viewers' sessions (观看记录), written in batches; closed at boot where a crash left them open. */
  viewerSessions: ViewerSessionLog;
  /** Views of the published record (回放), once per browser per day. */
  replayViews: ReplayViews;
  /** The statistics per interview and per unit per year, and the yearly report (考核). */
  stats: YearStatistics;
  /** 年度计划: the year's plan rows and the draft interviews they make. */
  plan: PlanService;
}

export async function createDomain(db: Db, config: Config): Promise<Domain> {
  const bus = new DomainBus();
  const interviews = new InterviewService(db, bus, config.SITE_TIMEZONE);
  const words = new SensitiveWordList(db);
  await words.load();
  const questions = new QuestionService(db, bus, interviews, words);
  const units = new UnitService(db);
  const captionTracks = new CaptionTracks(db, bus);
  const captions = new CaptionService(db, bus, captionTracks);
  await captions.recover();
  const recordTranscripts = new RecordTranscripts(db);
  const recordSubtitles = new RecordSubtitles(db, captionTracks);
  const programs = new ProgramComposer(db, interviews, recordingDir(config));
  const calendar = new CalendarOverrides(db);
  const replyNotifier = new ReplyNotifier(db, bus, {
    url: config.SMTP_URL,
    from: config.SMTP_FROM,
    publicUrl: config.PUBLIC_URL,
    retryMs: config.MAIL_RETRY_SECONDS * 1000,
  });
  const replies = new WrittenReplyService(db, bus, calendar, config.SITE_TIMEZONE, replyNotifier.enabled);
  await replies.recover();
  const viewerSessions = new ViewerSessionLog(db);
  await viewerSessions.recover();
  return {
    db,
    bus,
    users: new UserService(db, bus, units),
    sessions: new SessionStore(db, config.SESSION_TTL_HOURS * 3600_000, bus),
    interviews,
    questions,
    askers: new AskerViews(db),
    words,
    invites: new InviteService(db, interviews, bus),
    units,
    chat: new ChatService(db, bus, interviews),
    captions,
    captionTokens: new CaptionIngestTokens(db, captionTracks),
    livetext: new LiveTextService(db, bus, interviews, new PhotoFiles(livetextPhotoDir(config)), {
      maxBytes: config.LIVETEXT_PHOTO_MAX_BYTES,
      maxPixels: config.LIVETEXT_PHOTO_MAX_PIXELS,
    }),
    recordTranscripts,
    recordPublisher: new RecordPublisher(db, recordingDir(config), recordTranscripts, recordSubtitleSources(recordSubtitles), (id) => {
      // Viewers' pages learn of the record (published / withdrawn) through the interview push.
      interviews.getById(id).then((i) => bus.emit('interview:changed', i), () => undefined);
    }),
    recordSubtitles,
    recordPeaks: new ProgramPeaks(db, recordingDir(config)),
    publishedRecords: new PublishedRecords(db, recordingDir(config)),
    programs,
    previews: new PreviewService(db, bus, interviews, new PhotoFiles(previewPosterDir(config)), {
      limits: { maxBytes: config.LIVETEXT_PHOTO_MAX_BYTES, maxPixels: config.LIVETEXT_PHOTO_MAX_PIXELS },
      warnDays: config.PREVIEW_WARN_DAYS,
      timeZone: config.SITE_TIMEZONE,
    }),
    votes: new VoteService(db, bus, interviews),
    calendar,
    replies,
    replyNotifier,
    receipts: new ReceiptService(
      db,
      bus,
      interviews,
      new OutlineFiles(path.join(receiptUploadDir(config), 'outlines')),
      new PhotoFiles(path.join(receiptUploadDir(config), 'photos')),
      { photo: { maxBytes: config.LIVETEXT_PHOTO_MAX_BYTES, maxPixels: config.LIVETEXT_PHOTO_MAX_PIXELS }, outlineMaxBytes: config.RECEIPT_OUTLINE_MAX_BYTES },
      config.SITE_TIMEZONE,
    ),
    viewerSessions,
    replayViews: new ReplayViews(db, config.SITE_TIMEZONE),
    stats: new YearStatistics(db, config),
    plan: new PlanService(db, bus, config.SITE_TIMEZONE),
  };
}

/** The folder of preview posters: configured, else under DATA_DIR. */
export function previewPosterDir(config: Config): string {
  return path.resolve(config.PREVIEW_POSTER_DIR ?? path.join(config.DATA_DIR, 'uploads', 'previews'));
}

/** The folder of 回执 uploads (outlines, persons' photos): configured, else under DATA_DIR. */
export function receiptUploadDir(config: Config): string {
  return path.resolve(config.RECEIPT_UPLOAD_DIR ?? path.join(config.DATA_DIR, 'uploads', 'receipts'));
}

/** The folder of live-text photos: configured, else under DATA_DIR (never the repository unless DATA_DIR is). */
export function livetextPhotoDir(config: Config): string {
  return path.resolve(config.LIVETEXT_PHOTO_DIR ?? path.join(config.DATA_DIR, 'uploads', 'livetext'));
}

/** The folder of recordings and records: configured, else under DATA_DIR. */
export function recordingDir(config: Config): string {
  return path.resolve(config.RECORDING_DIR ?? path.join(config.DATA_DIR, 'recordings'));
}
