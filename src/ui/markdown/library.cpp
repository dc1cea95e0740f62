#include "ui/markdown/library.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <sstream>

#include "core/checksum.h"
#include "core/safetensors.h"  // read_file_text
#include "core/tokenizer/utf8.h"

namespace tmx::ui::md {

void Library::scan(const std::string& content_root, const std::string& lang) {
  root_ = content_root;
  chapters_.clear();
  docs_.clear();
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(content_root) / lang / "notes";
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec) || e.path().extension() != ".md") continue;
    const std::string stem = e.path().stem().string();
    const size_t dash = stem.find('-');
    Chapter c;
    c.slug = dash != std::string::npos && dash <= 3 ? stem.substr(dash + 1) : stem;
    c.path = e.path().string();
    c.dir = e.path().parent_path().string();
    std::string text;  // the title is the first "# " line
    try {
      text = read_file_text(c.path);
    } catch (const std::exception&) {
      text.clear();  // unreadable: the slug stands in (below), and opening it says why
    }
    for (size_t at = 0; at < text.size();) {
      size_t nl = text.find('\n', at);
      if (nl == std::string::npos) nl = text.size();
      if (text.compare(at, 2, "# ") == 0) {
        c.title = text.substr(at + 2, nl - at - 2);
        if (!c.title.empty() && c.title.back() == '\r') c.title.pop_back();
        break;
      }
      at = nl + 1;
    }
    split_heading_anchor(c.title);  // a translation's "标题 {#anchor}"
    if (c.title.empty()) c.title = c.slug;
    c.title = tok::utf8_sanitize(c.title.substr(0, tok::utf8_floor(c.title, 200)));
    chapters_.push_back(c);
  }
  std::sort(chapters_.begin(), chapters_.end(), [](const Chapter& a, const Chapter& b) { return a.path < b.path; });
  docs_.resize(chapters_.size());
  facts_.clear();
  facts_.resize(chapters_.size());
  table_.clear();
  std::error_code exists_ec;
  if (std::filesystem::is_regular_file(dir / kFactsFile, exists_ec)) {
    try {
      use_facts_table(read_file_text((dir / kFactsFile).string()));
    } catch (const std::exception&) {
      table_.clear();  // unreadable: every chapter is parsed, as without a table
    }
  }
}

int Library::find(const std::string& slug) const {
  for (size_t i = 0; i < chapters_.size(); ++i)
    if (chapters_[i].slug == slug) return static_cast<int>(i);
  return -1;
}

std::string Library::source(int i) const {
  if (i < 0 || i >= static_cast<int>(chapters_.size())) return "";
  try {  // read whole (a stream copy through rdbuf() took ~10 ms a chapter in wasm)
    return read_file_text(chapters_[i].path);
  } catch (const std::exception&) {
    return "";  // a chapter that vanished reads as empty, as before
  }
}

const Document& Library::document(int i) {
  static const Document empty;
  if (i < 0 || i >= static_cast<int>(chapters_.size())) return empty;
  if (!docs_[i]) docs_[i] = std::make_unique<Document>(parse(source(i)));
  return *docs_[i];
}

const ChapterFacts& Library::facts(int i) {
  static const ChapterFacts none;
  if (i < 0 || i >= static_cast<int>(chapters_.size())) return none;
  if (facts_[i]) return *facts_[i];
  const auto row = table_.find(chapters_[i].slug);
  if (row != table_.end()) {
    const std::string text = source(i);
    if (text.size() == row->second.bytes && fnv1a32(text) == row->second.fnv) {
      facts_[i] = std::make_unique<ChapterFacts>(row->second.facts);
      return *facts_[i];
    }
  }
  facts_[i] = std::make_unique<ChapterFacts>();
  ChapterFacts& f = *facts_[i];
  const Document& d = document(i);
  for (const Section& s : d.sections) {
    bool in_word = false;
    for (size_t at = 0; at < s.text.size();) {
      const tok::Utf8Unit u = tok::utf8_next(s.text, at);
      at += static_cast<size_t>(u.len);
      if (u.valid && is_cjk(u.cp)) {  // Chinese has no spaces: each character is counted
        ++f.cjk_chars;
        in_word = false;
        continue;
      }
      const bool space = u.cp == ' ' || u.cp == '\n' || u.cp == '\t' || (u.valid && u.cp == 0x3000);
      if (!space && !in_word && !(u.valid && is_cjk_punct(u.cp))) ++f.words;
      in_word = !space && !(u.valid && is_cjk_punct(u.cp));
    }
  }
  f.minutes = std::max(1, (f.words * 2 + f.cjk_chars + 399) / 400);  // 200 words or 400 characters a minute
  std::function<void(const std::vector<Block>&)> walk = [&](const std::vector<Block>& blocks) {
    for (const Block& b : blocks) {
      if (b.kind == BlockKind::Paragraph && f.summary.empty()) f.summary = plain_text(b.inlines);
      if (b.kind == BlockKind::Directive && b.lang == "scene" && f.scene.empty()) f.scene = b.text;
      if (b.kind == BlockKind::Directive && b.lang == "widget" && f.widget.empty()) f.widget = b.text;
      for (const auto& item : b.items) walk(item);
    }
  };
  walk(d.blocks);
  // The first sentence that says something (at least ~60 bytes), at most ~220 bytes.
  std::string& s = f.summary;
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';  // one line, and one cell of facts_table()
  for (size_t at = s.find(". "); at != std::string::npos; at = s.find(". ", at + 1))
    if (at >= 60) {
      s.resize(at + 1);
      break;
    }
  for (size_t at = s.find("\xE3\x80\x82"); at != std::string::npos; at = s.find("\xE3\x80\x82", at + 3))
    if (at >= 60) {  // 。 ends a Chinese sentence (60 bytes: ~20 characters)
      s.resize(at + 3);
      break;
    }
  if (s.size() > 220) {
    size_t cut = s.rfind(' ', 220);
    s.resize(tok::utf8_floor(s, cut == std::string::npos ? 220 : cut));
    s += "\xE2\x80\xA6";  // …
  }
  return f;
}

