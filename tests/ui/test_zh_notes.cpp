// The Chinese edition (content/zh/notes) against the English one, chapter by chapter, with the real
// notes parser: the same headings (level and anchor, in order), the same widget/scene/video
// directives, the same checked tables (every numeric cell byte-identical, same shape), the same
// display formulas (LaTeX equal once the words inside \text{} and friends are set aside), the same
// figures (each translated SVG present in content/zh/figures), the same link targets, and the same
// code once comments are stripped. Every message names the zh file, its line and what drifted.
// Also: explicit heading anchors ("标题 {#anchor}"), Chinese search and reading time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "ui/markdown/document.h"
#include "ui/markdown/library.h"

using namespace tmx::ui::md;

#ifndef TMX_REQUIRE_ZH_NOTES
#define TMX_REQUIRE_ZH_NOTES 1
#endif

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == '\n') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

// Where things are in the source (1-based lines), found by a line scan outside fenced code; what
// they are comes from the parser.
struct SourceMap {
  std::vector<int> headings;        // ATX heading lines
  std::vector<int> directives;      // ```widget / ```scene / ```video fence lines
  std::vector<std::string> directive_text;  // the fence line and body, whitespace-normalised
  std::vector<int> code;            // other fence lines
  struct Check { std::string id; int line; std::string table; };
  std::vector<Check> checks;        // <!-- check: id --> and the table after it
  std::vector<std::string> lines;

  int line_of(const std::string& needle) const {
    for (size_t i = 0; i < lines.size(); ++i)
      if (lines[i].find(needle) != std::string::npos) return static_cast<int>(i) + 1;
    return 0;
  }
};

std::string collapse_ws(const std::string& s) {
  std::string o;
  bool sp = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      sp = !o.empty();
      continue;
    }
    if (sp) o += ' ';
    sp = false;
    o += c;
  }
  return o;
}

SourceMap map_source(const std::string& src) {
  SourceMap m;
  m.lines = split_lines(src);
  std::string fence;  // the open fence's marker ("```" or "~~~"), "" outside
  bool directive = false;
  for (size_t i = 0; i < m.lines.size(); ++i) {
    const std::string t = trim(m.lines[i]);
    const int line = static_cast<int>(i) + 1;
    if (!fence.empty()) {
      if (t.rfind(fence, 0) == 0 && trim(t.substr(fence.size())).empty()) {
        fence.clear();
        continue;
      }
      if (directive) m.directive_text.back() = collapse_ws(m.directive_text.back() + " " + t);
      continue;
    }
    if (t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0) {
      size_t n = 0;
      while (n < t.size() && t[n] == t[0]) ++n;
      fence = t.substr(0, n);
      const std::string info = trim(t.substr(n));
      directive = info.rfind("widget", 0) == 0 || info.rfind("scene", 0) == 0 || info.rfind("video", 0) == 0;
      if (directive) {
        m.directives.push_back(line);
        m.directive_text.push_back(collapse_ws(info));
      } else {
        m.code.push_back(line);
      }
      continue;
    }
    if (!t.empty() && t[0] == '#' && m.lines[i][0] == '#') {
      size_t n = 0;
      while (n < t.size() && t[n] == '#') ++n;
      if (n <= 6 && (n == t.size() || t[n] == ' ')) m.headings.push_back(line);
    }
    const size_t c = t.find("<!-- check:");
    if (c == 0) {
      const size_t end = t.find("-->");
      SourceMap::Check ck;
      ck.id = trim(t.substr(11, end == std::string::npos ? std::string::npos : end - 11));
      ck.line = line;
      size_t j = i + 1;
      while (j < m.lines.size() && trim(m.lines[j]).empty()) ++j;
      while (j < m.lines.size() && trim(m.lines[j]).rfind("|", 0) == 0) ck.table += m.lines[j++] + "\n";
      m.checks.push_back(ck);
    }
  }
  return m;
}

// Everything the comparison looks at, from the parsed document.
struct Parts {
  std::vector<Heading> headings;
  std::vector<std::string> formulas;  // display LaTeX
  std::vector<std::string> figures;   // image sources
  std::vector<std::string> code;      // code blocks (not directives)
};

