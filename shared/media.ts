import { z } from 'zod';
import type { Ack } from './errors.js';

/**
 * Live video and audio signalling over Socket.IO namespace `/media`. mediasoup's own parameter objects
 * (RTP capabilities, DTLS and RTP parameters) pass through as opaque objects: the media module validates
 * them with mediasoup itself; zod only checks the envelope.
 */

/** Who is connecting: a netizen viewer, a staff member (session cookie), or a remote guest (invite token). */
export const MediaHandshake = z.union([
  z.object({ as: z.literal('viewer'), interview: z.string().min(1).max(64) }),
  z.object({ as: z.literal('staff'), interviewId: z.number().int().positive() }),
  z.object({ as: z.literal('guest'), invite: z.string().min(10).max(100) }),
]);
export type MediaHandshake = z.infer<typeof MediaHandshake>;

const Opaque = z.record(z.string(), z.unknown());
const Id = z.string().min(1).max(64);

export const TransportDirection = z.enum(['send', 'recv']);
export const CreateTransport = z.object({ direction: TransportDirection });
export const ConnectTransport = z.object({ transportId: Id, dtlsParameters: Opaque });
export const RestartIce = z.object({ transportId: Id });
export const MediaSource = z.enum(['camera', 'microphone']);
export type MediaSource = z.infer<typeof MediaSource>;
export const Produce = z.object({
  transportId: Id,
  kind: z.enum(['audio', 'video']),
  rtpParameters: Opaque,
  source: MediaSource,
});
export const ProducerRef = z.object({ producerId: Id });
export const Consume = z.object({ transportId: Id, producerId: Id, rtpCapabilities: Opaque });
export const ConsumerRef = z.object({ consumerId: Id });
export const SetLayers = z.object({ consumerId: Id, spatialLayer: z.number().int().min(0).max(2) });
export const ParticipantRef = z.object({ participantId: Id });

export const LAYOUTS = ['single', 'side_by_side', 'pip'] as const;
export const Layout = z.enum(LAYOUTS);
export type Layout = z.infer<typeof Layout>;
/** What the director puts on air: participants in order (the first is the main picture) and the layout. */
export const ProgramSet = z.object({ participantIds: z.array(Id).max(4), layout: Layout });
export type ProgramSet = z.infer<typeof ProgramSet>;

export interface TransportOptions {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
}

export interface ConsumerOptions {
  id: string;
  producerId: string;
  kind: 'audio' | 'video';
  rtpParameters: unknown;
}

export const ParticipantState = z.enum(['green_room', 'stage']);
export type ParticipantState = z.infer<typeof ParticipantState>;

const ProducerState = z.object({ id: z.string(), paused: z.boolean() });

/** A person who publishes: the host or director from the studio, or a remote guest. */
export const ParticipantSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['staff', 'guest']),
  state: ParticipantState,
  /** False while the person's connection is gone; they keep their place and come back to it. */
  connected: z.boolean(),
  producers: z.object({ camera: ProducerState.optional(), microphone: ProducerState.optional() }),
  onAir: z.boolean(),
});
export type Participant = z.infer<typeof ParticipantSchema>;
export const ParticipantList = z.array(ParticipantSchema);

/** Per-participant figures the director watches. */
export const ParticipantStatsSchema = z.object({
  participantId: z.string(),
  connectionState: z.string(),
  bitrateKbps: z.number(),
  packetLossPercent: z.number(),
  resolution: z.string().nullable(),
});
export type ParticipantStats = z.infer<typeof ParticipantStatsSchema>;
export const StatsList = z.array(ParticipantStatsSchema);

/** What viewers play: producers per slot, in layout order. Only connected participants appear. */
export const ProgramSchema = z.object({
  live: z.boolean(),
  layout: Layout,
  slots: z.array(
    z.object({
      participantId: z.string(),
      name: z.string(),
      /** 职务 for the lower third ('' for none): the guest's from the interview, or the staff account's title. */
      title: z.string().default(''),
      audioProducerId: z.string().nullable(),
      videoProducerId: z.string().nullable(),
    }),
  ),
});
export type Program = z.infer<typeof ProgramSchema>;

export interface MediaServerEvents {
  program: (p: Program) => void;
  /** Stage and director only. */
  participants: (p: Participant[]) => void;
  /** The media worker behind this room was replaced: rebuild transports. */
  reconnect: () => void;
  /**
   * The interview ended: the room is closed and this connection is about to be dropped. Do not
   * reconnect; a guest's page stops camera and microphone and thanks them.
   */
  ended: () => void;
}

export interface MediaClientEvents {
  rtpCapabilities: (p: unknown, ack: (r: Ack<unknown>) => void) => void;
  'transport:create': (p: z.input<typeof CreateTransport>, ack: (r: Ack<TransportOptions>) => void) => void;
  'transport:connect': (p: z.input<typeof ConnectTransport>, ack: (r: Ack<null>) => void) => void;
  'transport:restartIce': (p: z.input<typeof RestartIce>, ack: (r: Ack<{ iceParameters: unknown }>) => void) => void;
  /** Stage participants: join (staff straight on stage, guests into the green room). */
  'stage:join': (p: { name?: string }, ack: (r: Ack<Participant>) => void) => void;
  /** Leave the stage for good (off the program too); a dropped connection keeps the place instead. */
  'stage:leave': (p: unknown, ack: (r: Ack<null>) => void) => void;
  produce: (p: z.input<typeof Produce>, ack: (r: Ack<{ id: string }>) => void) => void;
  'producer:pause': (p: z.input<typeof ProducerRef>, ack: (r: Ack<null>) => void) => void;
  'producer:resume': (p: z.input<typeof ProducerRef>, ack: (r: Ack<null>) => void) => void;
  consume: (p: z.input<typeof Consume>, ack: (r: Ack<ConsumerOptions>) => void) => void;
  'consumer:resume': (p: z.input<typeof ConsumerRef>, ack: (r: Ack<null>) => void) => void;
  'consumer:setLayers': (p: z.input<typeof SetLayers>, ack: (r: Ack<null>) => void) => void;
  /** Director: */
  'stage:admit': (p: z.input<typeof ParticipantRef>, ack: (r: Ack<null>) => void) => void;
  'stage:remove': (p: z.input<typeof ParticipantRef>, ack: (r: Ack<null>) => void) => void;
  'program:set': (p: z.input<typeof ProgramSet>, ack: (r: Ack<Program>) => void) => void;
  stats: (p: unknown, ack: (r: Ack<ParticipantStats[]>) => void) => void;
}
