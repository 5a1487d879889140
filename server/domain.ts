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
import { SensitiveWordList } from './questions/words.js';
import { UnitService } from './units/service.js';

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
  /** The composed program of each interview's record (视频实录): program.mp4 and its spans. */
  programs: ProgramComposer;
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
  const programs = new ProgramComposer(db, interviews, recordingDir(config));
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
    programs,
  };
}

/** The folder of live-text photos: configured, else under DATA_DIR (never the repository unless DATA_DIR is). */
export function livetextPhotoDir(config: Config): string {
  return path.resolve(config.LIVETEXT_PHOTO_DIR ?? path.join(config.DATA_DIR, 'uploads', 'livetext'));
}

/** The folder of recordings and records: configured, else under DATA_DIR. */
export function recordingDir(config: Config): string {
  return path.resolve(config.RECORDING_DIR ?? path.join(config.DATA_DIR, 'recordings'));
}
