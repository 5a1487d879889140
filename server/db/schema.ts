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
}
