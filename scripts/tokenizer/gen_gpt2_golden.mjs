#!/usr/bin/env node
// Golden ids for the GPT-2 tokenizer, from the independent peer: js-tiktoken's "gpt2" encoding
// (the npm package pinned in package.json). Writes tests/core/tokenizer/gpt2_golden.txt:
//   # comment lines
//   <category>\t<UTF-8 of the string, hex>\t<ids separated by spaces>
//
// Category "special" is encoded with special tokens allowed (encode(text, "all")), every
// other category with encode(text, [], []) (special-token text is ordinary text).
//
// usage: node scripts/tokenizer/gen_gpt2_golden.mjs [OUT]   (from the repository root)
//
// The strings are generated deterministically (seeded PRNG) from hand-written pools.
// Node 20 ships Unicode 17 while the core's tables come from Debian's Unicode 15.0, so random
// code points are drawn only where both agree on letter/number/space (see agreeingClass);
// characters assigned after Unicode 15.0 are a documented difference.
import { Tiktoken } from "js-tiktoken/lite";
import gpt2 from "js-tiktoken/ranks/gpt2";
import { readFileSync, writeFileSync } from "node:fs";

const OUT = process.argv[2] ?? "tests/core/tokenizer/gpt2_golden.txt";
const enc = new Tiktoken(gpt2);

// [SECTION] Deterministic randomness
let seed = 0x5eed1234;
function rand() {  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randInt = (n) => Math.floor(rand() * n);
const pick = (a) => a[randInt(a.length)];
const repeat = (n, f) => Array.from({ length: n }, f);

// [SECTION] Unicode agreement between node's regex engine and UnicodeData.txt 15.0
const JS_SPACE = /^\s$/u, JS_L = /^\p{L}$/u, JS_N = /^\p{N}$/u;
const jsClass = (ch) => (JS_L.test(ch) ? "L" : JS_N.test(ch) ? "N" : JS_SPACE.test(ch) ? "S" : "O");
const ucd = new Map();  // assigned code point -> class per Unicode 15.0
{
  let first = null;
  for (const line of readFileSync("/usr/share/unicode/UnicodeData.txt", "utf8").split("\n")) {
    if (!line) continue;
    const [cpHex, name, gc] = line.split(";");
    const cp = parseInt(cpHex, 16);
    if (name.endsWith(", First>")) { first = cp; continue; }
    const lo = name.endsWith(", Last>") ? first : cp;
    const c = gc[0] === "L" ? "L" : gc[0] === "N" ? "N" : gc === "Zs" ? "S" : "O";
    for (let x = lo; x <= cp; x++) ucd.set(x, c);
  }
  for (const x of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0xfeff, 0x2028, 0x2029]) ucd.set(x, "S");
}
function agreeingClass(cp) {
  if (cp >= 0xd800 && cp <= 0xdfff) return false;  // not encodable as UTF-8
  const mine = ucd.get(cp) ?? "O";
  return ucd.has(cp) && mine === jsClass(String.fromCodePoint(cp));
}
function randomCodePoint(lo, hi) {
  for (;;) {
    const cp = lo + randInt(hi - lo + 1);
    if (agreeingClass(cp)) return String.fromCodePoint(cp);
  }
}

// [SECTION] Pools
const PROSE = [
  "The quick brown fox jumps over the lazy dog.",
  "It was the best of times, it was the worst of times.",
  "Attention is all you need, or so the paper claimed in 2017.",
  "Mamba replaces attention with a selective state space model.",
  "She said, \"I don't think we'll make it before 5 o'clock.\"",
  "We're here; they've gone; you'd better hurry; I'm late; it's over.",
  "In the beginning God created the heaven and the earth.",
  "A tokenizer turns text into integers, and back again.",
  "Hello, world! How are you today?",
  "The model's loss fell from 4.2 to 1.7 after 3,000 steps.",
  "Don't panic.",
  "Mr. Smith paid $1,234.56 on 12/31/2024 — a 15% increase.",
  "Dear Sir or Madam,\n\nI am writing to inform you...\n\nYours faithfully,\nJ. Doe",
  "Queen's English vs. American English: colour/color, centre/center.",
  "“Curly quotes” and ‘single ones’ aren't ASCII apostrophes.",
  "Café, naïve, résumé, coöperate, jalapeño, façade, Zürich, Ærøskøbing.",
  "Ελληνικά: Γειά σου Κόσμε. Русский: Привет, мир! Українська: Привіт.",
  "Tiếng Việt có dấu: Xin chào thế giới.",
  "E = mc², x² + y² = r², ½ + ¼ = ¾, 10⁻³ m, H₂O.",
  "Ⅻ o'clock; the ⅰⅱⅲ list; ①②③ circled; ０１２ fullwidth digits.",
];
const WORDS = ("the of and to in is was that for it with as his on be at by I this had not are but from or " +
  "have an they which one you were her all she there would their we him been has when who will more no if out " +
  "so said what up its about into than them can only other new some could time these two may then do first any " +
  "my now such like our over man me even most made after also did many before must through back years where much " +
  "your way well down should because each just those people Mr how too little state good very make world still " +
  "own see men work long get here between both life being under never day same another know while last might us " +
  "great old year off come since against go came right used take three transformer attention token embedding " +
  "softmax gradient tokenization recurrence Mamba selective scan discretization").split(" ");
