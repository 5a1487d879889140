import { z } from 'zod';
import { Layout, type Participant, type ParticipantStats, type Program } from '../../../../shared/media.js';

/**
 * Parsers for what the `/media` server pushes. shared/media.ts only declares these as interfaces; typing
 * the schemas against them keeps both in step, and a malformed event is dropped instead of breaking a page.
 */
const ProducerState = z.object({ id: z.string(), paused: z.boolean() });

export const ParticipantSchema: z.ZodType<Participant> = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['staff', 'guest']),
  state: z.enum(['green_room', 'stage']),
  producers: z.object({ camera: ProducerState.optional(), microphone: ProducerState.optional() }),
  onAir: z.boolean(),
});
export const ParticipantList = z.array(ParticipantSchema);

export const ProgramSchema: z.ZodType<Program> = z.object({
  live: z.boolean(),
  layout: Layout,
  slots: z.array(
    z.object({
      participantId: z.string(),
      name: z.string(),
      audioProducerId: z.string().nullable(),
      videoProducerId: z.string().nullable(),
    }),
  ),
});

export const StatsList: z.ZodType<ParticipantStats[]> = z.array(
  z.object({
    participantId: z.string(),
    connectionState: z.string(),
    bitrateKbps: z.number(),
    packetLossPercent: z.number(),
    resolution: z.string().nullable(),
  }),
);
