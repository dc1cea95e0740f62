#include "ui/fonts.h"

#include <algorithm>
#include <cmath>

#include "ui/fonts_data.h"

namespace tmx::ui {

static Fonts g_fonts;

// Must match RANGES in scripts/gen_fonts.py (what the subset kept).
static const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x0370, 0x03FF, 0x2000, 0x206F, 0x2070, 0x209F,
    0x2190, 0x21FF, 0x2200, 0x22FF, 0x2300, 0x23FF, 0x25A0, 0x25FF, 0,
};

static ImFont* add(const unsigned char* data, unsigned size, float px, float ratio) {
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // static arrays: the atlas must not free them
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = false;
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(data), static_cast<int>(size),
                                                   std::round(px * ratio), &cfg, kGlyphRanges);
}

const Fonts& build_fonts(float pixel_ratio) {
  const float r = std::clamp(pixel_ratio, 1.0f, 4.0f);
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  g_fonts.body = add(tmx_font_ui, tmx_font_ui_size, 16.0f, r);
  g_fonts.small = add(tmx_font_ui, tmx_font_ui_size, 13.0f, r);
  g_fonts.bold = add(tmx_font_bold, tmx_font_bold_size, 16.0f, r);
  g_fonts.h1 = add(tmx_font_bold, tmx_font_bold_size, 30.0f, r);
  g_fonts.h2 = add(tmx_font_bold, tmx_font_bold_size, 22.0f, r);
  g_fonts.h3 = add(tmx_font_bold, tmx_font_bold_size, 18.0f, r);
  g_fonts.mono = add(tmx_font_mono, tmx_font_mono_size, 14.0f, r);
  io.Fonts->Build();
  io.FontDefault = g_fonts.body;
  io.FontGlobalScale = 1.0f / r;  // glyphs rasterized at device pixels, laid out in CSS pixels
  g_fonts.scale = r;
  return g_fonts;
}

const Fonts& fonts() { return g_fonts; }

}  // namespace tmx::ui
