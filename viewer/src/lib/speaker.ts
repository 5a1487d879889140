import type { Speaker } from './contract.js';
import { t } from './i18n.js';

/** A speaker as a line names them: "张明（区住房和城乡建设局局长）", or the name alone without a 职务. */
export function speakerLabel(speaker: Speaker): string {
  return speaker.title ? t('player.speaker', { name: speaker.name, title: speaker.title }) : speaker.name;
}