void walk_inlines(const std::vector<Inline>& v, Parts& p) {
  for (const Inline& in : v) {
    if (in.kind == InlineKind::MathDisplay) p.formulas.push_back(in.text);
    if (in.kind == InlineKind::Image) p.figures.push_back(in.text);
  }
}

void walk(const std::vector<Block>& blocks, Parts& p) {
  for (const Block& b : blocks) {
    walk_inlines(b.inlines, p);
    for (const auto& row : b.rows)
      for (const auto& cell : row) walk_inlines(cell, p);
    if (b.kind == BlockKind::Code) p.code.push_back(b.text);
    for (const auto& item : b.items) walk(item, p);
  }
}

Parts parts_of(const Document& d) {
  Parts p;
  p.headings = d.headings;
  walk(d.blocks, p);
  return p;
}

// Words a translation may change inside a formula: the arguments of \text{}, \textrm{}, \mathrm{},
// \operatorname{} and \textbf{} become "{}"; whitespace is collapsed.
std::string formula_shape(const std::string& latex) {
  std::string o;
  for (size_t i = 0; i < latex.size();) {
    bool word = false;
    for (const char* cmd : {"\\text{", "\\textrm{", "\\mathrm{", "\\operatorname{", "\\textbf{", "\\textit{"}) {
      const std::string c = cmd;
      if (latex.compare(i, c.size(), c) == 0) {
        int depth = 1;
        size_t j = i + c.size();
        while (j < latex.size() && depth > 0) {
          if (latex[j] == '{') ++depth;
          else if (latex[j] == '}') --depth;
          ++j;
        }
        o += c + "}";
        i = j;
        word = true;
        break;
      }
    }
    if (!word) o += latex[i++];
  }
  return collapse_ws(o);
}

// A numeric cell: digits with at most a sign, separators and a unit ("0.500", "−1.5", "1.5 MB",
// "(0, 3)", "1e-8 x 65536", "83%"). Word cells ("layer 0, head 1", "GPT-2 small") may be translated.
bool numeric_cell(const std::string& c) {
  if (c.find_first_of("0123456789") == std::string::npos) return false;
  if (c.find_first_of("$`") != std::string::npos) return false;
  static const char* kUnits[] = {"e", "x", "B", "K", "M", "G", "T", "KB", "MB", "GB", "KiB", "MiB", "GiB", "ms", "s", "us", "ns"};
  std::string run;
  auto ok = [&] {
    if (run.empty()) return true;
    for (const char* u : kUnits)
      if (run == u) return true;
    return false;
  };
  for (char ch : c + " ") {
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
      run += ch;
      continue;
    }
    if (!ok()) return false;
    run.clear();
    if (static_cast<unsigned char>(ch) >= 0x80) {
      // Non-ASCII: signs and symbols (−, ±, ×, ≈, µ, …) are fine; CJK text makes it a word cell.
    }
  }
  for (size_t i = 0; i + 2 < c.size(); ++i)  // a CJK character (lead byte E3..E9) makes it a word cell
    if (static_cast<unsigned char>(c[i]) >= 0xE3 && static_cast<unsigned char>(c[i]) <= 0xE9) return false;
  return true;
}

// Code compared without its comments (translations may translate them): "//" and "#" to the end
// of the line, trailing spaces, and lines left empty.
std::string strip_comments(const std::string& code) {
  std::string out;
  for (const std::string& l : split_lines(code)) {
    std::string t = l;
    const size_t a = t.find("//"), b = t.find('#');
    const size_t cut = std::min(a, b);
    if (cut != std::string::npos) t.resize(cut);
    t = trim(t);
    if (!t.empty()) out += t + "\n";
  }
  return out;
}

std::string cell_text(const std::vector<Inline>& v) { return plain_text(v); }

