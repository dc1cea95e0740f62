#include "ui/theme.h"

#include "ui/cjk_wrap.h"
#include "ui/fonts.h"
#include "ui/touch.h"

namespace tmx::ui {

static bool g_dark = true;
static Palette g_pal;

static ImVec4 rgb(int hex, float a = 1.0f) {
  return ImVec4(((hex >> 16) & 255) / 255.0f, ((hex >> 8) & 255) / 255.0f, (hex & 255) / 255.0f, a);
}
static ImU32 u32(int hex, float a = 1.0f) { return ImGui::ColorConvertFloat4ToU32(rgb(hex, a)); }

void apply_theme(bool dark) {
  g_dark = dark;
  ImGuiStyle& st = ImGui::GetStyle();
  if (dark) ImGui::StyleColorsDark(&st); else ImGui::StyleColorsLight(&st);
  st.WindowRounding = 0.0f;
  st.ChildRounding = 6.0f;
  st.FrameRounding = 5.0f;
  st.PopupRounding = 6.0f;
  st.GrabRounding = 5.0f;
  st.TabRounding = 5.0f;
  st.ScrollbarRounding = 6.0f;
  st.FramePadding = ImVec2(10, 6);
  st.ItemSpacing = ImVec2(10, 8);
  st.WindowPadding = ImVec2(16, 14);
  st.ScrollbarSize = 14.0f;
  st.WindowBorderSize = 0.0f;
  if (touch_frame().device) {
    // Finger-sized: every frame (button, field, slider, checkbox) at least 44 CSS px tall
    // (16 px text + 2 x 14), grabs wide enough to hold, and room between neighbours.
    st.FramePadding = ImVec2(12, 14);
    st.ItemSpacing = ImVec2(12, 12);
    st.ItemInnerSpacing = ImVec2(10, 8);
    st.GrabMinSize = 28.0f;
    st.ScrollbarSize = 18.0f;
    st.TouchExtraPadding = ImVec2(2, 2);
  } else {
    st.ItemInnerSpacing = ImVec2(4, 4);  // ImGui's defaults
    st.GrabMinSize = 10.0f;
    st.TouchExtraPadding = ImVec2(0, 0);
  }
  st.ChildBorderSize = 1.0f;
  ImVec4* c = st.Colors;
  // Accent: a calm blue that reads on both backgrounds.
  const int accent = dark ? 0x5aa9ff : 0x1f6fd1;
  if (dark) {
    c[ImGuiCol_WindowBg] = rgb(0x16181d);
    c[ImGuiCol_ChildBg] = rgb(0x1c1f26);
    c[ImGuiCol_PopupBg] = rgb(0x20242c);
    c[ImGuiCol_MenuBarBg] = rgb(0x111317);
    c[ImGuiCol_Text] = rgb(0xe6e8ec);
    c[ImGuiCol_TextDisabled] = rgb(0x9aa1ad);
    c[ImGuiCol_Border] = rgb(0x2d323c);
    c[ImGuiCol_FrameBg] = rgb(0x252a33);
    c[ImGuiCol_FrameBgHovered] = rgb(0x2e3440);
    c[ImGuiCol_FrameBgActive] = rgb(0x353c4a);
  } else {
    c[ImGuiCol_WindowBg] = rgb(0xfbfbfa);
    c[ImGuiCol_ChildBg] = rgb(0xffffff);
    c[ImGuiCol_PopupBg] = rgb(0xffffff);
    c[ImGuiCol_MenuBarBg] = rgb(0xeef0f3);
    c[ImGuiCol_Text] = rgb(0x1b1e24);
    c[ImGuiCol_TextDisabled] = rgb(0x5d6470);
    c[ImGuiCol_Border] = rgb(0xd9dde3);
    c[ImGuiCol_FrameBg] = rgb(0xeef0f3);
    c[ImGuiCol_FrameBgHovered] = rgb(0xe3e7ec);
    c[ImGuiCol_FrameBgActive] = rgb(0xd7dce3);
  }
  c[ImGuiCol_Button] = rgb(accent, dark ? 0.22f : 0.14f);
  c[ImGuiCol_ButtonHovered] = rgb(accent, dark ? 0.38f : 0.26f);
  c[ImGuiCol_ButtonActive] = rgb(accent, dark ? 0.55f : 0.40f);
  c[ImGuiCol_Header] = rgb(accent, dark ? 0.22f : 0.14f);
  c[ImGuiCol_HeaderHovered] = rgb(accent, dark ? 0.32f : 0.22f);
  c[ImGuiCol_HeaderActive] = rgb(accent, dark ? 0.45f : 0.32f);
  c[ImGuiCol_SliderGrab] = rgb(accent);
  c[ImGuiCol_SliderGrabActive] = rgb(accent);
  c[ImGuiCol_CheckMark] = rgb(accent);
  c[ImGuiCol_NavHighlight] = rgb(accent);

  g_pal.text = ImGui::GetColorU32(c[ImGuiCol_Text]);
  g_pal.text_dim = ImGui::GetColorU32(c[ImGuiCol_TextDisabled]);
  g_pal.accent = u32(accent);
  g_pal.accent_soft = u32(accent, dark ? 0.25f : 0.15f);
  g_pal.card = ImGui::GetColorU32(c[ImGuiCol_ChildBg]);
  g_pal.card_hover = dark ? u32(0x232833) : u32(0xf2f5f9);
  g_pal.border = ImGui::GetColorU32(c[ImGuiCol_Border]);
  g_pal.warning = dark ? u32(0xf2b84b) : u32(0x9a6400);
  g_pal.error = dark ? u32(0xff6b6b) : u32(0xc0392b);
  g_pal.success = dark ? u32(0x5fd28f) : u32(0x1e8449);
  g_pal.plot_bg = dark ? u32(0x1a1d23) : u32(0xffffff);
  g_pal.grid = dark ? u32(0xffffff, 0.07f) : u32(0x000000, 0.08f);
  // Blue, orange, green, cyan, pink, red: every pair stays apart for deuteranopes too (Okabe-Ito
  // based; scripts/cvd_check.py: smallest pair distance under a deuteranopia simulation, Delta E
  // 8.9 -> 17.9 dark, 8.6 -> 19.6 light).
  const int series_dark[6] = {0x5aa9ff, 0xe69f00, 0x009e73, 0x48dbfb, 0xcc79a7, 0xff6b6b};
  const int series_light[6] = {0x1f6fd1, 0xa57200, 0x007152, 0x1596b8, 0xb0548f, 0xb74d4d};
  for (int i = 0; i < 6; ++i) g_pal.series[i] = u32(dark ? series_dark[i] : series_light[i]);
}

bool theme_is_dark() { return g_dark; }
const Palette& palette() { return g_pal; }

void text_formula(const char* s) {
  ImGui::PushFont(fonts().mono);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().accent), "%s", s);
  ImGui::PopFont();
}

void warning_wrapped(const std::string& s) {
  ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
  ui::text_wrapped(s);
  ImGui::PopStyleColor();
}

void dim_wrapped(const std::string& s) {
  ImGui::PushStyleColor(ImGuiCol_Text, palette().text_dim);
  ui::text_wrapped(s);
  ImGui::PopStyleColor();
}

}  // namespace tmx::ui
