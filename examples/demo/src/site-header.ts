/** The demo's pages, in the order the header lists them. */
const PAGES: Array<[string, string]> = [
  ['index.html', 'Dashboard'],
  ['projects.html', 'Projects'],
  ['security.html', 'Security'],
  ['plain.html', 'Plain HTML'],
  ['react.html', 'React'],
  ['console.html', 'Triage console'],
];

/** Adds the navigation to the page's `#site-header`, keeping the `?intake=` of this page. */
export function renderSiteHeader() {
  const header = document.querySelector('#site-header');
  if (!header) return;
  const nav = document.createElement('nav');
  nav.setAttribute('aria-label', 'Demo pages');
  for (const [file, label] of PAGES) {
    const link = document.createElement('a');
    link.href = `./${file}${location.search}`;
    link.textContent = label;
    if (location.pathname.endsWith(file)) link.setAttribute('aria-current', 'page');
    nav.append(link);
  }
  header.append(nav);
}