// The differences between a translation and its source: one message per drift, "FILE:LINE: what".
// figure_exists: whether the translated figure NAME.svg exists (content/zh/figures).
std::vector<std::string> compare_editions(const std::string& en_src, const std::string& zh_src, const std::string& zh_name,
                                          const std::function<bool(const std::string&)>& figure_exists) {
  std::vector<std::string> out;
  auto at = [&](int line, const std::string& what) {
    out.push_back(zh_name + ":" + std::to_string(line) + ": " + what);
  };
  const Document en = parse(en_src), zh = parse(zh_src);
  const Parts pe = parts_of(en), pz = parts_of(zh);
  const SourceMap me = map_source(en_src), mz = map_source(zh_src);

  // Error boxes the parser put into the translation (a bad or duplicate anchor, a broken directive).
  std::function<void(const std::vector<Block>&)> errors = [&](const std::vector<Block>& bs) {
    for (const Block& b : bs) {
      if (b.kind == BlockKind::Error) at(0, "the parser reports: " + b.text);
      for (const auto& item : b.items) errors(item);
    }
  };
  errors(zh.blocks);

  // Headings: (level, anchor) in order.
  const size_t nh = std::max(pe.headings.size(), pz.headings.size());
  for (size_t i = 0; i < nh; ++i) {
    const int line = i < mz.headings.size() ? mz.headings[i] : (mz.headings.empty() ? 0 : mz.headings.back());
    if (i >= pz.headings.size()) {
      at(line, "heading " + std::to_string(i + 1) + " missing: en has level " + std::to_string(pe.headings[i].level) +
                   " {#" + pe.headings[i].anchor + "}");
      break;
    }
    if (i >= pe.headings.size()) {
      at(line, "extra heading {#" + pz.headings[i].anchor + "} (en has " + std::to_string(pe.headings.size()) + ")");
      break;
    }
    if (pe.headings[i].level != pz.headings[i].level || pe.headings[i].anchor != pz.headings[i].anchor) {
      at(line, "heading " + std::to_string(i + 1) + " is level " + std::to_string(pz.headings[i].level) + " {#" +
                   pz.headings[i].anchor + "}, en has level " + std::to_string(pe.headings[i].level) + " {#" +
                   pe.headings[i].anchor + "}");
      break;  // one drift shifts every heading after it: report the first
    }
  }

  // Directives: the fence line and its body, verbatim (whitespace aside).
  const size_t nd = std::max(me.directive_text.size(), mz.directive_text.size());
  for (size_t i = 0; i < nd; ++i) {
    const int line = i < mz.directives.size() ? mz.directives[i] : 0;
    const std::string e = i < me.directive_text.size() ? me.directive_text[i] : "(none)";
    const std::string z = i < mz.directive_text.size() ? mz.directive_text[i] : "(none)";
    if (e != z) {
      at(line, "directive " + std::to_string(i + 1) + " is '" + z + "', en has '" + e + "'");
      break;
    }
  }

  // Checked tables: ids in order; the same shape; every numeric cell byte-identical.
  const size_t nc = std::max(me.checks.size(), mz.checks.size());
  for (size_t i = 0; i < nc; ++i) {
    if (i >= mz.checks.size()) {
      at(mz.lines.size(), "check '" + me.checks[i].id + "' missing (en line " + std::to_string(me.checks[i].line) + ")");
      break;
    }
    if (i >= me.checks.size()) {
      at(mz.checks[i].line, "extra check '" + mz.checks[i].id + "'");
      break;
    }
    const auto &ce = me.checks[i], &cz = mz.checks[i];
    if (ce.id != cz.id) {
      at(cz.line, "check " + std::to_string(i + 1) + " is '" + cz.id + "', en has '" + ce.id + "'");
      break;
    }
    const Document te = parse(ce.table), tz = parse(cz.table);
    const Block* be = te.blocks.empty() || te.blocks[0].kind != BlockKind::Table ? nullptr : &te.blocks[0];
    const Block* bz = tz.blocks.empty() || tz.blocks[0].kind != BlockKind::Table ? nullptr : &tz.blocks[0];
    if (!be || !bz) {
      at(cz.line, "check '" + cz.id + "': " + (bz ? "en" : "zh") + " has no table right after the check line");
      continue;
    }
    bool shape = be->rows.size() == bz->rows.size();
    for (size_t r = 0; shape && r < be->rows.size(); ++r) shape = be->rows[r].size() == bz->rows[r].size();
    if (!shape) {
      at(cz.line, "check '" + cz.id + "': the table has " + std::to_string(bz->rows.size()) + " rows (" +
                      std::to_string(bz->rows.empty() ? 0 : bz->rows[0].size()) + " columns), en has " +
                      std::to_string(be->rows.size()) + " (" + std::to_string(be->rows.empty() ? 0 : be->rows[0].size()) + ")");
      continue;
    }
    for (size_t r = 0; r < be->rows.size(); ++r)
      for (size_t c = 0; c < be->rows[r].size(); ++c) {
        const std::string e = trim(cell_text(be->rows[r][c])), z = trim(cell_text(bz->rows[r][c]));
        if (numeric_cell(e) && e != z)
          at(cz.line + 1 + static_cast<int>(r) + (r >= static_cast<size_t>(be->header_rows) ? 1 : 0),
             "check '" + cz.id + "' row " + std::to_string(r + 1) + " column " + std::to_string(c + 1) + " is '" + z +
                 "', en has '" + e + "'");
      }
  }

  // Display formulas: the same number, the same LaTeX apart from translated words.
  if (pe.formulas.size() != pz.formulas.size()) {
    at(0, std::to_string(pz.formulas.size()) + " display formulas, en has " + std::to_string(pe.formulas.size()));
  } else {
    for (size_t i = 0; i < pe.formulas.size(); ++i)
      if (formula_shape(pe.formulas[i]) != formula_shape(pz.formulas[i])) {
        const std::string first = pz.formulas[i].substr(0, std::min<size_t>(pz.formulas[i].size(), 30));
        at(mz.line_of(first), "display formula " + std::to_string(i + 1) + " is '" + collapse_ws(pz.formulas[i]) +
                                  "', en has '" + collapse_ws(pe.formulas[i]) + "'");
      }
  }

  // Figures: the same files, and each translated SVG exists.
  if (pe.figures != pz.figures) {
    std::string e, z;
    for (const auto& f : pe.figures) e += (e.empty() ? "" : ", ") + f;
    for (const auto& f : pz.figures) z += (z.empty() ? "" : ", ") + f;
    at(pz.figures.empty() ? 0 : mz.line_of(pz.figures[0]), "figures are [" + z + "], en has [" + e + "]");
  }
  for (const std::string& f : pz.figures) {
    std::string name = f.substr(f.rfind('/') == std::string::npos ? 0 : f.rfind('/') + 1);
    if (!figure_exists(name)) at(mz.line_of(f), "figure " + name + " has no translation in content/zh/figures/");
  }

  // Links: the same targets (text translated; the order may follow the Chinese sentence).
  std::vector<std::string> le = en.links, lz = zh.links;
  std::sort(le.begin(), le.end());
  std::sort(lz.begin(), lz.end());
  std::vector<std::string> missing, extra;
  std::set_difference(le.begin(), le.end(), lz.begin(), lz.end(), std::back_inserter(missing));
  std::set_difference(lz.begin(), lz.end(), le.begin(), le.end(), std::back_inserter(extra));
  for (const auto& l : missing) at(0, "link target '" + l + "' is missing (en line " + std::to_string(me.line_of("(" + l)) + ")");
  for (const auto& l : extra) at(mz.line_of("(" + l), "link target '" + l + "' is not in en");

  // Code: identical once comments are stripped.
  if (pe.code.size() != pz.code.size()) {
    at(0, std::to_string(pz.code.size()) + " code blocks, en has " + std::to_string(pe.code.size()));
  } else {
    for (size_t i = 0; i < pe.code.size(); ++i)
      if (strip_comments(pe.code[i]) != strip_comments(pz.code[i]))
        at(i < mz.code.size() ? mz.code[i] : 0, "code block " + std::to_string(i + 1) + " differs from en (comments aside)");
  }
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

bool contains(const std::vector<std::string>& v, const std::string& needle) {
  for (const auto& x : v)
    if (x.find(needle) != std::string::npos) return true;
  return false;
}

// A small chapter and its translation, for the tests below.
const char* kEn = R"md(# Attention, small

Intro with a [link](04-attention.md#masking) and [another](https://example.org/).

## What attention costs

<!-- check: demo.scores -->
| query \ key | the | cat |
|:--|--:|--:|
| the | 1.000 | 0.500 |
| cat | 0.250 | 1.5 MB |

$$\text{Attention}(Q, K, V) = \operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right) V$$

![Attention flow](../figures/attention-flow.svg)

```widget softmax T=0.7
```

```python
x = 1  # one
```

### Masking
)md";

