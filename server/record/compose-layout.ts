/**
 * Where things sit on the 1280×720 program picture: the viewer's layout (viewer/src/components/LiveScreen.svelte
 * and PlayerTile.svelte) measured for a player 1280 CSS pixels wide, so the record looks like what viewers saw.
 */
import type { Layout } from '../../shared/media.js';

export const PROGRAM_WIDTH = 1280;
export const PROGRAM_HEIGHT = 720;
export const PROGRAM_FPS = 30;

/** How a person appears: the whole picture, one half of side by side, or the corner picture of pip. */
export type TileKind = 'full' | 'left' | 'right' | 'inset';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One on-air person as the director set them (the viewer's Program slot without producers). */
export interface OnAirSlot {
  participantId: string;
  name: string;
  title: string;
}

/**
 * The viewer's rule (viewer/src/lib/media/program.ts `compose`): the first slot for `single`, the first two
 * for `side_by_side` and `pip`, and a two-person layout with one person shows as `single`.
 */
export function tilesOf(layout: Layout, slots: readonly OnAirSlot[]): Array<{ slot: OnAirSlot; kind: TileKind }> {
  const tiles = slots.slice(0, layout === 'single' ? 1 : 2);
  const effective: Layout = tiles.length < 2 ? 'single' : layout;
  return tiles.map((slot, i) => ({ slot, kind: tileKind(effective, i) }));
}

function tileKind(layout: Layout, index: number): TileKind {
  if (layout === 'side_by_side') return index === 0 ? 'left' : 'right';
  if (layout === 'pip') return index === 0 ? 'full' : 'inset';
  return 'full';
}

/** The inset's outer box: right 3 %, bottom 4 %, 30 % wide, 16:9 (box-sizing: border-box with a 2 px white border). */
export const INSET_OUTER: Rect = { x: 858, y: 475, w: 384, h: 216 };
export const INSET_BORDER = 2;

/** The area a person's picture is fitted into (object-fit: contain), per tile kind. */
export function tileRect(kind: TileKind): Rect {
  switch (kind) {
    case 'full':
      return { x: 0, y: 0, w: PROGRAM_WIDTH, h: PROGRAM_HEIGHT };
    // grid-template-columns: 1fr 1fr with a 2 px gap.
    case 'left':
      return { x: 0, y: 0, w: 639, h: PROGRAM_HEIGHT };
    case 'right':
      return { x: 641, y: 0, w: 639, h: PROGRAM_HEIGHT };
    case 'inset':
      return {
        x: INSET_OUTER.x + INSET_BORDER,
        y: INSET_OUTER.y + INSET_BORDER,
        w: INSET_OUTER.w - 2 * INSET_BORDER,
        h: INSET_OUTER.h - 2 * INSET_BORDER,
      };
  }
}

/** A lower third's boxes and text positions (figcaption in PlayerTile.svelte). */
export interface LowerThirdBoxes {
  /** The brand-blue bar behind both lines. */
  bar: Rect;
  /** The red rule on its left (border-left: 4px solid var(--live)). */
  rule: Rect;
  /** The darker band behind the 职务 line, if any. */
  titleBand: Rect | null;
  name: { x: number; y: number; size: number; text: string };
  title: { x: number; y: number; size: number; text: string } | null;
}

// font-size: clamp(0.8rem, 1.7cqw, 1.6rem) at 1280 px is 21.8 px; the 职务 is 0.82em; line-height 1.35.
// The inset's lower third is 0.8rem with no vertical padding.
const STYLE = {
  normal: { name: 22, title: 18, padX: 10, padTop: 2, padBottom: 2, margin: 8 },
  inset: { name: 13, title: 11, padX: 6, padTop: 0, padBottom: 0, margin: 4 },
} as const;
const RULE = 4;
const LINE_HEIGHT = 1.35;

/**
 * Estimated advance of a string in Noto Sans CJK at `size` px: Han and full-width characters are one em, Latin
 * about half (measured on the font's common glyphs; the bar is a little generous rather than too short).
 */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x2e80 || (c >= 0x3000 && c <= 0x303f)) em += 1;
    else if (ch === ' ') em += 0.25;
    else if (/[A-Z0-9]/.test(ch)) em += 0.64;
    else em += 0.56;
  }
  return Math.ceil(em * size);
}

/** Cuts a string to fit `max` px with an ellipsis (text-overflow: ellipsis). */
export function fitText(text: string, size: number, max: number): string {
  if (textWidth(text, size) <= max) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(`${chars.join('')}…`, size) > max) chars.pop();
  return `${chars.join('')}…`;
}

