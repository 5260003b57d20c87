import type { Language } from './translation.ts';

const SUPPORTED: readonly Language[] = ['en', 'es', 'ru'];

/**
 * The language for `element`: its own `lang`, else the nearest ancestor's (across
 * shadow roots), else the document's; the first built-in language it names, else English.
 */
export function resolveLanguage(element: Element): Language {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.getAttribute('lang')) {
      const code = node.getAttribute('lang')!.toLowerCase().split('-')[0] as Language;
      return SUPPORTED.includes(code) ? code : 'en';
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return 'en';
}

/** The button's label in each language: all the first module carries; the rest loads with the dialog. */
export const BUTTON_LABELS: Record<Language, string> = {
  en: 'Report a problem',
  es: 'Informar de un problema',
  ru: 'Сообщить о проблеме',
};
