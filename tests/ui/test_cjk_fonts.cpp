// Chinese fonts (ui/fonts.h): the build's subset holds every character of the zh sources (read from
// the font file itself with stb_truetype, not from the build's own list), files load on demand and are
// merged into the atlas within the texture limit at pixel ratios 1-3, typed characters outside the
// subset come from the GB2312 fallback, and missing glyphs are counted exactly.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#include <imstb_truetype.h>

#include "core/safetensors.h"  // read_file_text
#include "core/tokenizer/utf8.h"
#include "headless_imgui.h"
#include "ui/fonts.h"
#include "ui/fonts_data.h"
#include "ui/i18n.h"

namespace fs = std::filesystem;
using namespace tmx;

namespace {

std::string slurp(const fs::path& p) { return read_file_text(p.string()); }

// The zh sources the build subsets (same globs as scripts/gen_cjk_fonts.py).
std::vector<fs::path> zh_sources() {
  const fs::path root = TMX_SOURCE_DIR;
  std::vector<fs::path> out;
  if (fs::exists(root / "content/zh"))
    for (const auto& e : fs::recursive_directory_iterator(root / "content/zh"))
      if (e.is_regular_file() && e.path().extension() == ".md") out.push_back(e.path());
  for (const auto& e : fs::directory_iterator(root / "src/ui")) {
    const std::string n = e.path().filename().string();
    if ((n.rfind("i18n_zh", 0) == 0 || n.rfind("scene_text", 0) == 0) && e.path().extension() == ".cpp") out.push_back(e.path());
  }
  // The shipped character-level models' vocabularies (tang-gpt: the zh edition's default model).
  for (const auto& e : fs::directory_iterator(root / "assets/models"))
    if (fs::exists(e.path() / "tokenizer.char.txt")) out.push_back(e.path() / "tokenizer.char.txt");
  return out;
}

bool latin(uint32_t cp) {  // the Latin fonts' ranges (scripts/gen_fonts.py)
  static const uint32_t r[][2] = {{0x20, 0xFF}, {0x100, 0x17F}, {0x370, 0x3FF}, {0x2000, 0x206F}, {0x2070, 0x209F},
                                  {0x2190, 0x21FF}, {0x2200, 0x22FF}, {0x2300, 0x23FF}, {0x25A0, 0x25FF}};
  for (const auto& x : r)
    if (cp >= x[0] && cp <= x[1]) return true;
  return false;
}

struct FontFile {
  std::string bytes;
  stbtt_fontinfo info{};
  explicit FontFile(const std::string& name) : bytes(slurp(ui::cjk_font_dir() + "/" + name)) {
    REQUIRE(!bytes.empty());
    const auto* d = reinterpret_cast<const unsigned char*>(bytes.data());
    REQUIRE(stbtt_InitFont(&info, d, stbtt_GetFontOffsetForIndex(d, 0)) != 0);
  }
  bool has(uint32_t cp) const { return stbtt_FindGlyphIndex(&info, static_cast<int>(cp)) != 0; }
};

std::string utf8(uint32_t cp) {
  std::string s;
  tok::utf8_append(s, cp);
  return s;
}

void rebuild(float r) {
  for (int i = 0; i < 12; ++i) ui::fonts_update();  // the fallback waits ~10 quiet frames
  ui::build_fonts(r);
  unsigned char* px;
  int w, h;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &h);
}

}  // namespace

