// Fonts embedded at build time (Inter, Inter SemiBold, JetBrains Mono), rasterized at the
// display's pixel ratio so text is crisp on HiDPI screens; sizes below are in CSS pixels.
//
// Chinese (Noto Sans CJK SC, subset at build time by scripts/gen_cjk_fonts.py) is not embedded:
//   cjk-subset.ttf  every character of the zh notes, UI strings and scene text (+ punctuation)
//   cjk-gb2312.ttf  the GB2312 level-1 characters the subset lacks, for text a user types
// They are requested when the language is Chinese or when text about to be shown contains a
// character the atlas lacks (fonts_want_text: text boxes, prompts). Natively they are read from the
// build's gen/fonts, the offline file carries them at /fonts, the web page fetches them from its
// own origin (assets/fonts/NAME, Host::fonts) with progress (draw_font_progress). Each file's size
// and SHA-256 are checked before use. When one arrives, fonts_update() says the atlas must be
// rebuilt (the platform calls build_fonts again and re-uploads the texture). CJK glyphs are merged
// into every font; when the atlas would pass 4096 x 4096 px (high pixel ratios), fewer CJK sizes
// are rasterised and shared by the fonts of nearby sizes (scaled quads). Of the fallback file only
// the characters seen in text are rasterised. "简体中文" (the language menu) is always there. The
// heading sizes hold only the characters headings show (tmx_cjk_heading_cps): the rest of the subset
// is drawn there from the 16 px glyphs, scaled.
//
// Missing glyphs ("tofu") are drawn as a box glyph, every font's fallback (U+FFFD too), with its own
// atlas rectangle, so a frame's draw lists show exactly how many were drawn (tofu_scan); tests turn
// the scan on.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tmx::ui {

struct Fonts {
  ImFont* body = nullptr;   // 16 px Inter: UI and reading text
  ImFont* small = nullptr;  // 13 px Inter: captions, axis labels
  ImFont* bold = nullptr;   // 16 px Inter SemiBold
  ImFont* h1 = nullptr;     // 30 px Inter SemiBold
  ImFont* h2 = nullptr;     // 22 px Inter SemiBold
  ImFont* h3 = nullptr;     // 18 px Inter SemiBold
  ImFont* mono = nullptr;   // 14 px JetBrains Mono: code and numbers
  float scale = 0.0f;       // pixel ratio the atlas was built for
  int cjk_sizes = 0;        // distinct CJK raster sizes in the atlas (0: no CJK file loaded)
  // +1 at every build_fonts: the ImFont objects above are new, so anything that kept one (laid-out
  // text) must lay out again. A Chinese font arriving rebuilds the atlas at the same scale.
  unsigned generation = 0;
};

// (Re)builds the atlas for `pixel_ratio`; the caller re-uploads the texture. Returns the fonts.
const Fonts& build_fonts(float pixel_ratio);
const Fonts& fonts();

// --- Chinese fonts on demand ---
enum class CjkFile { Subset, Fallback };
enum class FontPhase { Absent, Downloading, Ready, Failed };
struct FontFileState {
  FontPhase phase = FontPhase::Absent;
  size_t done = 0, total = 0;
  std::string message;  // Failed: a sentence naming the file
};
// Where the files are read from (native default: the build's gen/fonts; web: /fonts). Tests may
// point it elsewhere before requesting.
void set_cjk_font_dir(const std::string& dir);
std::string cjk_font_dir();
// Forgets the loaded files, requests and wanted characters (tests; the next build_fonts is Latin only).
void reset_cjk_fonts();
void fonts_want(CjkFile f);
// Text about to be shown or just typed: requests the file(s) its characters need and remembers the
// fallback characters to rasterise. Cheap for ASCII.
void fonts_want_text(std::string_view utf8);
// Once per frame before NewFrame (also follows the language): advances downloads and checks;
// true when the atlas must be rebuilt now (call build_fonts(scale) and re-upload the texture).
bool fonts_update();
FontFileState font_file_state(CjkFile f);
// The Chinese UI font (the subset) draws now, or will not: not asked for, failed, or in the atlas.
// A Chinese page's loader stays until then, so its first picture is not a page of boxes.
bool cjk_ui_font_settled();
bool font_has_glyph(uint32_t cp);  // the current atlas (body font) draws cp as itself
// A small panel at the bottom of the screen while a font downloads (or failed).
void draw_font_progress();

// --- Tofu (missing-glyph) detection ---
void set_tofu_check(bool on);
bool tofu_check();
// Counts the quads of the missing-glyph box in draw data (exact: that glyph has its own atlas
// rectangle). Also records the frame's count for fonts_status_json.
int tofu_scan(const ImDrawData* dd);
// Code points seen by fonts_want_text that the atlas lacks now (sorted, at most 64).
std::vector<uint32_t> missing_code_points();
// {"subset":{"phase":..,"done":..,"total":..},"fallback":{..},"cjkSizes":N,"atlas":[w,h],
//  "tofu":{"on":b,"frame":N,"max":N,"codepoints":[..]}}
std::string fonts_status_json();

}  // namespace tmx::ui
