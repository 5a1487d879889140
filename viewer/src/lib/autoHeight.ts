/**
 * Tells the embedding page how tall the content is, so embed.js can size the iframe and the portal
 * never shows a second scroll bar. The message holds nothing private, hence targetOrigin '*': the
 * widget does not know (and need not know) which portal embeds it.
 */
export const HEIGHT_MESSAGE = 'fangtan:height';

/** Starts reporting the body's height to the parent window; returns a function that stops. */
export function startAutoHeight(): () => void {
  if (window.parent === window) return () => {};
  let last = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const report = () => {
    timer = undefined;
    // The body's own box, not documentElement.scrollHeight: the latter is never smaller than the
    // iframe's viewport, so the iframe could grow but never shrink again.
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
  };
  const schedule = () => {
    timer ??= setTimeout(report, 50);
  };

  // ResizeObserver alone is not enough: Chrome stops rendering a cross-origin iframe that is scrolled
  // out of view, and ResizeObserver only fires while rendering. A second embed further down the portal
  // would then stay at its "loading" height. DOM mutations are seen regardless, and reading the
  // layout from a timer forces it to be computed.
  const resizes = new ResizeObserver(schedule);
  resizes.observe(document.body);
  const mutations = new MutationObserver(schedule);
  mutations.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  window.addEventListener('resize', schedule);
  window.addEventListener('load', schedule);
  void document.fonts?.ready.then(schedule);
  report();

  return () => {
    resizes.disconnect();
    mutations.disconnect();
    window.removeEventListener('resize', schedule);
    window.removeEventListener('load', schedule);
    clearTimeout(timer);
  };
}