/** The lower third of a tile: name on a brand-blue bar, 职务 under it, at the tile's bottom left. */
export function lowerThird(kind: TileKind, name: string, title: string): LowerThirdBoxes {
  const s = kind === 'inset' ? STYLE.inset : STYLE.normal;
  const tile = tileRect(kind);
  const maxText = tile.w - 2 * s.margin - RULE - 2 * s.padX;
  const nameText = fitText(name, s.name, maxText);
  const titleText = title ? fitText(title, s.title, maxText) : '';
  const nameLine = Math.round(s.name * LINE_HEIGHT) + s.padTop + s.padBottom;
  const titleLine = titleText ? Math.round(s.title * LINE_HEIGHT) + s.padBottom : 0;
  const textW = Math.max(textWidth(nameText, s.name), titleText ? textWidth(titleText, s.title) : 0);
  const w = RULE + s.padX + textW + s.padX;
  const h = nameLine + titleLine;
  const x = tile.x + s.margin;
  const y = tile.y + tile.h - s.margin - h;
  // drawtext's y is the top of the line's ascent; Noto's ascent is ~1.16 em, so centre that in the line box.
  const textTop = (line: number, size: number, padTop: number) => Math.round(padTop + (line - padTop - size * 1.16) / 2);
  return {
    bar: { x, y, w, h },
    rule: { x, y, w: RULE, h },
    titleBand: titleText ? { x: x + RULE, y: y + nameLine, w: w - RULE, h: titleLine } : null,
    name: { x: x + RULE + s.padX, y: y + textTop(nameLine - s.padBottom, s.name, s.padTop), size: s.name, text: nameText },
    title: titleText ? { x: x + RULE + s.padX, y: y + nameLine + textTop(titleLine - s.padBottom, s.title, 0), size: s.title, text: titleText } : null,
  };
}

/** The on-air question's strip across the top of the picture (OnAirStrip.svelte at 1280 px). */
export interface OnAirStripBoxes {
  bar: Rect;
  label: { box: Rect; x: number; y: number; text: string };
  /** The question's public wording, wrapped to at most two lines (the last cut with an ellipsis). */
  lines: Array<{ x: number; y: number; text: string }>;
  asker: { x: number; y: number; text: string };
  size: number;
  askerSize: number;
}

// font-size: clamp(13px, 2.6cqw, 26px) is 26 px at 1280; padding 6px 10px; gap 8px; line-height 1.4.
const STRIP = { size: 26, askerSize: 22, padX: 10, padY: 6, gap: 8, labelPad: 6, lineHeight: 1.4 } as const;

/** Wraps text into lines of at most `max` px, at most `count` lines, the last one cut with an ellipsis. */
export function wrapText(text: string, size: number, max: number, count: number): string[] {
  const lines: string[] = [];
  let rest = [...text.replace(/\s+/g, ' ').trim()];
  while (rest.length > 0 && lines.length < count) {
    if (lines.length === count - 1) {
      lines.push(fitText(rest.join(''), size, max));
      break;
    }
    let n = rest.length;
    while (n > 1 && textWidth(rest.slice(0, n).join(''), size) > max) n--;
    lines.push(rest.slice(0, n).join(''));
    rest = rest.slice(n);
  }
  return lines;
}

/** The strip of a question on air: the red 正在回答 label, its wording, who asked, on the brand's dark blue. */
export function onAirStrip(content: string, askedBy: string, label = '正在回答'): OnAirStripBoxes {
  const s = STRIP;
  const line = Math.round(s.size * s.lineHeight);
  const labelW = textWidth(label, s.size) + 2 * s.labelPad;
  const askerText = fitText(askedBy, s.askerSize, 320);
  const askerW = textWidth(askerText, s.askerSize);
  const contentX = s.padX + labelW + s.gap;
  const contentMax = PROGRAM_WIDTH - s.padX - askerW - s.gap - contentX;
  const lines = wrapText(content, s.size, contentMax, 2);
  const h = 2 * s.padY + line * Math.max(1, lines.length);
  // drawtext's y is the top of the ascent (~1.16 em for Noto): centred in each line box, as the lower thirds.
  const textY = (i: number, size: number) => s.padY + i * line + Math.round((line - size * 1.16) / 2);
  return {
    bar: { x: 0, y: 0, w: PROGRAM_WIDTH, h },
    label: { box: { x: s.padX, y: s.padY + 2, w: labelW, h: line - 4 }, x: s.padX + s.labelPad, y: textY(0, s.size), text: label },
    lines: lines.map((text, i) => ({ x: contentX, y: textY(i, s.size), text })),
    asker: { x: PROGRAM_WIDTH - s.padX - askerW, y: textY(0, s.askerSize) + Math.round((s.size - s.askerSize) / 2), text: askerText },
    size: s.size,
    askerSize: s.askerSize,
  };
}
