// Whether a mouse or pen button is held down somewhere on the page. Focus that arrives during a press
// belongs to the press, which selects on its click instead.
let pressing = false;
let tracking = false;

function track(): void {
  if (tracking) return;
  tracking = true;
  window.addEventListener('pointerdown', () => (pressing = true), true);
  // A drag ends the press without a pointerup (Chromium cancels the pointer when the drag starts).
  for (const type of ['pointerup', 'pointercancel', 'dragend'] as const) window.addEventListener(type, () => (pressing = false), true);
}

/** The handlers a question card spreads onto itself to be selected when it is used. */
export interface SelectOnUse {
  onfocusin: () => void;
  onclickcapture: () => void;
}

/**
 * Selects a card when it is used: as soon as focus reaches it from the keyboard (Tab, J/K), and when a pointer
 * press on it ends in a click.
 *
 * Why not on focus alone: a mouse press focuses at mousedown, and selecting a card changes the layout (hints
 * join its buttons, the history row of the card selected before goes away), so the button under the pointer
 * moves before mouseup and the first click never reaches it. Selecting at the click keeps the page still for
 * the whole press. In the capture phase, so the card is selected before the pressed button acts, as it was
 * when focus selected it (an action may then move the selection on, e.g. to the next question).
 */
export function selectOnUse(select: () => void): SelectOnUse {
  track();
  return {
    onfocusin: () => {
      if (!pressing) select();
    },
    onclickcapture: select,
  };
}