const char* kZh = R"md(# 注意力（小） {#attention-small}

开头有一个[链接](04-attention.md#masking)和[另一个](https://example.org/)。

## 注意力的代价 {#what-attention-costs}

<!-- check: demo.scores -->
| 查询 \ 键 | the | cat |
|:--|--:|--:|
| the | 1.000 | 0.500 |
| cat | 0.250 | 1.5 MB |

$$\text{注意力}(Q, K, V) = \operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right) V$$

![注意力的流程](../figures/attention-flow.svg)

```widget softmax T=0.7
```

```python
x = 1  # 一
```

### 掩码 {#masking}
)md";

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

const auto kAllFigures = [](const std::string&) { return true; };

// The problems found in the fixture's translation with `from` replaced by `to`.
std::vector<std::string> drift(const std::string& from, const std::string& to) {
  return compare_editions(kEn, replace_once(kZh, from, to), "zh.md", kAllFigures);
}

}  // namespace

TEST_CASE("zh notes: a faithful translation passes the consistency check", "[zh]") {
  const auto p = compare_editions(kEn, kZh, "zh.md", kAllFigures);
  INFO(joined(p));
  CHECK(p.empty());
}

TEST_CASE("zh notes: the consistency check names the file, the line and the drift", "[zh]") {
  SECTION("a checked number drifts") {
    const auto p = drift("0.250", "0.25");
    INFO(joined(p));
    CHECK(contains(p, "zh.md:11: check 'demo.scores' row 3 column 2 is '0.25', en has '0.250'"));
  }
  SECTION("a number with a unit drifts") {
    const auto p = drift("1.5 MB", "1.5 MiB");
    CHECK(contains(p, "row 3 column 3 is '1.5 MiB', en has '1.5 MB'"));
  }
  SECTION("a word cell may be translated, a row may not go") {
    CHECK(drift("| cat | 0.250", "| 猫 | 0.250").empty());
    const auto p = drift("| cat | 0.250 | 1.5 MB |\n", "");
    CHECK(contains(p, "zh.md:7: check 'demo.scores': the table has 2 rows"));
  }
  SECTION("a check id changes") {
    const auto p = drift("check: demo.scores", "check: demo.score");
    CHECK(contains(p, "zh.md:7: check 1 is 'demo.score', en has 'demo.scores'"));
  }
  SECTION("a heading loses its anchor") {
    const auto p = drift(" {#masking}", "");
    INFO(joined(p));
    CHECK(contains(p, "zh.md:24: heading 3 is level 3 {#section}, en has level 3 {#masking}"));
  }
  SECTION("a heading changes level") {
    const auto p = drift("### 掩码", "## 掩码");
    CHECK(contains(p, "zh.md:24: heading 3 is level 2 {#masking}, en has level 3 {#masking}"));
  }
  SECTION("a directive changes") {
    const auto p = drift("softmax T=0.7", "softmax T=0.8");
    CHECK(contains(p, "zh.md:17: directive 1 is 'widget softmax T=0.8', en has 'widget softmax T=0.7'"));
  }
  SECTION("a formula changes beyond its words, or goes") {
    CHECK(contains(drift("\\sqrt{d_k}", "\\sqrt{d}"),
                   "zh.md:13: display formula 1 is"));
    CHECK(contains(drift("$$\\text{注意力}", "\\text{注意力}"),
                   "0 display formulas, en has 1"));
  }
  SECTION("a figure is renamed or has no translated SVG") {
    CHECK(contains(drift("attention-flow.svg", "attention.svg"),
                   "zh.md:15: figures are [../figures/attention.svg], en has [../figures/attention-flow.svg]"));
    CHECK(contains(compare_editions(kEn, kZh, "zh.md", [](const std::string&) { return false; }),
                   "zh.md:15: figure attention-flow.svg has no translation"));
  }
  SECTION("a link target changes") {
    const auto p = drift("04-attention.md#masking", "04-attention.md#mask");
    CHECK(contains(p, "link target '04-attention.md#masking' is missing"));
    CHECK(contains(p, "zh.md:3: link target '04-attention.md#mask' is not in en"));
  }
  SECTION("code changes; a translated comment does not count") {
    CHECK(contains(drift("x = 1", "x = 2"),
                   "zh.md:20: code block 1 differs"));
  }
  SECTION("an anchor used twice is reported, not a crash") {
    const auto p = drift("{#masking}", "{#what-attention-costs}");
    CHECK(contains(p, "used twice"));
  }
}

