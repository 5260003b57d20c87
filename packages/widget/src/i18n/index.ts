import { en } from './en.ts';
import type { Language, Translation } from './translation.ts';

/** English ships with the dialog; the other languages load only on a page that speaks them. */
const LOADERS: Record<Language, () => Promise<Translation>> = {
  en: async () => en,
  es: async () => (await import('./es.ts')).es,
  ru: async () => (await import('./ru.ts')).ru,
};

/** The strings for `language`. */
export function loadTranslation(language: Language): Promise<Translation> {
  return LOADERS[language]();
}

export { en };
export type { Language, Translation };
