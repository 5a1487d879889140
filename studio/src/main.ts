import { mount } from 'svelte';
import App from './App.svelte';
import { configureApi } from './lib/api.js';
import { i18n } from './lib/i18n/index.svelte.js';
import { session } from './lib/session.svelte.js';
import './app.css';

i18n.apply();
configureApi({
  language: () => i18n.lang,
  csrfToken: () => session.csrfToken,
  onUnauthorized: () => session.expire(),
  // An admin asked for a new password while this page was open: re-read the session, which shows the form.
  onPasswordChangeRequired: () => void session.restore(),
});

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
mount(App, { target });
