import { en } from './en.ts';
import { es } from './es.ts';
import { ru } from './ru.ts';
import type { Language, Translation } from './translation.ts';

/** The built-in languages. */
export const TRANSLATIONS: Record<Language, Translation> = { en, es, ru };

/** The strings for `language`, with the host's overrides on top. */
export function translationFor(language: Language, overrides?: Partial<Translation>): Translation {
  return { ...TRANSLATIONS[language], ...overrides };
}

export type { Language, Translation };
