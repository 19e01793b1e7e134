// Tokenize files with the archlint TextMate grammars, as VS Code does, and print
// one JSON object per file: {file, lines: [[{text, scopes}]]}. Markdown files are
// tokenized with a minimal host grammar (fenced blocks of other languages, plain
// text) into which the archlint injection is applied, as VS Code injects it.
//   node tokenize.js FILE...
const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const syntaxes = path.join(__dirname, "..", "vscode", "syntaxes");
const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
const onigLib = oniguruma.loadWASM(wasm).then(() => ({
  createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
  createOnigString: (s) => new oniguruma.OnigString(s),
}));

const markdownHost = {
  scopeName: "text.html.markdown",
  patterns: [
    { name: "markup.fenced_code.block.markdown", begin: "^\\s{0,3}(`{3,}|~{3,})(?!\\s*archlint\\s*$).*$", end: "^\\s{0,3}\\1\\s*$" },
    { name: "text.plain.markdown", match: ".+" },
  ],
};

const files = {
  "source.archlint": path.join(syntaxes, "archlint.tmLanguage.json"),
  "markdown.archlint.codeblock": path.join(syntaxes, "archlint.markdown.tmLanguage.json"),
};

const registry = new vsctm.Registry({
  onigLib,
  loadGrammar: async (scope) => {
    if (scope === "text.html.markdown") return vsctm.parseRawGrammar(JSON.stringify(markdownHost), "markdown.json");
    if (!files[scope]) return null;
    return vsctm.parseRawGrammar(fs.readFileSync(files[scope], "utf8"), files[scope]);
  },
  getInjections: (scope) => (scope === "text.html.markdown" ? ["markdown.archlint.codeblock"] : undefined),
});

async function main() {
  for (const file of process.argv.slice(2)) {
    const scope = file.endsWith(".md") ? "text.html.markdown" : "source.archlint";
    const grammar = await registry.loadGrammar(scope);
    let stack = vsctm.INITIAL;
    const lines = [];
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      const result = grammar.tokenizeLine(line, stack);
      lines.push(result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
      stack = result.ruleStack;
    }
    console.log(JSON.stringify({ file, lines }));
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
