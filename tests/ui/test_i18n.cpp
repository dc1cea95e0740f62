#include <catch2/catch.hpp>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <set>
#include <string>

#include "anim/scene.h"
#include "headless_imgui.h"
#include "ui/i18n.h"
#include "ui/i18n_zh.h"
#include "ui/scene_text.h"
#include "ui/scene_text_zh.h"
#include "ui/stage_hooks.h"
#include "ui/widget.h"

using namespace tmx;

TEST_CASE("every UI string has text in every language", "[ui][i18n]") {
  for (int l = 0; l < static_cast<int>(Lang::Count); ++l) {
    set_language(static_cast<Lang>(l));
    for (int i = 0; i < static_cast<int>(S::Count); ++i) {
      INFO("language " << l << ", string " << i);
      const char* t = tr(static_cast<S>(i));
      REQUIRE(t != nullptr);
      CHECK(std::strlen(t) > 0);
    }
  }
  set_language(Lang::En);
  CHECK(std::strcmp(tr(S::Notes), "Notes") == 0);
}

// The chrome of notes, players, videos and pages is translated: no English sentence or label is
// written as a string literal in these files; each goes through tr(S::...) / trf(). (Widget
// control labels and scene captions are checked where those are declared.)
namespace {

struct Literal {
  int line;
  std::string text;
};

// String literals of a C++ file, without comments, #include lines and raw strings.
std::vector<Literal> string_literals(const std::string& src) {
  std::vector<Literal> out;
  int line = 1;
  for (size_t i = 0; i < src.size(); ++i) {
    const char c = src[i];
    if (c == '\n') { ++line; continue; }
    if (c == '/' && i + 1 < src.size() && src[i + 1] == '/') {
      while (i < src.size() && src[i] != '\n') ++i;
      --i;
      continue;
    }
    if (c == '/' && i + 1 < src.size() && src[i + 1] == '*') {
      for (i += 2; i + 1 < src.size() && !(src[i] == '*' && src[i + 1] == '/'); ++i)
        if (src[i] == '\n') ++line;
      ++i;
      continue;
    }
    if (c == '#' && (i == 0 || src[i - 1] == '\n')) {  // preprocessor line
      while (i < src.size() && src[i] != '\n') ++i;
      --i;
      continue;
    }
    if (c == '\'') {  // char literal
      for (++i; i < src.size() && src[i] != '\''; ++i)
        if (src[i] == '\\') ++i;
      continue;
    }
    if (c == 'R' && i + 1 < src.size() && src[i + 1] == '"') {  // raw string: R"delim( ... )delim"
      const size_t open = src.find('(', i);
      const std::string close = ")" + src.substr(i + 2, open - i - 2) + "\"";
      const size_t end = src.find(close, open);
      for (size_t k = i; k < end; ++k)
        if (src[k] == '\n') ++line;
      i = end + close.size() - 1;
      continue;
    }
    if (c == '"') {
      std::string s;
      for (++i; i < src.size() && src[i] != '"'; ++i) {
        if (src[i] == '\\' && i + 1 < src.size()) s += src[i++];
        s += src[i];
      }
      out.push_back({line, s});
    }
  }
  return out;
}

bool is_word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Reads as text meant for a person: two words separated by a space ("Open in Lab", "LIVE
// WIDGET"), or one capitalised word ("Copy"). Technical literals (ImGui ids, JSON, paths,
// keys, format strings, markdown markers such as "[!NOTE]", names such as "TMX_MATH") do not.
bool reads_as_prose(const std::string& s) {
  if (s.rfind("##", 0) == 0 || s.rfind("[!", 0) == 0 || s.find("\\\"") != std::string::npos ||
      s.find("://") != std::string::npos || s.find("#/") != std::string::npos)
    return false;
  if (s.find('_') != std::string::npos &&
      s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string::npos)
    return false;  // an environment variable or macro name
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    if (!is_word_char(s[i]) || (i > 0 && is_word_char(s[i - 1]))) continue;
    size_t j = i;
    while (j < s.size() && is_word_char(s[j])) ++j;
    const bool capital = s[i] >= 'A' && s[i] <= 'Z' && j - i >= 3;
    if (capital) return true;
    if (j - i >= 2 && j + 2 < s.size() && s[j] == ' ' && is_word_char(s[j + 1]) && is_word_char(s[j + 2])) return true;
    i = j;
  }
  return false;
}

}  // namespace

