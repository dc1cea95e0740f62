// The chapters of the notes room: content/<lang>/notes/NN-slug.md, ordered by file name,
// parsed on first use; plus full-text search across all of them.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ui/markdown/document.h"

namespace tmx::ui::md {

struct Chapter {
  std::string slug;   // file name without "NN-" and ".md"
  std::string title;  // first "# " heading (or the slug)
  std::string path;
  std::string dir;    // folder of the file (relative images resolve here)
};

struct SearchHit {
  int chapter = 0;          // index into chapters()
  std::string anchor;       // the heading the match is under ("" = top of the note)
  std::string section;      // that heading's title
  std::string before, match, after;  // context around the first match in the section
  bool in_title = false;    // matched a chapter or section title (ranked first)
};

// What a chapter card and the home page's reading path show, taken from the parsed chapter.
struct ChapterFacts {
  std::string summary;         // the opening paragraph's first sentence(s), plain text
  int words = 0;               // words of Latin-script text
  int cjk_chars = 0;           // Chinese (CJK) characters, which have no spaces between words
  int minutes = 1;             // reading time at 200 words or ~400 CJK characters a minute
  std::string scene, widget;   // the first ```scene and ```widget the chapter embeds ("" if none)
};

// Han (CJK unified ideographs, extensions, compatibility), kana and Hangul; CJK punctuation and
// full-width forms. For counting reading time.
bool is_cjk(uint32_t cp);
bool is_cjk_punct(uint32_t cp);

class Library {
 public:
  void scan(const std::string& content_root, const std::string& lang = "en");
  const std::vector<Chapter>& chapters() const { return chapters_; }
  int find(const std::string& slug) const;  // -1 if unknown
  // Parsed once per chapter (kept for search); the file is read on first call.
  const Document& document(int chapter);
  std::string source(int chapter) const;
  const ChapterFacts& facts(int chapter);  // computed once (parses the chapter if it was not yet)
  // Every chapter's facts as a table, one row a chapter with the chapter's size and FNV-1a checksum.
  // `tmx note-facts` writes it at build time as notes/facts.tsv, which scan() reads: the home page
  // then needs no chapter parsed before the website's first frame. A chapter whose bytes differ from
  // its row's (edited since) is parsed as before, so the table is never trusted over the text.
  std::string facts_table();
  int use_facts_table(const std::string& text);  // rows taken; malformed rows are skipped
  static constexpr const char* kFactsFile = "facts.tsv";
  // Case-insensitive; at most one hit per section, up to max_hits. Queries under 2 characters match nothing.
  std::vector<SearchHit> search(const std::string& query, size_t max_hits = 30);
  const std::string& root() const { return root_; }

 private:
  std::string root_;
  std::vector<Chapter> chapters_;
  std::vector<std::unique_ptr<Document>> docs_;
  std::vector<std::unique_ptr<ChapterFacts>> facts_;  // drawn every frame by the home page and the index
  struct FactsRow {
    size_t bytes = 0;
    uint32_t fnv = 0;
    ChapterFacts facts;
  };
  std::map<std::string, FactsRow> table_;  // by slug, from kFactsFile
};

}  // namespace tmx::ui::md
