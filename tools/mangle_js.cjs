// Shortens the names in Emscripten's JS glue (app.js), in place: every function and
// variable the file declares, top level included, gets a one- or two-letter name;
// `Module` (page.js hands it in) and every property name (Module['canvas'], the
// wasm's import and export keys, which ccall looks up by string) stay as they are.
// Emscripten 3.1.6 without Closure only strips the glue's whitespace; what this saves
// is measured in docs/perf.md ("Download size").
// It uses the JavaScript parser and the name mangler that Emscripten itself runs on
// its output (acorn, and the terser that Emscripten's package ships in
// third_party/terser), so the build needs no other tool.
//
// Usage: node tools/mangle_js.cjs EMSCRIPTEN_ROOT FILE.js   (NODE_PATH must find acorn,
// as it must for emcc itself)
'use strict';
const fs = require('fs');
const path = require('path');

const [root, file] = process.argv.slice(2);
if (!root || !file) {
  console.error('usage: node tools/mangle_js.cjs EMSCRIPTEN_ROOT FILE.js');
  process.exit(2);
}
const acorn = require('acorn');
const terser = require(path.join(root, 'third_party', 'terser'));

const source = fs.readFileSync(file, 'utf8');
const tree = terser.AST_Node.from_mozilla_ast(acorn.parse(source, { ecmaVersion: 2021 }));
tree.figure_out_scope({});
// Names that are used most get the shortest names: gzip sees fewer distinct strings.
tree.compute_char_frequency({});
tree.mangle_names({ toplevel: true, reserved: ['Module'] });
const out = tree.print_to_string({ beautify: false });
// The mangled file must still parse, and still set up the Module page.js reads.
acorn.parse(out, { ecmaVersion: 2021 });
if (!/\bvar Module\b/.test(out)) {
  console.error(`mangle_js: ${file}: no 'var Module' left after mangling`);
  process.exit(1);
}
fs.writeFileSync(file, out);