TEST_CASE("Chinese subset font has a glyph for every character of the zh sources", "[fonts][cjk]") {
  FontFile subset("cjk-subset.ttf");
  // TrueType outlines (gen_cjk_fonts.py converts Noto's CFF): stb_truetype reads a glyph's box from
  // its header instead of running its charstring, which made the Chinese atlas ~1.7x faster to build.
  for (const char* name : {"cjk-subset.ttf", "cjk-gb2312.ttf"}) {
    FontFile f(name);
    INFO(name);
    CHECK(f.info.glyf != 0);
    CHECK(f.info.cff.size == 0);
  }
  const std::regex esc(R"(\\u([0-9a-fA-F]{4}))");
  size_t checked = 0;
  std::vector<std::string> missing;
  for (const fs::path& p : zh_sources()) {
    std::string text = slurp(p), decoded;
    // C++ sources may write characters as \uXXXX.
    std::sregex_iterator it(text.begin(), text.end(), esc), end;
    size_t last = 0;
    for (; it != end; ++it) {
      decoded += text.substr(last, static_cast<size_t>(it->position()) - last);
      tok::utf8_append(decoded, static_cast<uint32_t>(std::stoul((*it)[1].str(), nullptr, 16)));
      last = static_cast<size_t>(it->position() + it->length());
    }
    decoded += text.substr(last);
    for (size_t i = 0; i < decoded.size();) {
      const tok::Utf8Unit u = tok::utf8_next(decoded, i);
      i += static_cast<size_t>(u.len);
      // CJK and full-width forms; U+FFFD (quoted by a string about invalid bytes) is the box glyph itself.
      if (!u.valid || u.cp < 0x2E80 || latin(u.cp) || u.cp == 0xFFFD) continue;
      ++checked;
      if (!subset.has(u.cp)) missing.push_back(p.filename().string() + ": " + utf8(u.cp));
    }
  }
  INFO("first missing: " << (missing.empty() ? std::string() : missing.front()));
  CHECK(missing.empty());
  CHECK(checked > 0);  // GLOSSARY.md and the language name at least
  for (const char* c : {"简", "体", "中", "文", "，", "。", "：", "（", "）", "《", "》", "、"}) {
    CAPTURE(c);
    CHECK(subset.has(tok::utf8_next(c, 0).cp));
  }
}

TEST_CASE("Chinese fallback font: the GB2312 level-1 characters the subset lacks", "[fonts][cjk]") {
  FontFile subset("cjk-subset.ttf"), fallback("cjk-gb2312.ttf");
  // The build's lists agree with the files.
  for (unsigned i = 0; i < tmx_cjk_fallback_cps_count; ++i) REQUIRE(fallback.has(tmx_cjk_fallback_cps[i]));
  for (unsigned i = 0; i < tmx_cjk_subset_cps_count; ++i) REQUIRE(subset.has(tmx_cjk_subset_cps[i]));
  // Together they cover GB2312 level 1 (3,755 characters: subset ∩ L1 + fallback). Level 1 is the
  // GB2312 rows 16-55; a few of its first and last characters, and common ones:
  for (const char* c : {"啊", "阿", "埃", "座", "的", "一", "是", "了", "我", "不", "人", "在", "他", "有", "这", "鳖", "蹦"}) {
    const uint32_t cp = tok::utf8_next(c, 0).cp;
    CAPTURE(c);
    CHECK((subset.has(cp) || fallback.has(cp)));
  }
  CHECK(tmx_cjk_fallback_cps_count + 0 <= 3755);
  // The fallback holds only what the subset lacks, so the two are disjoint and, covering level 1,
  // hold at least its 3,755 characters between them.
  for (unsigned i = 0; i < tmx_cjk_fallback_cps_count; ++i) CHECK_FALSE(subset.has(tmx_cjk_fallback_cps[i]));
  CHECK(tmx_cjk_fallback_cps_count + tmx_cjk_subset_cps_count >= 3755);
  CHECK_FALSE(fallback.has(0x9F98));         // 龘: not in GB2312 level 1
}

