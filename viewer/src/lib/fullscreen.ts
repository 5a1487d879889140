/**
 * The Fullscreen API, with the `webkit` prefix older Safari (and iPadOS before 16.4) still needs.
 * iPhones offer no element fullscreen at all: there the button is simply not shown.
 */
type WebkitDocument = Document & { webkitFullscreenEnabled?: boolean; webkitFullscreenElement?: Element | null; webkitExitFullscreen?: () => Promise<void> };
type WebkitElement = HTMLElement & { webkitRequestFullscreen?: () => Promise<void> };

const doc = () => document as WebkitDocument;

export function fullscreenSupported(): boolean {
  return !!(document.fullscreenEnabled || doc().webkitFullscreenEnabled);
}

export function fullscreenElement(): Element | null {
  return document.fullscreenElement ?? doc().webkitFullscreenElement ?? null;
}

/** Puts the element in fullscreen, or leaves fullscreen if it already is. */
export async function toggleFullscreen(element: HTMLElement): Promise<void> {
  if (fullscreenElement() === element) {
    await (document.exitFullscreen?.() ?? doc().webkitExitFullscreen?.());
  } else {
    const el = element as WebkitElement;
    await (el.requestFullscreen?.() ?? el.webkitRequestFullscreen?.());
  }
}

/** Calls back whenever any element enters or leaves fullscreen; returns a function that stops. */
export function onFullscreenChange(callback: () => void): () => void {
  document.addEventListener('fullscreenchange', callback);
  document.addEventListener('webkitfullscreenchange', callback);
  return () => {
    document.removeEventListener('fullscreenchange', callback);
    document.removeEventListener('webkitfullscreenchange', callback);
  };
}