TEST_CASE("zh notes: every translated chapter matches its English source", "[zh]") {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(TMX_SOURCE_DIR) / "content";
  std::vector<fs::path> en;
  for (const auto& e : fs::directory_iterator(root / "en" / "notes"))
    if (e.path().extension() == ".md") en.push_back(e.path());
  std::sort(en.begin(), en.end());
  REQUIRE(en.size() >= 14);
  int compared = 0;
  for (const fs::path& p : en) {
    const fs::path zh = root / "zh" / "notes" / p.filename();
    if (!fs::exists(zh)) {
      if (TMX_REQUIRE_ZH_NOTES) FAIL_CHECK("content/zh/notes/" << p.filename().string() << " is missing");
      else WARN("content/zh/notes/" << p.filename().string() << " is missing (TMX_REQUIRE_ZH_NOTES=OFF)");
      continue;
    }
    const auto problems = compare_editions(read_file(p), read_file(zh), "content/zh/notes/" + p.filename().string(),
                                           [&](const std::string& name) { return fs::exists(root / "zh" / "figures" / name); });
    INFO(joined(problems));
    CHECK(problems.empty());
    ++compared;
  }
  WARN(compared << " of " << en.size() << " chapters have a translation and were compared");
}

//-----------------------------------------------------------------------------
// Explicit anchors, Chinese search, reading time
//-----------------------------------------------------------------------------
TEST_CASE("headings: an explicit {#anchor} is taken off the title and used", "[zh][markdown]") {
  const Document d = parse("# 注意力 {#attention}\n\n## 代价 `O(n)` {#what-attention-costs}\n\n## Plain heading\n");
  REQUIRE(d.headings.size() == 3);
  CHECK(d.headings[0].title == "注意力");
  CHECK(d.headings[0].anchor == "attention");
  CHECK(d.title == "注意力");
  CHECK(d.headings[1].anchor == "what-attention-costs");
  CHECK(d.headings[1].title == "代价 O(n)");
  CHECK(d.headings[2].anchor == "plain-heading");  // English headings keep their automatic anchors
  std::string t = "标题 {#a-1}";
  CHECK(split_heading_anchor(t) == "a-1");
  CHECK(t == "标题");
  t = "no anchor {here}";
  CHECK(split_heading_anchor(t).empty());
  CHECK(t == "no anchor {here}");
}

