import type { Generated } from 'kysely';

/** Table shapes as stored. Booleans are 0/1 and JSON columns are text, as SQLite keeps them. */
export interface Database {
  users: {
    id: Generated<number>;
    username: string;
    display_name: string;
    role: string;
    password_hash: string;
    active: number;
    /** 1 while the password is generated or set by an admin: the holder must change it before anything else. */
    must_change_password: Generated<number>;
    created_at: string;
    /** A liaison's unit; null for every other role. */
    unit_id: number | null;
    /** 职务 (display title) shown in lower thirds and speaker labels; '' for none. */
    title: Generated<string>;
  };
  sessions: {
    id_hash: string;
    user_id: number;
    csrf_token: string;
    created_at: string;
    expires_at: string;
  };
  interviews: {
    id: Generated<number>;
    slug: string;
    title: string;
    /** The unit's name, a copy of units.name kept in step when the unit is renamed (the public view reads it). */
    unit: string;
    /** The unit from the admin's list; null only for a row written around the service. */
    unit_id: number | null;
    topic: string;
    summary: string;
    scheduled_start: string;
    scheduled_end: string;
    status: string;
    pre_moderation: number;
    guests: string;
    created_at: string;
    updated_at: string;
    /** Set when the interview ends, cleared when an admin reopens it. */
    ended_at: string | null;
    /** When it first went live: the broadcast clock's zero for captions; kept across a reopen. */
    broadcast_started_at: Generated<string | null>;
    /** 图文直播 approval: 'none' | 'reviewer' | 'liaison'. */
    live_text_approval: Generated<string>;
  };
  questions: {
    id: Generated<number>;
    interview_id: number;
    original_content: string;
    public_content: string;
    nickname: string;
    contact: string | null;
    ticket_hash: string;
    status: string;
    flags: string;
    reason: string | null;
    merged_into: number | null;
    queue_position: number | null;
    created_at: string;
    updated_at: string;
    answered_at: string | null;
    /** 预提问 (0019): 1 when asked before the broadcast first went live. */
    asked_in_advance: Generated<number>;
  };
  audit_log: {
    id: Generated<number>;
    at: string;
    actor_id: number | null;
    actor_name: string;
    action: string;
    entity: string;
    entity_id: number | null;
    before: string | null;
    after: string | null;
    reason: string | null;
    /** SHA-256 chaining this entry to the previous one (server/audit/chain.ts); null only if written around it. */
    hash: string | null;
  };
  invites: {
    id: Generated<number>;
    interview_id: number;
    guest_name: string;
    token_hash: string;
    created_by: number;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
  };
  sensitive_words: { word: string };
  units: {
    id: Generated<number>;
    name: string;
    active: Generated<number>;
    created_at: string;
    updated_at: string;
  };
  /** Caption tracks besides the implicit primary one (zh-CN). */
  caption_tracks: {
    id: Generated<number>;
    interview_id: number;
    lang: string;
    label: string;
    created_at: string;
    /** Removed tracks keep their row (and their cues): adding the language again brings it back. */
    removed_at: string | null;
  };
  caption_cues: {
    id: Generated<number>;
    interview_id: number;
    track: string;
    seq: number;
    speaker_name: string | null;
    speaker_title: Generated<string>;
    text: string;
    /** open | final | withdrawn | abandoned */
    state: string;
    start_ms: number;
    end_ms: number | null;
    at: string;
    source: string;
    author_user_id: number | null;
    author_token_id: number | null;
    author_name: string;
    revised: Generated<number>;
    updated_at: string;
  };
  caption_ingest_tokens: {
    id: Generated<number>;
    interview_id: number;
    track: string;
    label: Generated<string>;
    token_hash: string;
    created_by: number;
    created_at: string;
    revoked_at: string | null;
    last_used_at: string | null;
  };
  /** The crew back channel (内部沟通): staff only, never public. */
  crew_messages: {
    id: Generated<number>;
    interview_id: number;
    author_id: number;
    /** The author's display name and role when the message was posted. */
    author_name: string;
    author_role: string;
    text: string;
    /** JSON array of the roles the text mentions. */
    mentions: Generated<string>;
    created_at: string;
  };
  livetext_entries: {
    id: Generated<number>;
    interview_id: number;
    /** JSON { name, title } or null. */
    speaker: string | null;
    text: string;
    status: string;
    author_id: number | null;
    author_name: string;
    approver_id: number | null;
    approver_name: string | null;
    reason: string | null;
    revised: Generated<number>;
    created_at: string;
    updated_at: string;
    /** When it first went out; null until then. */
    published_at: string | null;
  };
  livetext_photos: {
    id: Generated<number>;
    interview_id: number;
    /** Null from the upload until an entry takes it. */
    entry_id: number | null;
    position: Generated<number>;
    alt: string;
    small_file: string;
    large_file: string;
    width: number;
    height: number;
    /** JSON { small: { width, height, bytes }, large: { … } }. */
    sizes: string;
    uploaded_by: number | null;
    created_at: string;
  };
  /** An interview's composed program video (server/record): re-composed in place. */
  record_programs: {
    interview_id: number;
    /** 'composing' | 'ready' | 'failed' (shared/schemas/record.ts ProgramState). */
    state: string;
    /** Relative to RECORDING_DIR. */
    path: string | null;
    duration_ms: number | null;
    bytes: number | null;
    /** JSON ProgramSpan[]: which wall-clock stretches the program holds, and where. */
    spans: Generated<string>;
    error: string | null;
    started_at: string;
    composed_at: string | null;
  };
  /** The record's in and out points (program time); no row = the whole program. */
  record_trims: {
    interview_id: number;
    in_ms: number;
    /** null: to the program's end. */
    out_ms: number | null;
    updated_at: string;
    updated_by: number | null;
  };
  /** A replay subtitle track an editor has changed: its cues are then in record_cues, not the live ones. */
  record_subtitle_tracks: {
    interview_id: number;
    track: string;
    edited_at: string;
    edited_by: number | null;
  };
  /** The replay's subtitle cues of an edited track, in program time. */
  record_cues: {
    id: Generated<number>;
    interview_id: number;
    track: string;
    start_ms: number;
    end_ms: number;
    speaker: string | null;
    text: string;
  };
  /** Each publication of an interview's record: a frozen folder of files; unpublishing only hides it. */
  record_publications: {
    id: Generated<number>;
    interview_id: number;
    version: number;
    /** Relative to RECORDING_DIR. */
    dir: string;
    /** JSON PublicationManifest. */
    manifest: string;
    /** Why it went out without subtitles (required then, null otherwise). */
    no_subtitles_reason: string | null;
    published_at: string;
    published_by: number;
    unpublished_at: string | null;
    unpublished_by: number | null;
  };
  /** Each time a question went on air (0016): the record's chapters and the transcript's questions read it. */
  question_airings: {
    id: Generated<number>;
    interview_id: number;
    question_id: number;
    on_air_at: string;
    /** When it left the air (answered, replaced, sent back); null while on air. */
    off_air_at: string | null;
  };
  /** The 文字实录 of an interview, an editable document (JSON Transcript, block times in program time). */
  record_transcripts: {
    interview_id: number;
    document: string;
    generated_at: string;
    updated_at: string;
    updated_by: number | null;
  };
  /** Capture settings and state of one interview (server/recording). */
  recordings: {
    interview_id: number;
    /** 1: recording starts by itself when the broadcast goes live (the director may switch it off before). */
    when_live: Generated<number>;
    /** 1 while recording is on (it survives a restart: a live interview re-attaches). */
    active: Generated<number>;
    /** Why the last recording stopped: 'operator' | 'disk_full' | 'ended'. */
    stopped_reason: string | null;
    /** When the capture of the ended interview was complete (every segment closed and probed). */
    completed_at: string | null;
    updated_at: string;
  };
  /** Wall-clock stretches (ms) the recording was on; end null while on (or cut by a crash, closed at the next start). */
  recording_spans: {
    id: Generated<number>;
    interview_id: number;
    start_ms: number;
    end_ms: number | null;
  };
  /** One raw capture segment (Matroska, stream copy), probed once closed. */
  recording_segments: {
    id: Generated<number>;
    interview_id: number;
    participant_id: string;
    /** Relative to RECORDING_DIR. */
    path: string;
    /** Wall clock (ms) of the file's first media timestamp. */
    wall_start_ms: number;
    /** Null when cut by a crash. */
    duration_ms: number | null;
    has_audio: number;
    has_video: number;
    bytes: number;
  };
  /** What was on air (layout, slots as JSON [{ participantId, name, title }]) from `at_ms` on, while recording. */
  recording_timeline: {
    id: Generated<number>;
    interview_id: number;
    at_ms: number;
    layout: string;
    slots: string;
  };
  /** One row of the annual plan (server/plan). */
  plan_entries: {
    id: Generated<number>;
    year: number;
    seq: number;
    unit_id: number;
    time_text: string;
    /** YYYY-MM-DD, site calendar. */
    window_start: string;
    window_end: string;
    interview_id: number | null;
    note: Generated<string>;
    created_at: string;
    updated_at: string;
  };
  /** 书面答复 of one question (server/replies); status per shared/schemas/writtenReply.ts. */
  written_replies: {
    id: Generated<number>;
    question_id: number;
    interview_id: number;
    unit_id: number;
    status: string;
    /** 受理日期 and the deadline, YYYY-MM-DD on the site calendar. */
    accepted_on: string;
    due_on: string;
    assigned_at: string;
    content: Generated<string>;
    drafted_by: number | null;
    submitted_at: string | null;
    return_reason: string | null;
    decided_by: number | null;
    published_at: string | null;
    /** 答复日期, YYYY-MM-DD on the site calendar; and 答复部门 by name at publication. */
    replied_on: string | null;
    answering_unit: string | null;
    /** When the asker was told by e-mail; null if not (no address, no SMTP) or not yet. */
    notified_at: string | null;
    /** E-mails tried for this reply (0020_replies), and the last failure's message. */
    notify_attempts: Generated<number>;
    notify_error: string | null;
    updated_at: string;
  };
  /** The admin's working-calendar corrections (server/calendar). */
  calendar_overrides: {
    date: string;
    kind: string;
    note: Generated<string>;
    set_by: number | null;
    set_at: string;
  };
  /** 预告 of an interview (0019, server/previews). */
  interview_previews: {
    interview_id: number;
    summary: Generated<string>;
    poster_small: string | null;
    poster_large: string | null;
    poster_width: number | null;
    poster_height: number | null;
    poster_alt: Generated<string>;
    published_at: string | null;
    published_by: number | null;
    updated_at: string;
  };
  /** 选题投票 (0019, server/votes): status per shared/schemas/vote.ts. */
  topic_votes: {
    id: Generated<number>;
    interview_id: number;
    status: string;
    closes_at: string | null;
    results_public: Generated<number>;
    picked_candidate_id: number | null;
    opened_by: number | null;
    opened_at: string;
    closed_at: string | null;
  };
  topic_vote_candidates: {
    id: Generated<number>;
    vote_id: number;
    position: number;
    topic: string;
  };
  /** One ballot per browser: the voter token's SHA-256, never the token. */
  topic_vote_ballots: {
    id: Generated<number>;
    vote_id: number;
    candidate_id: number;
    voter_hash: string;
    cast_at: string;
  };
  /** 回执: one per interview (0018). */
  receipts: {
    interview_id: number;
    /** ReceiptStatus (shared/schemas/receipt.ts). */
    status: string;
    due_on: string | null;
    topic: Generated<string>;
    /** JSON array of ReceiptPerson. */
    persons: Generated<string>;
    contact_name: Generated<string>;
    contact_phone: Generated<string>;
    contact_email: Generated<string>;
    note: Generated<string>;
    outline_file: string | null;
    outline_name: string | null;
    /** 'pdf' | 'docx'. */
    outline_type: string | null;
    outline_bytes: number | null;
    outline_at: string | null;
    submitted_at: string | null;
    submitted_by: number | null;
    return_reason: string | null;
    decided_at: string | null;
    decided_by: number | null;
    created_at: string;
    updated_at: string;
  };
  receipt_photos: {
    id: Generated<number>;
    interview_id: number;
    small_file: string;
    large_file: string;
    width: number;
    height: number;
    uploaded_by: number | null;
    created_at: string;
  };
  /** A live viewer's connection on /viewer (server/audience): append-only, closed once. */
  viewer_sessions: {
    id: Generated<number>;
    session_key: string;
    interview_id: number;
    socket_id: string;
    started_at: string;
    last_seen_at: string;
    ended_at: string | null;
    closed_by: string | null;
  };
  /** A view of the published record, once per browser per site day (server/audience). Append-only. */
  replay_views: {
    id: Generated<number>;
    interview_id: number;
    day: string;
    viewer_key: string;
    at: string;
  };
}
