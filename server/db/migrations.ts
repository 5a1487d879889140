import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { entryHash, GENESIS_HASH, type ChainedEntry } from '../audit/chain.js';

/** Versioned migrations, applied in name order on start. Never edit one that has shipped: add another. */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('interviews')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('scheduled_start', 'text', (c) => c.notNull())
        .addColumn('scheduled_end', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('pre_moderation', 'integer', (c) => c.notNull())
        .addColumn('guests', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('questions')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('original_content', 'text', (c) => c.notNull())
        .addColumn('public_content', 'text', (c) => c.notNull())
        .addColumn('nickname', 'text', (c) => c.notNull())
        .addColumn('contact', 'text')
        .addColumn('ticket_hash', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('flags', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('merged_into', 'integer')
        .addColumn('queue_position', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('answered_at', 'text')
        .execute();
      await db.schema.createIndex('questions_interview').on('questions').columns(['interview_id', 'status']).execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'integer')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'integer')
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('reason', 'text')
        .execute();
      await db.schema.createIndex('audit_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
      // The audit log is append-only by construction, not by convention: the database refuses changes.
      await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      await db.schema.createTable('sensitive_words').addColumn('word', 'text', (c) => c.primaryKey()).execute();
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_invites': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('invites')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('guest_name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
    },
  },
  '0003_broadcast_lifecycle': {
    async up(db: Kysely<unknown>) {
      // When the broadcast ended: an admin may reopen it until the end of that day (the site's zone).
      await db.schema.alterTable('interviews').addColumn('ended_at', 'text').execute();
      // Interviews ended before this column existed: their last change is the best record of the end.
      await sql`UPDATE interviews SET ended_at = updated_at WHERE status = 'ended'`.execute(db);
    },
  },
  '0004_audit_chain': {
    async up(db: Kysely<unknown>) {
      // One transaction: the log is never left without its update trigger, nor half chained.
      await db.transaction().execute(async (trx) => {
        await sql`ALTER TABLE audit_log ADD COLUMN hash TEXT`.execute(trx);
        // The entries from before get their hash, in id order; nothing else of them changes.
        await sql`DROP TRIGGER audit_log_no_update`.execute(trx);
        let previous = GENESIS_HASH;
        let lastId = 0;
        for (;;) {
          const { rows } = await sql<ChainedEntry>`SELECT id, at, actor_id, actor_name, action, entity, entity_id, before, after, reason
            FROM audit_log WHERE id > ${lastId} ORDER BY id LIMIT 1000`.execute(trx);
          if (rows.length === 0) break;
          for (const row of rows) {
            previous = entryHash(previous, row);
            await sql`UPDATE audit_log SET hash = ${previous} WHERE id = ${row.id}`.execute(trx);
            lastId = row.id;
          }
        }
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(trx);
        // INSERT OR REPLACE deletes the old row without firing DELETE triggers (unless recursive_triggers is
        // on, which is a setting of each connection): refuse an insert of an id that exists, whoever connects.
        await sql`CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
          WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(trx);
        // An entry without its hash was written around recordAudit and would break the chain for good.
        await sql`CREATE TRIGGER audit_log_hash_required BEFORE INSERT ON audit_log WHEN NEW.hash IS NULL
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: an entry needs its chain hash'); END`.execute(trx);
      });
    },
  },
  '0005_accounts': {
    async up(db: Kysely<unknown>) {
      // Existing accounts keep working as they are: only passwords set from now on can be marked.
      await db.schema
        .alterTable('users')
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // The periodic purge deletes by expiry, and a password change deletes a user's other sessions.
      await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    },
  },
  '0006_housekeeping': {
    async up(db: Kysely<unknown>) {
      // Created in 0001 for settings that never came: the word list has its own table and the rest is
      // configuration read at start. A table nothing reads only misleads whoever opens the file.
      await db.schema.dropTable('settings').ifExists().execute();
    },
  },
  '0007_units': {
    async up(db: Kysely<unknown>) {
      // One transaction: an interview is never left pointing at no unit, nor the list half filled.
      await db.transaction().execute(async (trx) => {
        await trx.schema
          .createTable('units')
          .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        // The list starts as the units the interviews already name, each text once, in the order first used.
        const now = new Date().toISOString();
        await sql`INSERT INTO units (name, active, created_at, updated_at)
          SELECT unit, 1, ${now}, ${now} FROM interviews GROUP BY unit ORDER BY MIN(id)`.execute(trx);
        // interviews.unit stays as the unit's name (a copy kept in step on rename), so the public view is unchanged.
        await sql`ALTER TABLE interviews ADD COLUMN unit_id INTEGER REFERENCES units(id)`.execute(trx);
        await sql`UPDATE interviews SET unit_id = (SELECT id FROM units WHERE units.name = interviews.unit)`.execute(trx);
        await trx.schema.createIndex('interviews_unit').on('interviews').column('unit_id').execute();
        // A liaison (单位联络员) is bound to one unit; the other roles have none.
        await sql`ALTER TABLE users ADD COLUMN unit_id INTEGER REFERENCES units(id)`.execute(trx);
      });
    },
  },
  '0008_captions': {
    async up(db: Kysely<unknown>) {
      await db.transaction().execute(async (trx) => {
        // The broadcast clock's zero: set when the interview first goes live, kept across a reopen, so a cue's
        // time stays where it was on the replay.
        await sql`ALTER TABLE interviews ADD COLUMN broadcast_started_at TEXT`.execute(trx);
        // The primary track (zh-CN) is implicit; these are the others an editor added (e.g. en).
        await trx.schema
          .createTable('caption_tracks')
          .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
          .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
          .addColumn('lang', 'text', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('removed_at', 'text')
          .addUniqueConstraint('caption_tracks_lang', ['interview_id', 'lang'])
          .execute();
        // One row per line, written when the line begins (its id and seq are fixed then); partials live in
        // memory only. state: open (being typed), final, withdrawn, abandoned (an empty or orphaned line).
        await trx.schema
          .createTable('caption_cues')
          .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
          .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
          .addColumn('track', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('speaker_name', 'text')
          .addColumn('speaker_title', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('start_ms', 'integer', (c) => c.notNull())
          .addColumn('end_ms', 'integer')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('author_user_id', 'integer', (c) => c.references('users.id'))
          .addColumn('author_token_id', 'integer')
          .addColumn('author_name', 'text', (c) => c.notNull())
          .addColumn('revised', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('caption_cues_seq', ['interview_id', 'track', 'seq'])
          .execute();
        await trx.schema.createIndex('caption_cues_state').on('caption_cues').columns(['interview_id', 'state']).execute();
        // Outside captioners' tokens: only the hash is kept, so a copy of the file posts nothing.
        await trx.schema
          .createTable('caption_ingest_tokens')
          .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
          .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
          .addColumn('track', 'text', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .addColumn('last_used_at', 'text')
          .execute();
        // An interview already live when this runs starts its clock now (before, nothing recorded when).
        const now = new Date().toISOString();
        await sql`UPDATE interviews SET broadcast_started_at = ${now} WHERE status IN ('live', 'ended')`.execute(trx);
      });
    },
  },
  '0009_livetext': {
    async up(db: Kysely<unknown>) {
      // One transaction: the entries never exist without the interview field that says who approves them.
      await db.transaction().execute(async (trx) => {
        // 图文直播 approval (把好政策关): 'none' publishes at once, 'reviewer' or 'liaison' holds each entry.
        await sql`ALTER TABLE interviews ADD COLUMN live_text_approval TEXT NOT NULL DEFAULT 'none'`.execute(trx);
        await trx.schema
          .createTable('livetext_entries')
          .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
          .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
          // JSON { name, title } or null.
          .addColumn('speaker', 'text')
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('author_id', 'integer', (c) => c.references('users.id'))
          .addColumn('author_name', 'text', (c) => c.notNull())
          .addColumn('approver_id', 'integer', (c) => c.references('users.id'))
          .addColumn('approver_name', 'text')
          .addColumn('reason', 'text')
          .addColumn('revised', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('published_at', 'text')
          .execute();
        await trx.schema.createIndex('livetext_entries_interview').on('livetext_entries').columns(['interview_id', 'status']).execute();
        await trx.schema
          .createTable('livetext_photos')
          .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
          .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
          // Null from the upload until an entry takes it.
          .addColumn('entry_id', 'integer', (c) => c.references('livetext_entries.id'))
          .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('alt', 'text', (c) => c.notNull())
          // The stored files' names under the photo directory, one per display width.
          .addColumn('small_file', 'text', (c) => c.notNull().unique())
          .addColumn('large_file', 'text', (c) => c.notNull().unique())
          // The large file's size, orientation applied.
          .addColumn('width', 'integer', (c) => c.notNull())
          .addColumn('height', 'integer', (c) => c.notNull())
          // JSON { small: { width, height, bytes }, large: { … } }.
          .addColumn('sizes', 'text', (c) => c.notNull())
          .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await trx.schema.createIndex('livetext_photos_entry').on('livetext_photos').column('entry_id').execute();
      });
    },
  },
  '0010_crew_chat': {
    async up(db: Kysely<unknown>) {
      // The crew back channel (内部沟通). The author's name and role are copied onto the message: a message
      // reads as what it was when sent (“导播 王伟”), even after the account is renamed or changes role.
      await db.schema
        .createTable('crew_messages')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('author_role', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // History is read per interview, by id, backwards from the newest.
      await db.schema.createIndex('crew_messages_interview').on('crew_messages').columns(['interview_id', 'id']).execute();
    },
  },
  '0011_staff_title': {
    async up(db: Kysely<unknown>) {
      // 职务 shown under a staff member's name on the picture (lower third) and beside the host's captions;
      // existing accounts start without one and show their name alone.
      await db.schema.alterTable('users').addColumn('title', 'text', (c) => c.notNull().defaultTo('')).execute();
    },
  },
  '0012_record': {
    async up(db: Kysely<unknown>) {
      // The composed program of an interview (one per interview, re-composed in place), and each time its
      // record was published. A publication is a frozen folder of files: later edits change nothing public
      // until the admin publishes again; unpublishing keeps the row (who, when) and only hides it.
      await db.schema
        .createTable('record_programs')
        .addColumn('interview_id', 'integer', (c) => c.primaryKey().references('interviews.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('path', 'text')
        .addColumn('duration_ms', 'integer')
        .addColumn('bytes', 'integer')
        .addColumn('spans', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('error', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('composed_at', 'text')
        .execute();
      await db.schema
        .createTable('record_publications')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('dir', 'text', (c) => c.notNull())
        .addColumn('manifest', 'text', (c) => c.notNull())
        .addColumn('no_subtitles_reason', 'text')
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('published_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('unpublished_at', 'text')
        .addColumn('unpublished_by', 'integer', (c) => c.references('users.id'))
        .addUniqueConstraint('record_publications_version', ['interview_id', 'version'])
        .execute();
    },
  },
  '0013_recording_capture': {
    async up(db: Kysely<unknown>) {
      // The capture of a broadcast (server/recording): whether to record, the stretches it was on, every raw
      // segment written (probed once closed), and what was on air when. Segments of a crash are found on
      // disk at the next start and added then; nothing here is needed to read the files themselves.
      await db.schema
        .createTable('recordings')
        .addColumn('interview_id', 'integer', (c) => c.primaryKey().references('interviews.id'))
        .addColumn('when_live', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('stopped_reason', 'text')
        .addColumn('completed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('recording_spans')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('start_ms', 'integer', (c) => c.notNull())
        .addColumn('end_ms', 'integer')
        .execute();
      await db.schema
        .createTable('recording_segments')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('participant_id', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull().unique())
        .addColumn('wall_start_ms', 'integer', (c) => c.notNull())
        .addColumn('duration_ms', 'integer')
        .addColumn('has_audio', 'integer', (c) => c.notNull())
        .addColumn('has_video', 'integer', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('recording_timeline')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('at_ms', 'integer', (c) => c.notNull())
        .addColumn('layout', 'text', (c) => c.notNull())
        .addColumn('slots', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('recording_segments_interview').on('recording_segments').columns(['interview_id', 'wall_start_ms']).execute();
      await db.schema.createIndex('recording_timeline_interview').on('recording_timeline').columns(['interview_id', 'at_ms']).execute();
    },
  },
  '0015_record_subtitles': {
    async up(db: Kysely<unknown>) {
      // The record's in and out points (one row per interview, absent = the whole program), and the replay's
      // subtitles. A track has no rows here while its cues are still the live captions mapped onto the
      // program; the first edit or import stores them all (record_subtitle_tracks says so), and from then on
      // the editor's version is the track's, whatever the live captions later say.
      await db.schema
        .createTable('record_trims')
        .addColumn('interview_id', 'integer', (c) => c.primaryKey().references('interviews.id'))
        .addColumn('in_ms', 'integer', (c) => c.notNull())
        .addColumn('out_ms', 'integer')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
        .execute();
      await db.schema
        .createTable('record_subtitle_tracks')
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('track', 'text', (c) => c.notNull())
        .addColumn('edited_at', 'text', (c) => c.notNull())
        .addColumn('edited_by', 'integer', (c) => c.references('users.id'))
        .addPrimaryKeyConstraint('record_subtitle_tracks_pk', ['interview_id', 'track'])
        .execute();
      await db.schema
        .createTable('record_cues')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('track', 'text', (c) => c.notNull())
        .addColumn('start_ms', 'integer', (c) => c.notNull())
        .addColumn('end_ms', 'integer', (c) => c.notNull())
        .addColumn('speaker', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_cues_track').on('record_cues').columns(['interview_id', 'track', 'start_ms']).execute();
    },
  },
  '0016_record_publish': {
    async up(db: Kysely<unknown>) {
      // When each question went on air and came off it: the record's chapters and the transcript's questions
      // need the moment, and the question row keeps only its latest state. Older interviews fall back to the
      // audit log's on_air transitions (server/record/airings.ts).
      await db.schema
        .createTable('question_airings')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('question_id', 'integer', (c) => c.notNull().references('questions.id'))
        .addColumn('on_air_at', 'text', (c) => c.notNull())
        .addColumn('off_air_at', 'text')
        .execute();
      await db.schema.createIndex('question_airings_interview').on('question_airings').columns(['interview_id', 'on_air_at']).execute();
      // The 文字实录 as the editors left it: assembled once from the live record, then edited as a document.
      await db.schema
        .createTable('record_transcripts')
        .addColumn('interview_id', 'integer', (c) => c.primaryKey().references('interviews.id'))
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('generated_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
        .execute();
    },
  },
  '0017_yearly_cycle': {
    async up(db: Kysely<unknown>) {
      // The annual plan (年度计划): one row per planned interview, kept as the table said it and as dates.
      await db.schema
        .createTable('plan_entries')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('time_text', 'text', (c) => c.notNull())
        .addColumn('window_start', 'text', (c) => c.notNull())
        .addColumn('window_end', 'text', (c) => c.notNull())
        .addColumn('interview_id', 'integer', (c) => c.references('interviews.id'))
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('plan_entries_year').on('plan_entries').columns(['year', 'seq']).execute();
      // 书面答复: one per question handed to its unit when the broadcast ended. Times are set once, never edited.
      await db.schema
        .createTable('written_replies')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('question_id', 'integer', (c) => c.notNull().unique().references('questions.id'))
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        // 受理日期 (the interview's day, site calendar) and the deadline it gives (5 working days later).
        .addColumn('accepted_on', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text', (c) => c.notNull())
        .addColumn('assigned_at', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('drafted_by', 'integer', (c) => c.references('users.id'))
        .addColumn('submitted_at', 'text')
        .addColumn('return_reason', 'text')
        .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
        .addColumn('published_at', 'text')
        // 答复日期 (site calendar) and 答复部门 as published.
        .addColumn('replied_on', 'text')
        .addColumn('answering_unit', 'text')
        .addColumn('notified_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('written_replies_unit').on('written_replies').columns(['unit_id', 'status', 'due_on']).execute();
      await db.schema.createIndex('written_replies_interview').on('written_replies').columns(['interview_id']).execute();
      // The admin's corrections of the working calendar (a year the holiday library does not know yet).
      await db.schema
        .createTable('calendar_overrides')
        .addColumn('date', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('set_by', 'integer', (c) => c.references('users.id'))
        .addColumn('set_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0018_receipts': {
    async up(db: Kysely<unknown>) {
      // 回执: one per interview, made when the admin sets its due date or the unit first saves it.
      await db.schema
        .createTable('receipts')
        .addColumn('interview_id', 'integer', (c) => c.primaryKey().references('interviews.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text')
        .addColumn('topic', 'text', (c) => c.notNull().defaultTo(''))
        // The persons as a JSON array (role, name, title, bio, photoId): read and written whole with the form.
        .addColumn('persons', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('contact_name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('contact_phone', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('contact_email', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        // The outline (访谈提纲): a stored file under DATA_DIR, its original name, type and size.
        .addColumn('outline_file', 'text')
        .addColumn('outline_name', 'text')
        .addColumn('outline_type', 'text')
        .addColumn('outline_bytes', 'integer')
        .addColumn('outline_at', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
        .addColumn('return_reason', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // Photos uploaded for a 回执's persons; a person names one by id.
      await db.schema
        .createTable('receipt_photos')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('small_file', 'text', (c) => c.notNull().unique())
        .addColumn('large_file', 'text', (c) => c.notNull().unique())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('receipt_photos_interview').on('receipt_photos').columns(['interview_id']).execute();
    },
  },
  '0019_previews_votes': {
    async up(db: Kysely<unknown>) {
      // 预提问: whether a question came in before the broadcast first went live, fixed at submission.
      await db.schema.alterTable('questions').addColumn('asked_in_advance', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // 预告: one per interview; topic, unit, guests and time stay the interview's own.
      await db.schema
        .createTable('interview_previews')
        .addColumn('interview_id', 'integer', (c) => c.primaryKey().references('interviews.id'))
        .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('poster_small', 'text')
        .addColumn('poster_large', 'text')
        .addColumn('poster_width', 'integer')
        .addColumn('poster_height', 'integer')
        .addColumn('poster_alt', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('published_at', 'text')
        .addColumn('published_by', 'integer', (c) => c.references('users.id'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // 选题投票: one vote per interview, its candidates, and one ballot per voter token (hashed).
      await db.schema
        .createTable('topic_votes')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('interview_id', 'integer', (c) => c.notNull().unique().references('interviews.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('closes_at', 'text')
        .addColumn('results_public', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('picked_candidate_id', 'integer')
        .addColumn('opened_by', 'integer', (c) => c.references('users.id'))
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .execute();
      await db.schema
        .createTable('topic_vote_candidates')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('vote_id', 'integer', (c) => c.notNull().references('topic_votes.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('topic_vote_ballots')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('vote_id', 'integer', (c) => c.notNull().references('topic_votes.id'))
        .addColumn('candidate_id', 'integer', (c) => c.notNull().references('topic_vote_candidates.id'))
        .addColumn('voter_hash', 'text', (c) => c.notNull())
        .addColumn('cast_at', 'text', (c) => c.notNull())
        // The database itself refuses a second ballot from one browser, whatever races the service.
        .addUniqueConstraint('topic_vote_ballots_once', ['vote_id', 'voter_hash'])
        .execute();
      await db.schema.createIndex('topic_vote_ballots_count').on('topic_vote_ballots').columns(['vote_id', 'candidate_id']).execute();
    },
  },
  '0020_replies': {
    async up(db: Kysely<unknown>) {
      // The e-mail telling an asker of a published reply (书面答复) is retried after a failure, a bounded number
      // of times: the attempts and the last error say why an asker was not told.
      await db.schema.alterTable('written_replies').addColumn('notify_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('written_replies').addColumn('notify_error', 'text').execute();
    },
  },
  '0021_plan': {
    async up(db: Kysely<unknown>) {
      // A 序号 names one row of a year's plan: two admins adding the same one at once cannot both succeed.
      await db.schema.createIndex('plan_entries_year_seq_unique').on('plan_entries').columns(['year', 'seq']).unique().execute();
      // The audit log's filters (date range, actor, action) on a log of years of entries.
      await db.schema.createIndex('audit_at').on('audit_log').column('at').execute();
      await db.schema.createIndex('audit_actor').on('audit_log').columns(['actor_id', 'id']).execute();
      await db.schema.createIndex('audit_action').on('audit_log').columns(['action', 'id']).execute();
    },
  },
  '0022_audience': {
    async up(db: Kysely<unknown>) {
      // The audience (考核 statistics): what the numbers are counted from. Append-only, like the audit log.
      // One row per connection of a live viewer on /viewer. socket_id survives a brief reconnect (Socket.IO's
      // connection-state recovery), so distinct socket_ids are distinct viewers. last_seen_at is the heartbeat a
      // crash leaves behind: at boot an open session is closed there.
      await db.schema
        .createTable('viewer_sessions')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('session_key', 'text', (c) => c.notNull().unique())
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('socket_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        // 'disconnect' | 'shutdown' | 'boot' (closed at the last heartbeat after a crash).
        .addColumn('closed_by', 'text')
        .execute();
      await db.schema.createIndex('viewer_sessions_interview').on('viewer_sessions').columns(['interview_id', 'started_at']).execute();
      await db.schema.createIndex('viewer_sessions_open').on('viewer_sessions').column('ended_at').where(sql.ref('ended_at'), 'is', null).execute();
      // A session's start, interview and socket never change; its end is written once; the heartbeat only
      // moves forward while it is open.
      await sql`CREATE TRIGGER viewer_sessions_immutable BEFORE UPDATE ON viewer_sessions
        WHEN OLD.ended_at IS NOT NULL OR NEW.started_at IS NOT OLD.started_at OR NEW.interview_id IS NOT OLD.interview_id
          OR NEW.socket_id IS NOT OLD.socket_id OR NEW.session_key IS NOT OLD.session_key OR NEW.last_seen_at < OLD.last_seen_at
        BEGIN SELECT RAISE(ABORT, 'viewer_sessions: a session is closed once and its times never change'); END`.execute(db);
      await sql`CREATE TRIGGER viewer_sessions_no_delete BEFORE DELETE ON viewer_sessions
        BEGIN SELECT RAISE(ABORT, 'viewer_sessions is append-only'); END`.execute(db);
      // A view of the published record (回放): one per browser (address + user agent, hashed with a salt) per
      // site-calendar day and interview.
      await db.schema
        .createTable('replay_views')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('interview_id', 'integer', (c) => c.notNull().references('interviews.id'))
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('viewer_key', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addUniqueConstraint('replay_views_once_a_day', ['interview_id', 'day', 'viewer_key'])
        .execute();
      await sql`CREATE TRIGGER replay_views_no_update BEFORE UPDATE ON replay_views
        BEGIN SELECT RAISE(ABORT, 'replay_views is append-only'); END`.execute(db);
      await sql`CREATE TRIGGER replay_views_no_delete BEFORE DELETE ON replay_views
        BEGIN SELECT RAISE(ABORT, 'replay_views is append-only'); END`.execute(db);
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
