import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from '../shared/schemas/auth.js';
import { passwordProblem } from './auth/password-policy.js';
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from '../shared/time.js';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** Every setting the server reads from its environment, checked once at start. See .env.example. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  ADMIN_PASSWORD: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
    .refine((v) => passwordProblem(v, 'admin') !== 'password_common', 'a common password, easy to guess: choose another')
    .refine((v) => passwordProblem(v, 'admin') !== 'password_username', 'must not be the username "admin", with or without digits and symbols')
    .optional(),
  DEMO: bool.default(true),
  /** Secret for signing session cookies; generated into DATA_DIR when absent. */
  SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** How often expired sessions are deleted (also once at start), so the table does not grow forever. */
  SESSION_PURGE_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** How long a photo uploaded and not (or no longer) used is kept before it is deleted (hours). */
  UPLOAD_KEEP_HOURS: z.coerce.number().int().min(1).default(168),
  /** Set when the server sits behind a reverse proxy, so rate limits see the client's address. */
  TRUST_PROXY: bool.default(false),
  /** Submissions a client may make per window. */
  QUESTION_RATE_MAX: z.coerce.number().int().positive().default(10),
  QUESTION_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  LOGIN_RATE_MAX: z.coerce.number().int().positive().default(10),
  /** Caption ingest posts per client per minute: a recogniser sending partials ~5 times a second fits. */
  INGEST_RATE_MAX: z.coerce.number().int().positive().default(600),
  /** Crew chat messages and live-text photo uploads per staff session per minute. */
  STAFF_POST_RATE_MAX: z.coerce.number().int().positive().default(120),
  /** Origins allowed to frame the viewer (space separated); `*` means any portal. */
  FRAME_ANCESTORS: z.string().default('*'),
  /** SQLite durability: NORMAL survives a crash of the process; FULL also survives power loss. */
  DB_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  /** The address people reach fangtan at (e.g. https://ft.example.gov.cn), for links the server hands out. */
  PUBLIC_URL: z.url().optional(),
  /** Marks cookies Secure; set when served over HTTPS. */
  COOKIE_SECURE: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** mediasoup workers (one per core by default); each is a process handling its routers' media. */
  MEDIA_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /** Local address mediasoup's WebRTC transports listen on; 0.0.0.0 behind NAT with MEDIA_ANNOUNCED_IP. */
  MEDIA_LISTEN_IP: z.string().default('127.0.0.1'),
  /** Public address given to browsers when the server is behind NAT (the machine's public IP). */
  MEDIA_ANNOUNCED_IP: z.string().optional(),
  /** UDP/TCP port range for media; open it in the firewall. */
  MEDIA_MIN_PORT: z.coerce.number().int().min(1024).max(65535).default(40000),
  MEDIA_MAX_PORT: z.coerce.number().int().min(1024).max(65535).default(49999),
  /** 0 forces media over TCP only: a diagnostic for networks that block UDP (UDP stays preferred otherwise). */
  MEDIA_UDP: bool.default(true),
  /** Viewers one router serves before the program is piped to another router on another worker. */
  MEDIA_VIEWERS_PER_ROUTER: z.coerce.number().int().min(1).default(300),
  /** The site's clock: every screen shows and takes times in this IANA zone, whatever the device's zone. */
  SITE_TIMEZONE: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .transform((zone, ctx) => {
      const canonical = canonicalTimeZone(zone.trim());
      if (canonical) return canonical;
      ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Asia/Shanghai (not an offset like +08:00)' });
      return z.NEVER;
    }),
  /** Seconds a broadcast room may stay without anyone connected before its routers are closed. */
  MEDIA_ROOM_IDLE_SECONDS: z.coerce.number().positive().max(86_400).default(300),
  /** 图文直播 photos: the re-encoded files live here (default: DATA_DIR/uploads/livetext), never in the repository. */
  LIVETEXT_PHOTO_DIR: z.string().min(1).optional(),
  /** Largest photo upload, in bytes; a larger body is refused with 413 before it is read whole. */
  LIVETEXT_PHOTO_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(15 * 1024 * 1024),
  /**
   * Most pixels a photo may have, read from its header before anything is decoded: a small file that claims
   * huge dimensions (a decompression bomb) is refused without the memory to decode it. 50 MP covers phones.
   */
  LIVETEXT_PHOTO_MAX_PIXELS: z.coerce.number().int().min(1).default(50_000_000),
  /** 回执 uploads (outlines and persons' photos): default DATA_DIR/uploads/receipts, never in the repository. */
  RECEIPT_UPLOAD_DIR: z.string().min(1).optional(),
  /** Largest 访谈提纲 (.docx or .pdf) upload, in bytes: a text outline with a few pictures is well under 20 MB. */
  RECEIPT_OUTLINE_MAX_BYTES: z.coerce.number().int().min(1024).max(200 * 1024 * 1024).default(20 * 1024 * 1024),
  /** Recordings, composed programs and published records (default: DATA_DIR/recordings), never in the repository. */
  RECORDING_DIR: z.string().min(1).optional(),
  /** Free disk space (MB) below which a recording does not start: about 2 h of two people at 1.5 Mbit/s each. */
  RECORDING_MIN_FREE_MB: z.coerce.number().int().min(0).default(2048),
  /** Below this (MB) the studio warns that the disk is getting full. */
  RECORDING_LOW_FREE_MB: z.coerce.number().int().min(0).default(5120),
  /** Below this (MB) a running recording stops by itself, keeping what was written. */
  RECORDING_STOP_FREE_MB: z.coerce.number().int().min(0).default(256),
  /** Local UDP ports (pairs) on which the recorders (ffmpeg) receive RTP from mediasoup; apart from MEDIA_*_PORT. */
  RECORDING_MIN_PORT: z.coerce.number().int().min(1024).max(65535).default(50000),
  RECORDING_MAX_PORT: z.coerce.number().int().min(1024).max(65535).default(50999),
  /** 预告: the studio warns about interviews less than this many days away without a published preview. */
  PREVIEW_WARN_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** 预告 posters: the re-encoded files live here (default: DATA_DIR/uploads/previews). Limits as live-text photos. */
  PREVIEW_POSTER_DIR: z.string().min(1).optional(),
  /** 选题投票: ballots one address may cast per minute (a household or an office shares an address). */
  VOTE_RATE_MAX: z.coerce.number().int().positive().default(30),
  /**
   * The SMTP server that tells askers of a published written reply (书面答复), e.g. smtp://user:pass@mail.example:587
   * or smtps://…:465; unset: no e-mail is sent. SMTP_FROM is the sender.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMTP_FROM: z.string().min(3).default('在线访谈 <noreply@localhost>'),
  /** How often mails that failed are tried again (each reply at most 5 times). */
  MAIL_RETRY_SECONDS: z.coerce.number().int().min(1).default(900),
  /**
   * The Chromium that prints the yearly report (考核) to PDF: HTML printed by a browser keeps the CJK font's
   * glyphs, which PDF libraries drop with Noto CJK (OTF/CFF). scripts/setup-debian.sh installs it.
   */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /** Where the built studio and viewer live. */
  STATIC_DIR: z.string().default('./dist'),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Reads the configuration, or throws one error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