TEST_CASE("i18n: note, player, video and page chrome has no untranslated literals", "[ui][i18n]") {
  namespace fs = std::filesystem;
  const fs::path root = TMX_SOURCE_DIR;
  std::vector<fs::path> files = {root / "src/ui/markdown/note_view.cpp", root / "src/ui/markdown/text_layout.cpp",
                                 root / "src/ui/markdown/document.cpp",  root / "src/ui/video_view.cpp",
                                 root / "src/ui/scene_video.cpp",        root / "src/ui/scene_player.cpp",
                                 root / "src/ui/scene_params.cpp",       root / "src/app/app.cpp"};
  for (const auto& e : fs::directory_iterator(root / "src/app/pages"))
    if (e.path().extension() == ".cpp") files.push_back(e.path());
  int literals = 0;
  for (const fs::path& f : files) {
    std::ifstream in(f);
    REQUIRE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    for (const Literal& l : string_literals(ss.str())) {
      ++literals;
      INFO(f.filename().string() << ":" << l.line << ": \"" << l.text << "\"");
      CHECK_FALSE(reads_as_prose(l.text));
    }
  }
  CHECK(literals > 100);  // the scan sees the files' literals

  // The scanner itself: what it must flag and what it must let through.
  CHECK(reads_as_prose("LIVE WIDGET"));
  CHECK(reads_as_prose("Open in Lab"));
  CHECK(reads_as_prose("Copy"));
  CHECK(reads_as_prose("Directive parameters: "));
  CHECK_FALSE(reads_as_prose("##directive"));
  CHECK_FALSE(reads_as_prose("widget"));
  CHECK_FALSE(reads_as_prose("%s  \\xC2\\xB7  %s"));
  CHECK_FALSE(reads_as_prose("#/lab/"));
  CHECK_FALSE(reads_as_prose("[!NOTE]"));
  CHECK_FALSE(reads_as_prose("TMX_MATH"));
  CHECK(string_literals("a(\"x\"); // \"Open in Lab\"\n#include \"y.h\"\nb('\"');\n").size() == 1);
}

TEST_CASE("every widget parameter's label, help and choice labels have text in every language", "[ui][i18n][widgets]") {
  for (int l = 0; l < static_cast<int>(Lang::Count); ++l) {
    set_language(static_cast<Lang>(l));
    for (const auto& info : ui::widgets()) {
      auto w = info.create();
      for (const auto& s : w->param_specs().list()) {
        INFO("language " << l << ", widget " << info.slug << ", parameter " << s.key);
        CHECK(std::strlen(tr(s.label)) > 0);
        CHECK(std::strcmp(tr(s.label), "?") != 0);
        if (s.help) CHECK(std::strlen(tr(*s.help)) > 0);
        for (const auto& c : s.choices) CHECK(std::strlen(tr(c.label)) > 0);
      }
    }
  }
  set_language(Lang::En);
}

// Text saved twice as UTF-8 (mojibake, e.g. "\xC3\x8E\xC2\x94_t" for "\xCE\x94_t") shows up as
// C1 control characters (U+0080..U+009F, bytes C2 80..C2 9F), which no UI string ever needs.
TEST_CASE("UI and scene sources contain no double-encoded UTF-8", "[ui][i18n]") {
  int files = 0;
  for (const char* dir : {"src/ui", "src/anim", "src/app"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(TMX_SOURCE_DIR) + "/" + dir)) {
      const std::string ext = e.path().extension().string();
      if (ext != ".cpp" && ext != ".h") continue;
      std::ifstream f(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      const std::string text = ss.str();
      ++files;
      for (size_t i = 0; i + 1 < text.size(); ++i) {
        const auto a = static_cast<unsigned char>(text[i]), b = static_cast<unsigned char>(text[i + 1]);
        INFO(e.path().string() << " at byte " << i);
        REQUIRE(!(a == 0xC2 && b >= 0x80 && b <= 0x9F));
      }
    }
  }
  CHECK(files > 20);
}

// Scene strings: the Scene's own (title, subtitle, chapter titles and captions) and every label
// an object draws through Stage::tr (collected by drawing each scene at 4 frames a second) must
// have a row in the scene string table (src/ui/scene_text.cpp) with text in every language.
TEST_CASE("every scene string has text in every language", "[ui][i18n][cinema]") {
  test::HeadlessImGui g;
  ImGui::NewFrame();
  std::set<std::string> keys;
  for (const auto& info : anim::scenes()) {
    auto s = info.create();
    for (const auto& k : s->strings()) keys.insert(k);
    for (float t = 0; t <= s->duration() + 0.25f; t += 0.25f) {
      ImDrawList dl(ImGui::GetDrawListSharedData());
      dl._ResetForNewFrame();
      dl.PushClipRectFullScreen();
      dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
      anim::StageLog log;
      anim::Stage stage = ui::make_stage(&dl, ImVec2(0, 0), 960, true);
      stage.set_log(&log);
      s->render(stage, t);
      keys.insert(log.keys.begin(), log.keys.end());
    }
  }
  ImGui::EndFrame();
  CHECK(keys.size() > 40);
  for (const auto& k : keys)
    for (int l = 0; l < static_cast<int>(Lang::Count); ++l) {
      INFO("language " << l);
      if (!ui::scene_text_in(k, static_cast<Lang>(l))) FAIL_CHECK("no text in src/ui/scene_text.cpp for: " << k);
    }
  // The hook reaches the stage: a translated string is what the stage draws.
  CHECK(ui::scene_text("Causal mask") == "Causal mask");
  CHECK(ui::scene_text("a string no scene has") == "a string no scene has");  // English when missing
}