const CONTRACTIONS = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'Ll", "n't", "'", "''", "’s", "'x", "'1"];
const PUNCT = [".", ",", ";", ":", "!", "?", "...", " -", " —", " (", ")", "\"", "'", "[", "]", "{", "}", "#", "@", "&", "*", "%", "$", "/", "\\", "|", "~", "^", "`", "<", ">", "=", "+", "_"];
const SPACES = [" ", " ", " ", "  ", "\t", "\n", "\r\n", "\n\n", "\u00a0", "\u3000", "\u2009", "\u200a", "\u000b", "\u000c",
  "\u0085", "\ufeff", "\u2028", "\u2029", "\u1680", "\u202f", "\u205f", "\u180e", "\u200b", "\r", "\u001f", "\u001c"];
const CODE = [
  "int main(int argc, char** argv) {\n    return 0;\n}\n",
  "def softmax(x):\n\te = np.exp(x - x.max())\n\treturn e / e.sum()\n",
  "for (let i = 0; i < n; ++i) { sum += a[i] * b[i]; }",
  "    if x is None:\n        raise ValueError(f\"bad {x!r}\")\n",
  "#include <vector>\n#include \"core/tensor.h\"\n\nnamespace tmx {\n}  // namespace tmx\n",
  "SELECT id, name FROM users WHERE age >= 18 ORDER BY name;",
  "const f = (a, b) => a ?? b; // nullish\n/* block */",
  "x = [1, 2, 3]\ny = {'a': 1, \"b\": 2}\nprint(x[-1], y['a'])",
  "<div class=\"note\"><p>Hello &amp; welcome</p></div>",
  "$ cmake -S . -B build -G Ninja && cmake --build build -j2",
  "fn main() -> Result<(), Box<dyn Error>> { Ok(()) }",
  "    \t  mixed\t \tindentation\n\t\t  \n",
  "matrix[i][j] += alpha * (x_i - mu) / sqrt(var + 1e-5);",
  "{\"key\": [true, false, null, 1.5e-10, \"\\u00e9\"]}",
];
const CJK = ["你好，世界！", "机器学习是人工智能的一个分支。", "東京は日本の首都です。", "ひらがなとカタカナ、漢字。",
  "안녕하세요, 세계!", "한국어 문장입니다.", "我爱自然语言处理", "注意力机制（Attention）", "日本語のテキスト：トークナイザー"];
const EMOJI = ["👍", "👍🏽", "👨‍👩‍👧‍👦", "🇺🇸", "🇯🇵🇫🇷", "❤️", "1️⃣", "🏳️‍🌈", "😀😃😄", "🤖", "🧑🏿‍💻", "✨", "🔥🔥", "👩‍🔬", "©️", "™", "☃", "🦀"];
const COMBINING = ["e\u0301", "a\u0308", "n\u0303", "Z\u0351\u0352\u0353a\u035b\u0346l\u0334g\u0335o\u0336", "\u0301", "क्षत्रिय", "हिन्दी",
  "ภาษาไทย", "ของฉัน", "ﷺ", "o\u0332\u0332", "q\u0307\u0323", "\u200d", "\u20dd"];
const RTL = ["مرحبا بالعالم", "السلام عليكم 123", "שלום עולם", "עברית 2024!", "اللغة العربية: ١٢٣٤٥", "\u202eRTL override\u202c",
  "فارسی: سلام", "ا ب ت ث ج"];