TEST_CASE("headings: a bad or duplicate explicit anchor is an error box, not a crash", "[zh][markdown]") {
  const Document d = parse("# 一 {#Bad_Anchor}\n\n## 二 {#dup}\n\n## 三 {#dup}\n\n## 四 {#}\n\n## 五 {#\xE4\xB8\x80}\n");
  int errors = 0;
  std::string all;
  for (const Block& b : d.blocks)
    if (b.kind == BlockKind::Error) ++errors, all += b.text + "\n";
  INFO(all);
  CHECK(errors == 4);
  CHECK(all.find("Bad_Anchor") != std::string::npos);
  CHECK(all.find("'dup' is used twice") != std::string::npos);
  REQUIRE(d.headings.size() == 5);
  CHECK(d.headings[0].title == "一");           // the title never shows the {#...}
  CHECK(d.headings[1].anchor == "dup");
  CHECK(d.headings[2].anchor != "dup");         // the second one gets its own
  for (const Heading& h : d.headings) CHECK(is_anchor(h.anchor));
}

TEST_CASE("library: Chinese chapters are searched by substring, titles lose their anchors", "[zh][markdown]") {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "tmx_notes_zh";
  fs::create_directories(root / "zh" / "notes");
  std::ofstream(root / "zh" / "notes" / "01-overview.md")
      << "# 概览 {#overview}\n\n本章介绍注意力机制和状态空间模型。\n\n## 缩放 {#scaling}\n\n"
         "分数要除以 $\\sqrt{d_k}$，这就是缩放点积注意力。\n";
  Library lib;
  lib.scan(root.string(), "zh");
  REQUIRE(lib.chapters().size() == 1);
  CHECK(lib.chapters()[0].title == "概览");
  CHECK(lib.chapters()[0].slug == "overview");

  auto hits = lib.search("点积注意");  // inside a "word": Chinese has no word boundaries
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].anchor == "scaling");
  CHECK(hits[0].match == "点积注意");
  CHECK(hits[0].before.find("\\sqrt") == std::string::npos);  // rendered text, not LaTeX
  CHECK(hits[0].before.find("√") != std::string::npos);
  CHECK(lib.search("缩放")[0].in_title);
  CHECK(lib.search("注意力").size() == 2);  // one hit per section
  CHECK(lib.search("模").size() == 1);      // one character is a query
  // A query cut inside a character never matches part of another one.
  const std::string half = std::string("注意").substr(0, 5);
  for (const auto& h : lib.search(half)) CHECK(h.match.find("\xEF\xBF\xBD") == std::string::npos);
  CHECK(lib.search("\xE6\xB3").empty());
  CHECK(lib.search("没有的词").empty());
}

