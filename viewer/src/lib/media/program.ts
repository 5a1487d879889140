import type { Layout, Program } from '../contract.js';

export type Slot = Program['slots'][number];

/** How the picture is composed on screen: `single` also covers a two-person layout with one person. */
export interface Composition {
  layout: Layout;
  tiles: Slot[];
}

/** Program slots shown as tiles: the first for `single`, the first two for `side_by_side` and `pip`. */
export function compose(program: Program): Composition {
  const tiles = program.slots.slice(0, program.layout === 'single' ? 1 : 2);
  return { layout: tiles.length < 2 ? 'single' : program.layout, tiles };
}

/** Whether there is anything to play: live, with at least one producer on air. */
export function hasMedia(program: Program | null): boolean {
  return !!program?.live && program.slots.some((s) => s.audioProducerId || s.videoProducerId);
}

/**
 * The producers a viewer receives: the pictures it shows, and the sound of everyone on air (a host
 * heard off-picture while the guest fills the screen is still part of the broadcast).
 */
export function wantedProducers(program: Program | null): Set<string> {
  const wanted = new Set<string>();
  if (!program?.live) return wanted;
  for (const slot of compose(program).tiles) if (slot.videoProducerId) wanted.add(slot.videoProducerId);
  for (const slot of program.slots) if (slot.audioProducerId) wanted.add(slot.audioProducerId);
  return wanted;
}

/** The simulcast layer worth receiving for a tile this wide (CSS pixels): small tiles need no HD stream. */
export function layerForWidth(width: number): 0 | 1 | 2 {
  if (width < 400) return 0;
  if (width < 800) return 1;
  return 2;
}