// "tmx-note-facts 1", then per chapter: slug, bytes, fnv1a32 (hex), words, cjk_chars, minutes,
// scene, widget, summary; tab-separated. A chapter whose fields hold a tab or newline gets no row.
static constexpr const char* kFactsHeader = "tmx-note-facts 1";

std::string Library::facts_table() {
  std::string out = std::string(kFactsHeader) + "\n";
  for (int i = 0; i < static_cast<int>(chapters_.size()); ++i) {
    const std::string text = source(i);
    const ChapterFacts& f = facts(i);
    char sum[9];
    std::snprintf(sum, sizeof sum, "%08x", static_cast<unsigned>(fnv1a32(text)));
    const std::string row = chapters_[i].slug + '\t' + std::to_string(text.size()) + '\t' + sum + '\t' +
                            std::to_string(f.words) + '\t' + std::to_string(f.cjk_chars) + '\t' +
                            std::to_string(f.minutes) + '\t' + f.scene + '\t' + f.widget + '\t' + f.summary;
    if (std::count(row.begin(), row.end(), '\t') != 8 || row.find_first_of("\r\n") != std::string::npos) continue;
    out += row + '\n';
  }
  return out;
}

int Library::use_facts_table(const std::string& text) {
  table_.clear();
  std::string_view all(text);
  if (all.substr(0, all.find('\n')) != kFactsHeader) return 0;
  int taken = 0;
  for (size_t at = all.find('\n'); at != std::string_view::npos && at + 1 < all.size();) {
    const size_t end = std::min(all.find('\n', at + 1), all.size());
    std::string_view line = all.substr(at + 1, end - at - 1);
    at = end < all.size() ? end : std::string_view::npos;
    std::string_view cell[9];
    int n = 0;
    for (size_t b = 0; n < 9; ++n) {
      const size_t t = n < 8 ? line.find('\t', b) : line.size();
      if (t == std::string_view::npos) break;
      cell[n] = line.substr(b, t - b);
      b = t + 1;
    }
    if (n != 9 || cell[0].empty() || cell[8].find('\t') != std::string_view::npos) continue;
    const auto num = [](std::string_view c, auto& v, int base = 10) {
      const auto r = std::from_chars(c.data(), c.data() + c.size(), v, base);
      return r.ec == std::errc() && r.ptr == c.data() + c.size() && !c.empty();
    };
    FactsRow r;
    if (!num(cell[1], r.bytes) || !num(cell[2], r.fnv, 16) || !num(cell[3], r.facts.words) ||
        !num(cell[4], r.facts.cjk_chars) || !num(cell[5], r.facts.minutes) || r.facts.words < 0 ||
        r.facts.cjk_chars < 0 || r.facts.minutes < 1)
      continue;
    r.facts.scene = cell[6];
    r.facts.widget = cell[7];
    r.facts.summary = tok::utf8_sanitize(cell[8].substr(0, tok::utf8_floor(cell[8], 400)));
    table_[std::string(cell[0])] = std::move(r);
    ++taken;
  }
  return taken;
}

bool is_cjk(uint32_t cp) {
  return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2FA1F) || (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF);
}

bool is_cjk_punct(uint32_t cp) { return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF65); }

// ASCII letters only: bytes of other characters are never changed, so a UTF-8 query and text stay
// aligned byte for byte (a match of a valid query always starts and ends on character boundaries).
static std::string lower(const std::string& s) {
  std::string o = s;
  for (char& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

std::vector<SearchHit> Library::search(const std::string& query, size_t max_hits) {
  std::vector<SearchHit> hits, title_hits;
  // Substring search over characters (Chinese has no word boundaries): the query is cut at a
  // character and made valid UTF-8, so a half character typed or cut never matches part of another.
  const std::string q = lower(tok::utf8_sanitize(query.substr(0, tok::utf8_floor(query, 100))));
  if (q.size() < 2) return hits;
  for (int c = 0; c < static_cast<int>(chapters_.size()); ++c) {
    const Document& d = document(c);
    for (const Section& s : d.sections) {
      SearchHit h;
      h.chapter = c;
      h.anchor = s.anchor;
      h.section = s.title.empty() ? chapters_[c].title : s.title;
      if (lower(s.title).find(q) != std::string::npos) {
        h.in_title = true;
        h.match = s.title;
        title_hits.push_back(h);
        continue;
      }
      const std::string t = lower(s.text);
      const size_t at = t.find(q);
      if (at == std::string::npos) continue;
      const size_t b = tok::utf8_floor(s.text, at > 60 ? at - 60 : 0);
      const size_t e = tok::utf8_floor(s.text, std::min(s.text.size(), at + q.size() + 80));
      h.before = (b > 0 ? "…" : "") + s.text.substr(b, at - b);
      h.match = s.text.substr(at, q.size());
      h.after = s.text.substr(at + q.size(), e - at - q.size()) + (e < s.text.size() ? "…" : "");
      hits.push_back(h);
    }
  }
  title_hits.insert(title_hits.end(), hits.begin(), hits.end());
  if (title_hits.size() > max_hits) title_hits.resize(max_hits);
  return title_hits;
}

}  // namespace tmx::ui::md
