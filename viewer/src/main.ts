import { mount } from 'svelte';
import App from './App.svelte';
import { startAutoHeight } from './lib/autoHeight.js';
import { lang, t } from './lib/i18n.js';
import { parseRoute } from './lib/route.js';
import { site } from './lib/site.svelte.js';
import './styles.css';

// Screen readers pick their voice from <html lang>; it must match the dictionary in use.
document.documentElement.lang = lang;
document.title = t('app.name');

const target = document.getElementById('app');
if (!target) throw new Error('fangtan viewer: #app is missing from index.html');

// Asked at once, beside the page's own requests; times on screen follow the answer.
void site.load();
mount(App, { target, props: { route: parseRoute(location.pathname) } });
startAutoHeight();