const URLS = ["https://example.com/path?query=1&x=y#frag", "http://localhost:8080/", "mailto:someone@example.org",
  "www.github.com/owner/repo/blob/main/README.md", "ftp://files.example.net/a/b/c.tar.gz", "/usr/share/unicode/UnicodeData.txt",
  "C:\\Users\\Name\\Documents\\file.txt", "user.name+tag@sub.domain.co.uk", "https://en.wikipedia.org/wiki/Byte_pair_encoding"];

// [SECTION] Generators, one per category
function sentence() {
  const n = 3 + randInt(15);
  const words = repeat(n, () => pick(WORDS));
  if (rand() < 0.5) words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  let s = words.join(" ");
  if (rand() < 0.4) s = s.replace(/ (\w+)$/, (m, w) => " " + w + pick(CONTRACTIONS));
  return s + pick([".", "!", "?", ",", ";", "", "..."]);
}
function number() {
  const forms = [
    () => String(randInt(1e9)),
    () => (rand() * 1e4).toFixed(randInt(6)),
    () => randInt(1e6).toLocaleString("en-US"),
    () => "0x" + randInt(2 ** 31).toString(16),
    () => (rand() * 1e-5).toExponential(3),
    () => `${1 + randInt(12)}/${1 + randInt(28)}/${1900 + randInt(200)}`,
    () => `+1 (${100 + randInt(900)}) ${100 + randInt(900)}-${1000 + randInt(9000)}`,
    () => "v" + randInt(10) + "." + randInt(30) + "." + randInt(100),
    () => pick(WORDS) + randInt(1000) + pick(WORDS),
    () => String(randInt(10)).repeat(1 + randInt(40)),
    () => "-" + randInt(1000) + " " + randInt(1000) + "%",
  ];
  return repeat(1 + randInt(3), () => pick(forms)()).join(pick([" ", ", ", "", "\n", " and "]));
}
function whitespace() {
  let s = "";
  const n = 1 + randInt(8);
  for (let i = 0; i < n; i++) {
    s += repeat(1 + randInt(4), () => pick(SPACES)).join("");
    if (rand() < 0.7) s += pick([pick(WORDS), pick(PUNCT), String(randInt(100)), pick(CJK).slice(0, 2)]);
  }
  return s;
}
function contraction() {
  const base = pick(["don", "I", "we", "they", "she", "it", "you", "can", "He", "WE", "x", "1", " ", "", "!", "rock"]);
  return repeat(1 + randInt(4), () => base + pick(CONTRACTIONS) + pick(["", " ", "s", "re", "ll", "ve", "\n", "."])).join(pick([" ", ""]));
}
function code() {
  return rand() < 0.5 ? pick(CODE) : repeat(2, () => pick(CODE)).join(pick(["\n", "\n\n", "\t", ""]));
}
const fromPool = (pool, maxParts) => () => repeat(1 + randInt(maxParts), () => pick(pool)).join(pick(["", " ", "  ", "\n", pick(WORDS)]));
function longWord() {
  const forms = [
    () => "a".repeat(50 + randInt(3000)),
    () => repeat(200 + randInt(2000), () => String.fromCharCode(97 + randInt(26))).join(""),
    () => "antidisestablishmentarianism".repeat(5 + randInt(60)),
    () => " " + pick(WORDS).repeat(20 + randInt(200)),
    () => "!".repeat(20 + randInt(500)),
    () => " ".repeat(20 + randInt(500)) + pick(["", "x", "\n"]),
    () => "\n".repeat(5 + randInt(100)) + pick(["", "x"]),
    () => "1234567890".repeat(5 + randInt(100)),
    () => "ab".repeat(100 + randInt(1000)),
    () => "é".repeat(20 + randInt(300)),
    () => "你".repeat(20 + randInt(300)),
    () => "🙂".repeat(10 + randInt(200)),
    () => repeat(300, () => randomCodePoint(0x20, 0x2fff)).join(""),
  ];
  return pick(forms)();
}
function randomMix() {
  const ranges = [[0x20, 0x7e], [0x00, 0x7f], [0xa0, 0x24f], [0x370, 0x52f], [0x590, 0x6ff], [0x900, 0xdff], [0x1e00, 0x206f],
    [0x2070, 0x2bff], [0x3000, 0x30ff], [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xfe00, 0xffef], [0x1d400, 0x1d7ff],
    [0x1f300, 0x1faff], [0x10000, 0x1ffff], [0x20000, 0x2a6df], [0xe0000, 0xe01ef], [0x0, 0x10ffff]];
  const n = 1 + randInt(40);
  let s = "";
  for (let i = 0; i < n; i++) {
    const r = pick(ranges);
    s += rand() < 0.2 ? pick(SPACES) : rand() < 0.1 ? pick(CONTRACTIONS) : randomCodePoint(r[0], r[1]);
  }
  return s;
}
const EDGE = ["", " ", "  ", "\n", "\t", "\r\n", "a", "'", "''", "'s", " 's", "'s'", "x's", "<|endoftext|>", "a<|endoftext|>b",
  "\u0000", "a\u0000b", "\u0000\u0000 \u0000", "\u0007\u001b[31mred\u001b[0m", " \n", "\n ", " a", "  a", " 1", " !", "a  ",
  "\ufffd", "\ud7ff\ue000", "\uffff", "\u{10ffff}", "\u{10000}", "\u00ad", "\u2060", "\u00a0a", "\u00a0 a", " \u00a0a"];