TEST_CASE("library: reading time counts Chinese characters (~400 a minute)", "[zh][markdown]") {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "tmx_notes_zh_time";
  fs::create_directories(root / "zh" / "notes");
  std::string body;
  for (int i = 0; i < 300; ++i) body += "注意力机制。";  // 1500 characters + 300 punctuation marks
  std::ofstream(root / "zh" / "notes" / "01-long.md") << "# 长 {#long}\n\n" << body << "\n";
  Library lib;
  lib.scan(root.string(), "zh");
  const ChapterFacts& f = lib.facts(0);
  CHECK(f.cjk_chars == 1500);  // the text under the headings
  CHECK(f.words == 0);
  CHECK(f.minutes == 4);       // ceil(1500 / 400)
  CHECK(f.summary.size() < 100);  // the summary ends at the first 。 after ~20 characters
}

// The build typesets the zh chapters' formulas (Chinese inside \text{} included) and rasterizes their
// figures into gen/figures-zh, which is where a zh note's ../figures/NAME.svg is drawn from.
#include "ui/image.h"
#include "ui/math.h"

TEST_CASE("zh notes: every formula is typeset and every figure rasterized for the zh edition", "[zh][math]") {
  tmx::ui::MathCache cache;
  REQUIRE(cache.load(TMX_MATH_DIR));
  Library lib;
  lib.scan(std::string(TMX_SOURCE_DIR) + "/content", "zh");
  std::string& dir = tmx::ui::figure_dir();
  const std::string saved = dir;
  dir = std::string(TMX_FIGURES_DIR) + "-zh";
  int formulas = 0, cjk_formulas = 0, figures = 0;
  std::function<void(const std::vector<Inline>&)> check = [&](const std::vector<Inline>& ins) {
    for (const Inline& in : ins) {
      if (in.kind == InlineKind::Math || in.kind == InlineKind::MathDisplay) {
        ++formulas;
        bool cjk = false;
        for (unsigned char c : in.text) cjk |= c >= 0xE3 && c <= 0xE9;
        cjk_formulas += cjk;
        INFO(in.text);
        CHECK(cache.find(in.text, in.kind == InlineKind::MathDisplay) != nullptr);
      }
      if (in.kind == InlineKind::Image) {
        ++figures;
        const std::string png = tmx::ui::figure_png(in.text, 1.0f);
        INFO(in.text << " -> " << png);
        CHECK(std::filesystem::exists(png));
        CHECK(std::filesystem::exists(tmx::ui::figure_png(in.text, 2.0f)));
      }
    }
  };
  std::function<void(const std::vector<Block>&)> walk_blocks = [&](const std::vector<Block>& bs) {
    for (const Block& b : bs) {
      check(b.inlines);
      for (const auto& row : b.rows)
        for (const auto& cell : row) check(cell);
      for (const auto& item : b.items) walk_blocks(item);
    }
  };
  for (int i = 0; i < static_cast<int>(lib.chapters().size()); ++i) walk_blocks(lib.document(i).blocks);
  dir = saved;
  WARN(lib.chapters().size() << " zh chapters: " << formulas << " formulas (" << cjk_formulas << " with Chinese), "
                             << figures << " figures");
  if (!lib.chapters().empty()) CHECK(formulas > 0);
}
