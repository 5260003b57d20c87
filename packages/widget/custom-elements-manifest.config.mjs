/** The custom-elements manifest: the element, its attributes, events, parts and CSS properties, read from its source and TSDoc. */
export default {
  globs: ['src/define.ts', 'src/vuln-report-button.ts', 'src/events/*.ts'],
  litelement: true,
  outdir: '.',
  // package.json already names the manifest; the test's run into a temporary folder must not rewrite it.
  packagejson: false,
};