// What the Lab and Cinema cards and page headings show of a registered widget or scene (its
// title and summary, given to the register macro in English) has text in every language.
TEST_CASE("every registered widget's and scene's title and summary has text in every language", "[ui][i18n]") {
  std::vector<std::string> keys;
  for (const auto& w : ui::widgets()) keys.insert(keys.end(), {w.title, w.summary});
  for (const auto& s : anim::scenes()) keys.insert(keys.end(), {s.title, s.summary});
  CHECK(keys.size() >= 20);
  for (const auto& k : keys)
    for (int l = 0; l < static_cast<int>(Lang::Count); ++l) {
      INFO("language " << l);
      if (!ui::scene_text_in(k, static_cast<Lang>(l))) FAIL_CHECK("no text in src/ui/scene_text.cpp for: " << k);
    }
  CHECK(ui::registry_text("Attention lab") == "Attention lab");
}

// ---- Simplified Chinese (src/ui/i18n_zh.cpp, src/ui/scene_text_zh.cpp) ----
namespace {

// The placeholders of a string: "{0}", "{1}", "{file}"... (a translation may reorder them).
std::set<std::string> placeholders(const std::string& s) {
  std::set<std::string> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '{') continue;
    size_t j = i + 1;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
    if (j > i + 1 && j < s.size() && s[j] == '}') out.insert(s.substr(i, j - i + 1));
  }
  return out;
}

// True when the UTF-8 text holds a CJK character or full-width punctuation (U+2E80..U+9FFF,
// U+3000..U+303F, U+FF00..U+FFEF): the mark of a Chinese translation.
bool has_cjk(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xF0) != 0xE0 || i + 2 >= s.size()) continue;  // CJK is 3 bytes in UTF-8
    const unsigned cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                        (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
    if ((cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF)) return true;
  }
  return false;
}

// English left untranslated: a text with no Chinese in it that still has an English word (3+ letters,
// lower case or Capitalised; acronyms such as GPT or ZOH, CamelCase names such as LayerNorm and
// identifiers with digits, '_', '-' or '\'' such as d_model, fp16, top-k, kjv-gpt are symbols) other
// than a few names and symbols that stay as they are.
std::string untranslated_word(const std::string& zh) {
  if (has_cjk(zh)) return "";
  static const std::set<std::string> kKeep = {"English", "Mamba", "Adam", "Mistral", "softmax", "logits", "max",
                                              "rms",     "act",   "wte",  "wpe",     "inf",     "exp",    "sin", "cos", "wasm"};
  auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '\''; };
  for (size_t i = 0; i < zh.size();) {
    if (!word_char(zh[i])) { ++i; continue; }
    size_t j = i;
    bool symbol = false;
    while (j < zh.size() && word_char(zh[j])) {
      if (!std::isalpha(static_cast<unsigned char>(zh[j]))) symbol = true;
      ++j;
    }
    const std::string w = zh.substr(i, j - i);
    i = j;
    if (symbol || w.size() < 3 || kKeep.count(w)) continue;
    bool lower_tail = true;
    for (size_t k = 1; k < w.size(); ++k) lower_tail = lower_tail && std::islower(static_cast<unsigned char>(w[k]));
    if (lower_tail) return w;
  }
  return "";
}

// The English of a string whatever the current language.
std::string en_of(S id) {
  const Lang was = language();
  set_language(Lang::En);
  std::string en = tr(id);
  set_language(was);
  return en;
}

// The checks every Chinese text passes against its English.
void check_zh(const std::string& en, const char* zh, const std::string& where) {
  INFO(where << ": \"" << en << "\"");
  if (!zh) {
    FAIL_CHECK("no Chinese text");
    return;
  }
  CHECK(std::strlen(zh) > 0);
  CHECK(placeholders(zh) == placeholders(en));
  const std::string w = untranslated_word(zh);
  INFO("Chinese: \"" << zh << "\"");
  CHECK(w == "");
}

}  // namespace