TEST_CASE("Chinese fonts load on demand, merge into every font and missing glyphs are counted", "[fonts][cjk]") {
  test::HeadlessImGui h;
  ui::reset_cjk_fonts();
  ui::build_fonts(1.0f);
  const ui::Fonts& f = ui::fonts();
  // English readers: only the language menu's characters are there.
  CHECK(ui::font_has_glyph(0x7B80));  // 简
  CHECK(ui::font_has_glyph(0x4E2D));  // 中
  CHECK_FALSE(ui::font_has_glyph(0x3002));  // 。
  CHECK(ui::font_file_state(ui::CjkFile::Subset).phase == ui::FontPhase::Absent);
  CHECK(f.cjk_sizes == 0);

  // Missing glyphs: "。" and a private-use character are drawn as boxes; "中" is not.
  ui::set_tofu_check(true);
  auto draw = [&](const char* text) {
    h.frame([&] {
      ImGui::PushFont(ui::fonts().body);
      ImGui::TextUnformatted(text);
      ImGui::PopFont();
      ImGui::PushFont(ui::fonts().mono);
      ImGui::TextUnformatted(text);
      ImGui::PopFont();
    });
    return ui::tofu_scan(ImGui::GetDrawData());
  };
  CHECK(draw("\xE4\xB8\xAD") == 0);                   // 中
  CHECK(draw("a\xE3\x80\x82" "b\xEE\x80\x80") == 4);  // 。 and U+E000, in two fonts

  // Text with a character of the subset asks for the subset, which is read and merged.
  ui::fonts_want_text("\xE3\x80\x82");
  CHECK(ui::font_file_state(ui::CjkFile::Subset).phase == ui::FontPhase::Ready);
  CHECK(ui::fonts_update());  // the atlas must be rebuilt once
  rebuild(1.0f);
  CHECK_FALSE(ui::fonts_update());
  CHECK(ui::font_has_glyph(0x3002));
  for (ImFont* font : {f.body, f.small, f.bold, f.h1, f.h2, f.h3, f.mono}) CHECK(font->FindGlyphNoFallback(0x3002) != nullptr);
  CHECK(draw("a\xE3\x80\x82" "b\xEE\x80\x80") == 2);  // only U+E000 is left
  // The merged glyph sits on the Latin baseline and scales with the font.
  const ImFontGlyph* g16 = f.body->FindGlyphNoFallback(0x4E2D);
  const ImFontGlyph* g30 = f.h1->FindGlyphNoFallback(0x4E2D);
  REQUIRE(g16);
  REQUIRE(g30);
  // CJK glyphs are one em wide: ~1.05 of Inter's em (16 px / 1.21), whatever the raster size shared.
  CHECK(g16->AdvanceX == Approx(16.0f / 1.21f * 1.05f).margin(0.6f));
  CHECK(g30->AdvanceX == Approx(30.0f / 1.21f * 1.05f).margin(1.0f));
  CHECK(g16->Y0 >= -0.5f);  // inside the Latin line: from its top ...
  CHECK(g16->Y1 <= f.body->Ascent - f.body->Descent + 0.5f);  // ... to its descent

  // A typed character outside the subset: the fallback file is read, and only what was typed is
  // rasterised.
  const uint32_t rare = tmx_cjk_fallback_cps[tmx_cjk_fallback_cps_count / 2];
  CHECK_FALSE(ui::font_has_glyph(rare));
  ui::fonts_want_text(utf8(rare));
  CHECK(ui::font_file_state(ui::CjkFile::Fallback).phase == ui::FontPhase::Ready);
  CHECK(ui::missing_code_points() == std::vector<uint32_t>{rare});
  rebuild(1.0f);
  CHECK(ui::font_has_glyph(rare));
  CHECK(ui::missing_code_points().empty());
  CHECK(draw(utf8(rare).c_str()) == 0);
  const std::string js = ui::fonts_status_json();
  CHECK(js.find("\"fallbackChars\":1") != std::string::npos);
  ui::set_tofu_check(false);
  ui::reset_cjk_fonts();
}

TEST_CASE("the missing-glyph box is every font's fallback, and the English atlas's lookup tables stop at its last character", "[fonts][cjk]") {
  test::HeadlessImGui h;
  ui::reset_cjk_fonts();
  ui::build_fonts(1.0f);
  const ui::Fonts& f = ui::fonts();
  for (ImFont* font : {f.body, f.small, f.bold, f.h1, f.h2, f.h3, f.mono}) {
    REQUIRE(font);
    const ImFontGlyph* box = font->FallbackGlyph;
    REQUIRE(box);
    // The box is the atlas's own drawing (not '?' or a font's glyph): it is in no font's ranges.
    CHECK(box->Codepoint < 0x20);
    // U+FFFD, characters past the tables, and missing ones inside them, all take the box's width.
    CHECK(font->FindGlyph(0xFFFD) == box);
    CHECK(font->GetCharAdvance(0xFFFD) == box->AdvanceX);
    CHECK(font->GetCharAdvance(0x3002) == box->AdvanceX);  // 。 (inside 简's table, missing)
    CHECK(font->GetCharAdvance(0x0400) == box->AdvanceX);  // Cyrillic: missing
    CHECK(font->GetCharAdvance('A') != box->AdvanceX);
    // Tables run to the highest character the font draws (简, U+7B80), not to U+FFFD.
    CHECK(font->IndexLookup.Size == 0x7B81);
  }
  CHECK(ui::font_has_glyph(0xFFFD));  // drawn as the box, so text with it wants no Chinese font
}

