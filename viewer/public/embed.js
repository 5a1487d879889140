/*!
 * fangtan embed script: puts one online interview (在线访谈) into a portal page.
 *
 *   <script src="https://FANGTAN-HOST/embed.js" data-interview="SLUG" data-lang="en"></script>
 *
 * It inserts an iframe right after its own <script> tag and keeps the iframe as tall as the interview
 * page inside it, so the portal shows no second scroll bar. Several embeds on one page each manage
 * their own iframe. ES5 syntax, no dependencies, no cookies: it runs on portals we do not control.
 */
(function () {
  'use strict';

  // document.currentScript is the tag now running. It is null only in unusual loaders, so fall back
  // to the first fangtan tag that has not been handled yet.
  var script = document.currentScript;
  if (!script || !script.getAttribute('data-interview')) {
    script = document.querySelector('script[data-interview]:not([data-fangtan-embedded])');
  }
  if (!script || script.getAttribute('data-fangtan-embedded') !== null) return;
  script.setAttribute('data-fangtan-embedded', '');

  // The fangtan origin is wherever this script came from; the interview page lives on the same host.
  var origin;
  try {
    origin = new URL(script.src, location.href).origin;
  } catch (e) {
    return;
  }

  var slug = script.getAttribute('data-interview') || '';
  // Same rule as the server's slugs; anything else is a typo on the portal page, not a path to follow.
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug)) {
    if (window.console) console.error('fangtan embed: data-interview must be an interview slug, got "' + slug + '"');
    return;
  }
  var english = /^en/i.test(script.getAttribute('data-lang') || '');

  var iframe = document.createElement('iframe');
  iframe.src = origin + '/v/' + slug + (english ? '?lang=en' : '');
  iframe.title = english ? 'Online interview' : '在线访谈';
  // Until the page reports its height, a reasonable first guess avoids a 150px sliver.
  iframe.style.cssText = 'display:block;width:100%;height:640px;border:0';
  // autoplay and fullscreen for the live video; camera and microphone for netizens who join on air;
  // clipboard-write for the "copy my question's link" button.
  iframe.setAttribute('allow', 'autoplay; fullscreen; camera; microphone; clipboard-write');
  script.parentNode.insertBefore(iframe, script.nextSibling);

  window.addEventListener('message', function (event) {
    // Only our own iframe may resize itself: same origin as the script AND this very frame, so a
    // second embed (or any other frame from the fangtan origin) cannot resize the wrong one.
    if (event.origin !== origin || event.source !== iframe.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== 'fangtan:height') return;
    var height = Number(data.height);
    if (!(height > 0 && height < 100000)) return;
    iframe.style.height = Math.ceil(height) + 'px';
  });
})();