TEST_CASE("zh checks: placeholders and the untranslated-English heuristic", "[ui][i18n][zh]") {
  CHECK(placeholders("{0} of {1}, {file} and {0}") == std::set<std::string>{"{0}", "{1}", "{file}"});
  CHECK(placeholders("a {b c} { } {}").empty());
  CHECK(has_cjk("\xE4\xB8\xAD"));         // 中
  CHECK(has_cjk("x\xEF\xBC\x9A"));        // full-width colon
  CHECK_FALSE(has_cjk("\xCE\x94t = 0.5"));  // Δt: Greek is not Chinese
  CHECK(untranslated_word("Next token") == "Next");
  CHECK(untranslated_word("temperature T") == "temperature");
  CHECK(untranslated_word("step {0} of {1}") == "step");
  CHECK(untranslated_word("\xE4\xB8\x8B\xE4\xB8\x80\xE4\xB8\xAA token") == "");  // 下一个 token: has Chinese
  for (const char* keep : {"GPT-2", "softmax", "Q", "K", "V", "top-k", "d_model", "LayerNorm", "ReLU", "SGD", "Mamba",
                           "max |y \xE2\x88\x92 y_recurrence|", "x = wte + wpe", "LLaMA-2 7B", "{0} \xC3\x97 {1}"})
    CHECK(untranslated_word(keep) == "");
}

TEST_CASE("every UI string has Chinese: non-empty, same placeholders, not English left as it is", "[ui][i18n][zh]") {
  int n = 0;
  for (int i = 0; i < static_cast<int>(S::Count); ++i) {
    const S id = static_cast<S>(i);
    set_language(Lang::En);
    const std::string en = tr(id);
    check_zh(en, tr_zh(id), "S #" + std::to_string(i));
    set_language(Lang::Zh);  // tr() reads the Chinese table
    CHECK(std::strcmp(tr(id), tr_zh(id)) == 0);
    ++n;
  }
  set_language(Lang::En);
  CHECK(n == static_cast<int>(S::Count));
  CHECK(n > 900);
  set_language(Lang::Zh);
  CHECK(std::string(tr(S::Home)) == "\xE9\xA6\x96\xE9\xA1\xB5");  // 首页 (GLOSSARY.md)
  CHECK(trf(S::WOptStepOf, {"3", "8"}) == "\xE7\xAC\xAC 3 / 8 \xE6\xAD\xA5");  // 第 3 / 8 步
  set_language(Lang::En);
  CHECK(std::string(tr(S::Home)) == "Home");
}

TEST_CASE("every scene string has Chinese, and every Chinese row has its English row", "[ui][i18n][zh][cinema]") {
  std::set<std::string> english;
  for (int i = 0; i < ui::scene_text_rows(); ++i) {
    const std::string en = ui::scene_text_key(i);
    english.insert(en);
    check_zh(en, ui::scene_text_in(en, Lang::Zh), "scene_text.cpp row " + std::to_string(i + 1));
  }
  CHECK(english.size() > 600);
  for (int i = 0; i < ui::scene_text_zh_rows(); ++i) {
    INFO("scene_text_zh.cpp row " << i + 1 << ": \"" << ui::scene_text_zh_key(i) << "\"");
    if (!english.count(ui::scene_text_zh_key(i))) FAIL_CHECK("no such English row in scene_text.cpp (changed or removed?)");
  }
  set_language(Lang::Zh);
  CHECK(ui::scene_text("Causal mask") == "\xE5\x9B\xA0\xE6\x9E\x9C\xE6\x8E\xA9\xE7\xA0\x81");  // 因果掩码
  CHECK(ui::registry_text("Attention lab") == "\xE6\xB3\xA8\xE6\x84\x8F\xE5\x8A\x9B\xE5\xAE\x9E\xE9\xAA\x8C\xE5\xAE\xA4");  // 注意力实验室
  CHECK(ui::scene_text("a string no scene has") == "a string no scene has");
  set_language(Lang::En);
}

// A widget's controls are labelled through tr(): in Chinese every label, help text and choice reads
// Chinese (or is a symbol/name), the same text tr_zh() holds.
TEST_CASE("every widget parameter's label, help and choices read Chinese in zh", "[ui][i18n][zh][widgets]") {
  set_language(Lang::Zh);
  int labels = 0;
  for (const auto& info : ui::widgets()) {
    auto w = info.create();
    for (const auto& s : w->param_specs().list()) {
      const std::string where = std::string(info.slug) + " parameter " + s.key;
      CHECK(std::strcmp(tr(s.label), tr_zh(s.label)) == 0);
      check_zh(en_of(s.label), tr(s.label), where);
      if (s.help) check_zh(en_of(*s.help), tr(*s.help), where + " help");
      for (const auto& c : s.choices) check_zh(en_of(c.label), tr(c.label), where + " choice");
      ++labels;
    }
  }
  set_language(Lang::En);
  CHECK(labels > 50);
}