// [SECTION] Assemble and write
const cases = [];
const add = (cat, s) => cases.push([cat, s]);
EDGE.forEach((s) => add("edge", s));
PROSE.forEach((s) => add("prose", s));
CODE.forEach((s) => add("code", s));
[...CJK, ...EMOJI, ...COMBINING, ...RTL, ...URLS].forEach((s) => add("pool", s));
const plan = [
  ["prose", 300, () => repeat(1 + randInt(4), sentence).join(pick([" ", "\n", "\n\n", "  "]))],
  ["numbers", 200, number],
  ["whitespace", 250, whitespace],
  ["contractions", 150, contraction],
  ["code", 120, code],
  ["cjk", 120, fromPool([...CJK, ...WORDS.slice(0, 20)], 5)],
  ["emoji", 120, fromPool([...EMOJI, "!", "ok", " "], 8)],
  ["combining", 100, fromPool([...COMBINING, ...WORDS.slice(0, 10)], 6)],
  ["rtl", 100, fromPool([...RTL, " ", "(", ")", "123"], 5)],
  ["urls", 100, fromPool([...URLS, " ", "\n", "see "], 4)],
  ["long", 60, longWord],
  ["random", 500, randomMix],
];
for (const [cat, n, gen] of plan) for (let i = 0; i < n; i++) add(cat, gen());

const lines = [
  "# GPT-2 golden ids from js-tiktoken " + JSON.parse(readFileSync(new URL("package.json", import.meta.resolve("js-tiktoken/lite").replace(/dist\/lite\.js$/, "")))).version +
    " (encode(text, [], []); category special: encode(text, \"all\")). Generated by scripts/tokenizer/gen_gpt2_golden.mjs; do not edit.",
  "# category <TAB> UTF-8 hex <TAB> ids",
];
// "special" cases are encoded with special tokens allowed (encode(text, "all")).
const SPECIAL = ["<|endoftext|>", "a<|endoftext|>b", "Hello<|endoftext|> world", "<|endoftext|><|endoftext|>",
  " <|endoftext|> ", "<|endoftext|>\n\nNew document.", "<|endoftext", "<|endoftext|", "<|ENDOFTEXT|>", "x <|endoftext|>x y",
  "It's done.<|endoftext|>It's", "<<|endoftext|>>", "<|endoftext|>'s", "1<|endoftext|>2", "你好<|endoftext|>世界", ""];
SPECIAL.forEach((s) => add("special", s));
for (const [cat, s] of cases) {
  const ids = cat === "special" ? enc.encode(s, "all") : enc.encode(s, [], []);
  // (TextDecoder drops a leading BOM, so compare without it)
  if (enc.decode(ids) !== s.replace(/^\ufeff/, "")) throw new Error("js-tiktoken does not round-trip: " + JSON.stringify(s));
  lines.push(cat + "\t" + Buffer.from(s, "utf8").toString("hex") + "\t" + ids.join(" "));
}
writeFileSync(OUT, lines.join("\n") + "\n");
console.error(`wrote ${cases.length} cases to ${OUT}`);
