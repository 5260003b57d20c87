import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/** A template literal's text, as the parser gives it. */
interface Quasi {
  start: number;
  end: number;
  value: { raw: string };
}

/** CSS without comments, the spaces around its punctuation or leading zeros; quoted strings kept as written. */
const compactCss = (text: string) =>
  text
    .replace(/\/\*[^]*?\*\//g, '')
    .split(/('[^']*'|"[^"]*")/)
    .map((part, i) =>
      i % 2
        ? part
        : part
            .replace(/\s+/g, ' ')
            .replace(/ ?([{};,]) ?/g, '$1')
            .replace(/: /g, ':')
            .replace(/;}/g, '}')
            // Spaces around * and / after a number or a function are optional, even in calc()
            // (those around + and - are not); so is a leading zero.
            .replace(/([\d)]) ([*/]) /g, '$1$2')
            .replace(/([ :,(])0\.(\d)/g, '$1.$2'),
    )
    .join('');

/**
 * Lit's `css` and `html` templates keep the source's indentation and comments, which no
 * minifier touches (Lit suggests a plugin for it; this is the little of one the widget
 * needs). Line breaks and the indentation after them become one space in markup, which
 * renders the same outside `<pre>` and `<textarea>` content, neither of which the
 * widget's templates hold.
 */
function minifyLitTemplates(): Plugin {
  return {
    name: 'vuln-report-minify-lit-templates',
    enforce: 'post',
    transform(code, id) {
      if (!/[\\/]widget[\\/]src[\\/].*\.ts$/.test(id) || !/\b(css|html)`/.test(code)) return null;
      const edits: Array<[Quasi, string]> = [];
      const visit = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        const { type, tag, quasi } = node as { type?: string; tag?: { name?: string }; quasi?: { quasis: Quasi[] } };
        if (type === 'TaggedTemplateExpression' && quasi && (tag?.name === 'css' || tag?.name === 'html')) {
          for (const text of quasi.quasis) {
            // Positions the parser counts differently from this string are left alone.
            if (code.slice(text.start, text.end) !== text.value.raw) continue;
            edits.push([text, tag.name === 'css' ? compactCss(text.value.raw) : text.value.raw.replace(/\s*\n\s*/g, ' ')]);
          }
        }
        Object.values(node).forEach(visit);
      };
      visit(this.parse(code));
      let out = code;
      for (const [text, small] of edits.sort(([a], [b]) => b.start - a.start)) out = out.slice(0, text.start) + small + out.slice(text.end);
      return { code: out, map: null };
    },
  };
}

/**
 * Browser builds for hosts that embed the widget with a script tag (npm users get the
 * tsc output in dist/ and bundle it themselves):
 * - `dist/browser/`: `vuln-report-button.js` registers the tag and loads the dialog
 *   chunk from beside itself on first intent. What size-limit measures.
 * - `vite build --mode single`: `dist/vuln-report-button.bundle.js`, everything in one
 *   file, for hosts that want a single `<script type="module">`.
 */
export default defineConfig(({ mode }) => {
  const single = mode === 'single';
  return {
    root: import.meta.dirname,
    plugins: [minifyLitTemplates()],
    resolve: { conditions: ['vuln-report-source', ...defaultClientConditions] },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: single ? 'dist' : 'dist/browser',
      // dist/browser is Vite's alone; dist itself also holds tsc's output.
      emptyOutDir: !single,
      target: 'es2022',
      minify: true,
      lib: {
        entry: { 'vuln-report-button': 'src/define.ts' },
        formats: ['es'],
        fileName: (_format, name) => (single ? `${name}.bundle.js` : `${name}.js`),
      },
      rolldownOptions: {
        output: {
          minify: true,
          ...(single
            ? { codeSplitting: false }
            : {
                chunkFileNames: 'chunks/[name]-[hash].js',
                // Every module the first one shares with the dialog (Lit, the error event) in one
                // chunk of a known name, so the budget for the first load can find it.
                codeSplitting: { groups: [{ name: 'first', minShareCount: 2 }] },
              }),
        },
      },
    },
  };
});
