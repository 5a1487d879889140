/**
 * Parsers for what the `/media` server pushes: one schema per shape, in shared/media.ts. A malformed event
 * is dropped instead of breaking a page.
 */
export { ParticipantList, ParticipantSchema, ProgramSchema, StatsList } from '../../../../shared/media.js';
