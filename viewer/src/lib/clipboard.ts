/**
 * Copies text for the "copy link" button. The async Clipboard API needs the iframe to be allowed
 * `clipboard-write` by the embedding page; when it is not, the older selection-based copy still works
 * in most browsers. Resolves to false when neither did, so the caller can ask for a manual copy.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return legacyCopy(text);
  }
}

function legacyCopy(text: string): boolean {
  // Selecting the helper may move focus; a keyboard user must land back on the copy button.
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  // Off-screen but still selectable; a display:none element cannot be selected.
  area.style.position = 'fixed';
  area.style.top = '-1000px';
  document.body.append(area);
  area.select();
  try {
    // Deprecated, yet the only fallback where the Clipboard API is blocked.
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
    focused?.focus();
  }
}
