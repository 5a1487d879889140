import { en } from './en.js';
import { zhCN, type MessageKey } from './zh-CN.js';

export type { MessageKey };
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const dictionaries: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'fangtan.studio.lang';

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    // Storage can be off (private mode, policy); Chinese is the office default anyway.
  }
  return 'zh-CN';
}

/** The UI language: Simplified Chinese unless the user chose English, remembered per browser. */
class I18n {
  #lang = $state<Language>(storedLanguage());

  get lang(): Language {
    return this.#lang;
  }

  set lang(v: Language) {
    this.#lang = v;
    document.documentElement.lang = v;
    try {
      localStorage.setItem(STORAGE_KEY, v);
    } catch {
      // Not remembered; the choice still holds for this page.
    }
  }

  toggle(): void {
    this.lang = this.#lang === 'zh-CN' ? 'en' : 'zh-CN';
  }

  /** Sets `<html lang>` to the remembered language; called once at start-up. */
  apply(): void {
    document.documentElement.lang = this.#lang;
  }

  /** The text for `key` in the current language, with `{name}` placeholders filled in. */
  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    const text = dictionaries[this.#lang][key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}

export const i18n = new I18n();
/** Shorthand for templates: `{t('review.approve')}`; reactive because it reads the language state. */
export const t = i18n.t;
