// Tokenises policy text with tools/editors/duixian.tmLanguage.json exactly as
// VS Code does (vscode-textmate over the Oniguruma WebAssembly build) and
// checks the scopes: a sample file token by token, every keyword, operator
// and unit of dsl/grammar/PolicyLexer.g4, and the lexer's rule that a Chinese
// keyword glued to a name is part of the name.
//
//   node grammar_test.mjs NODE_MODULES_PARENT
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const require = createRequire(path.join(path.resolve(process.argv[2] || here), 'package.json'));
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
await oniguruma.loadWASM(wasm);
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async () =>
    vsctm.parseRawGrammar(
      fs.readFileSync(path.join(repo, 'tools/editors/duixian.tmLanguage.json'), 'utf8'),
      'duixian.tmLanguage.json'),
});
const grammar = await registry.loadGrammar('source.duixian');

// Tokens of each line: {text, scopes}.
function tokenize(text) {
  let state = vsctm.INITIAL;
  const lines = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    lines.push(r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
    state = r.ruleStack;
  }
  return lines;
}

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL: ${what}`);
  }
}

// The scopes of the token whose text is exactly `text` (the n-th such) on a line.
function scopesOf(lineTokens, text, n = 0) {
  const hits = lineTokens.filter((t) => t.text === text);
  return hits.length > n ? hits[n].scopes : null;
}

// ---- the sample file, token by token
const sample = fs.readFileSync(path.join(here, 'sample.policy'), 'utf8');
const lines = tokenize(sample);
const expectations = JSON.parse(fs.readFileSync(path.join(here, 'sample.scopes.json'), 'utf8'));
for (const [lineNo, text, scope, nth] of expectations) {
  const scopes = scopesOf(lines[lineNo - 1], text, nth || 0);
  check(scopes !== null && scopes.includes(scope),
        `sample.policy:${lineNo}: \`${text}\` should have ${scope}, has ${JSON.stringify(scopes)}`);
}

// ---- every keyword, operator and unit of the lexer
const lexer = fs.readFileSync(path.join(repo, 'dsl/grammar/PolicyLexer.g4'), 'utf8');
const rules = {};
for (const m of lexer.matchAll(/(?:fragment\s+)?\b([A-Z_]+)\s*:\s*((?:'(?:[^'\\]|\\.)*'|[^;'])*);/g)) {
  rules[m[1]] = [...m[2].matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((x) => x[1]);
}
const start = Object.keys(rules).indexOf('IMPORT');
const end = Object.keys(rules).indexOf('POST_LE');
const keywordRules = Object.keys(rules).slice(start, end + 1).concat(['RANGE', 'STAR', 'SLASH']);
const keywordScope = /^(keyword\.|constant\.language\.|support\.function\.)/;
let keywords = 0;
for (const rule of keywordRules) {
  for (const literal of rules[rule]) {
    keywords++;
    // Between two names, separated by spaces, as policies write them.
    const [tokens] = tokenize(`甲 ${literal} 乙`);
    const scopes = scopesOf(tokens, literal);
    check(scopes !== null && scopes.some((s) => keywordScope.test(s)),
          `keyword ${rule} \`${literal}\` is not highlighted as a keyword: ${JSON.stringify(tokens)}`);
  }
}
check(keywords > 150, `read ${keywords} keyword spellings from the lexer`);
for (const unit of rules.UNIT) {
  const [tokens] = tokenize(`营业收入 >= 12${unit}`);
  check((scopesOf(tokens, unit) || []).includes('keyword.other.unit.duixian'),
        `unit \`${unit}\` after a number: ${JSON.stringify(tokens)}`);
}

// ---- the lexer's longest-match rules
{
  const [glued] = tokenize('非严重失信 且 营业收入以上');
  check((scopesOf(glued, '非严重失信') || []).includes('variable.other.duixian'),
        '`非严重失信` is one name, as in the lexer');
  check((scopesOf(glued, '营业收入以上') || []).includes('variable.other.duixian'),
        '`营业收入以上` is one name');
  const [postfix] = tokenize('营业收入[ref] 2000万元以上 且 成立年限 不满3年');
  check((scopesOf(postfix, '以上') || []).includes('keyword.operator.comparison.duixian'),
        '`以上` after an amount is a comparison');
  check((scopesOf(postfix, '不满') || []).includes('keyword.operator.comparison.duixian'),
        '`不满` before a number is a comparison');
  const [latin] = tokenize('A股上市 and ref');
  check((scopesOf(latin, 'A股上市') || []).includes('variable.other.duixian'),
        '`A股上市` is one name');
}

console.log(`editor grammar: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