TEST_CASE("the Chinese UI font is settled only once it is in the atlas (a Chinese page's loader waits for it)", "[fonts][cjk]") {
  test::HeadlessImGui h;
  ui::reset_cjk_fonts();
  ui::build_fonts(1.0f);
  CHECK(ui::cjk_ui_font_settled());  // not asked for: nothing to wait for
  ui::fonts_want(ui::CjkFile::Subset);
  REQUIRE(ui::font_file_state(ui::CjkFile::Subset).phase == ui::FontPhase::Ready);  // read from the folder
  CHECK_FALSE(ui::cjk_ui_font_settled());  // loaded, not yet rasterised
  CHECK(ui::fonts_update());
  ui::build_fonts(1.0f);
  CHECK(ui::cjk_ui_font_settled());
  CHECK(ui::font_has_glyph(0x3002));  // 。
  // A file that cannot be had settles too: the page then shows why.
  ui::reset_cjk_fonts();
  ui::set_cjk_font_dir("/nonexistent-tmx-fonts");
  ui::fonts_want(ui::CjkFile::Subset);
  CHECK(ui::font_file_state(ui::CjkFile::Subset).phase == ui::FontPhase::Failed);
  CHECK(ui::cjk_ui_font_settled());
  ui::set_cjk_font_dir("");
  ui::reset_cjk_fonts();
  ui::build_fonts(1.0f);
}

TEST_CASE("Chinese font atlas stays within 4096 x 4096 at pixel ratios 1-3, even with every fallback character", "[fonts][cjk]") {
  test::HeadlessImGui h;
  ui::reset_cjk_fonts();
  std::string all;  // the worst case: every character of both files typed
  for (unsigned i = 0; i < tmx_cjk_fallback_cps_count; ++i) all += utf8(tmx_cjk_fallback_cps[i]);
  ui::fonts_want(ui::CjkFile::Subset);
  ui::fonts_want_text(all);
  for (float r : {1.0f, 2.0f, 3.0f}) {
    rebuild(r);
    const ImFontAtlas* a = ImGui::GetIO().Fonts;
    WARN("pixel ratio " << r << ": atlas " << a->TexWidth << " x " << a->TexHeight << ", " << ui::fonts().cjk_sizes
                        << " CJK raster size(s), " << tmx_cjk_subset_cps_count << " + " << tmx_cjk_fallback_cps_count << " characters");
    CHECK(a->TexWidth <= 4096);
    CHECK(a->TexHeight <= 4096);
    CHECK(ui::fonts().cjk_sizes >= 1);
    CHECK(ui::font_has_glyph(tmx_cjk_fallback_cps[0]));
    CHECK(ui::font_has_glyph(0x3002));
  }
  // Only the subset (what the zh edition shows): the sizes the report quotes.
  ui::reset_cjk_fonts();
  ui::fonts_want(ui::CjkFile::Subset);
  for (float r : {1.0f, 2.0f, 3.0f}) {
    rebuild(r);
    const ImFontAtlas* a = ImGui::GetIO().Fonts;
    WARN("subset only, pixel ratio " << r << ": atlas " << a->TexWidth << " x " << a->TexHeight << ", "
                                     << ui::fonts().cjk_sizes << " CJK raster size(s)");
    CHECK(a->TexHeight <= 4096);
  }
  ui::reset_cjk_fonts();
  ui::build_fonts(1.0f);
}

TEST_CASE("every UI string of the current languages is drawable by the fonts (no missing glyphs)", "[fonts][cjk][i18n]") {
  test::HeadlessImGui h;
  ui::reset_cjk_fonts();
  const Lang was = language();
  for (Lang l : {Lang::En, Lang::Zh}) {
    set_language(l);
    if (l == Lang::Zh) ui::fonts_want(ui::CjkFile::Subset);
    rebuild(1.0f);
    std::set<uint32_t> missing;
    for (int i = 0; i < static_cast<int>(S::Count); ++i) {
      const std::string s = tr(static_cast<S>(i));
      for (size_t k = 0; k < s.size();) {
        const tok::Utf8Unit u = tok::utf8_next(s, k);
        k += static_cast<size_t>(u.len);
        if (u.valid && u.cp >= 0x20 && !ui::font_has_glyph(u.cp)) missing.insert(u.cp);
      }
    }
    std::string list;
    char hexcp[16];
    for (uint32_t cp : missing) {
      std::snprintf(hexcp, sizeof hexcp, " U+%04X ", cp);
      list += hexcp + utf8(cp);
    }
    INFO(language_tag(l) << ": characters without a glyph:" << list);
    CHECK(missing.empty());
  }
  set_language(was);
  ui::reset_cjk_fonts();
  ui::build_fonts(1.0f);
}

TEST_CASE("Chinese headings: the heading sizes hold every character the zh headings and UI strings show; other characters are the 16 px glyphs, scaled", "[fonts][cjk]") {
  test::HeadlessImGui h;
  ui::reset_cjk_fonts();
  const Lang was = language();
  set_language(Lang::Zh);
  ui::fonts_want(ui::CjkFile::Subset);
  rebuild(1.0f);
  const ui::Fonts& f = ui::fonts();
  REQUIRE(f.cjk_sizes == 6);  // pixel ratio 1: each font its own raster size
  const ImFontAtlas* a = ImGui::GetIO().Fonts;
  // How much a glyph's quad is scaled from its texels (1: rasterised at this font's size).
  auto stretch = [&](ImFont* font, uint32_t cp) {
    const ImFontGlyph* g = font->FindGlyphNoFallback(static_cast<ImWchar>(cp));
    INFO("U+" << std::hex << cp << " in the " << std::dec << font->FontSize << " px font");
    REQUIRE(g);
    return (g->X1 - g->X0) / ((g->U1 - g->U0) * static_cast<float>(a->TexWidth));
  };
  // Characters the subset merges (the Latin fonts draw the rest; U+FFFD is the box)
  auto cjk = [](uint32_t cp) { return std::binary_search(tmx_cjk_subset_cps, tmx_cjk_subset_cps + tmx_cjk_subset_cps_count, cp); };
  // Every character of a level 1-3 heading of a zh note (read here, outside fenced code) and of
  // every zh UI string (page titles, widget sections) is sharp in every heading font.
  std::map<ImFont*, std::set<uint32_t>> shown;
  const std::regex heading(R"(^ {0,3}(#{1,3})(\s.*)?$)"), fence(R"(^\s*(```|~~~).*)");
  int headings = 0;
  for (const fs::path& p : zh_sources()) {
    if (p.extension() != ".md") continue;
    std::istringstream in(slurp(p));
    bool fenced = false;
    std::smatch m;
    for (std::string line; std::getline(in, line);) {
      if (std::regex_match(line, fence)) fenced = !fenced;
      if (fenced || !std::regex_match(line, m, heading)) continue;
      ++headings;
      ImFont* font = m[1].length() == 1 ? f.h1 : m[1].length() == 2 ? f.h2 : f.h3;
      for (size_t k = 0; k < line.size();) {
        const tok::Utf8Unit u = tok::utf8_next(line, k);
        k += static_cast<size_t>(u.len);
        if (u.valid && cjk(u.cp)) shown[font].insert(u.cp);
      }
    }
  }
  CHECK(headings > 50);
  for (int i = 0; i < static_cast<int>(S::Count); ++i) {
    const std::string s = tr(static_cast<S>(i));
    for (size_t k = 0; k < s.size();) {
      const tok::Utf8Unit u = tok::utf8_next(s, k);
      k += static_cast<size_t>(u.len);
      if (u.valid && cjk(u.cp))
        for (ImFont* font : {f.h1, f.h2, f.h3}) shown[font].insert(u.cp);
    }
  }
  for (auto& [font, cps] : shown) {
    int blurred = 0;
    for (uint32_t cp : cps)
      if (std::abs(stretch(font, cp) - 1.0f) > 0.01f) ++blurred;
    INFO(cps.size() << " characters shown in the " << font->FontSize << " px heading font");
    CHECK(blurred == 0);
  }
  // A character no heading shows (one of the Tang-poem model's): drawn in headings from the 16 px
  // glyph, scaled; the body font's is its own.
  int checked = 0;
  for (unsigned i = 0; i < tmx_cjk_subset_cps_count && checked < 20; ++i) {
    const uint32_t cp = tmx_cjk_subset_cps[i];
    bool in_heading = false;
    for (auto& [font, cps] : shown) in_heading |= cps.count(cp) > 0;
    if (cp < 0x4E00 || in_heading) continue;
    ++checked;
    CHECK(stretch(f.body, cp) == Approx(1.0f).margin(0.01f));
    CHECK(stretch(f.h1, cp) == Approx(30.0f / 16.0f).margin(0.02f));
    CHECK(stretch(f.h3, cp) == Approx(18.0f / 16.0f).margin(0.02f));
  }
  CHECK(checked == 20);
  WARN("zh atlas at pixel ratio 1: " << a->TexWidth << " x " << a->TexHeight << ", " << tmx_cjk_heading_cps_count << " of "
                                     << tmx_cjk_subset_cps_count << " characters at the heading sizes");
  set_language(was);
  ui::reset_cjk_fonts();
  ui::build_fonts(1.0f);
}
