#include "ui/legibility.h"

#include <imgui_internal.h>

#include <cfloat>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "core/json.h"

namespace tmx::ui {

//-----------------------------------------------------------------------------
// Text sizes from the draw data
//-----------------------------------------------------------------------------
namespace {

struct GlyphRef {
  float font_size;  // the font's size (atlas units)
  float height;     // the glyph's height at that size (Y1 - Y0)
  float u1, v1;     // its far texture corner
  unsigned codepoint;
};

std::uint64_t uv_key(float u, float v) {
  std::uint32_t a, b;
  std::memcpy(&a, &u, 4);
  std::memcpy(&b, &v, 4);
  return (static_cast<std::uint64_t>(a) << 32) | b;
}

// Glyphs by their top-left texture corner, rebuilt when the atlas changes.
struct GlyphIndex {
  ImTextureID tex = nullptr;
  int fonts = -1, glyphs = -1;
  std::unordered_map<std::uint64_t, GlyphRef> by_uv;

  void refresh() {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    int n = 0;
    for (ImFont* f : atlas->Fonts) n += f->Glyphs.Size;
    if (atlas->TexID == tex && atlas->Fonts.Size == fonts && n == glyphs) return;
    tex = atlas->TexID, fonts = atlas->Fonts.Size, glyphs = n;
    by_uv.clear();
    for (ImFont* f : atlas->Fonts)
      for (const ImFontGlyph& g : f->Glyphs)
        if (g.Visible && g.Y1 - g.Y0 > 0.5f) by_uv[uv_key(g.U0, g.V0)] = {f->FontSize, g.Y1 - g.Y0, g.U1, g.V1, g.Codepoint};
  }
};
GlyphIndex g_index;
std::vector<ImVec4> g_scrolling;  // this frame's note_scrolls_sideways() regions (min x, min y, max x, max y)

// The glyph quad at vertex i, if it is one.
const GlyphRef* glyph_at(const ImVector<ImDrawVert>& vb, int i) {
  if (i < 0 || i + 3 >= vb.Size) return nullptr;
  const auto it = g_index.by_uv.find(uv_key(vb[i].uv.x, vb[i].uv.y));
  if (it == g_index.by_uv.end() || vb[i + 2].uv.x != it->second.u1 || vb[i + 2].uv.y != it->second.v1) return nullptr;
  return &it->second;
}

// The text of the glyph quads written just before the one at vertex i on its line (ImFont::RenderText
// writes a line's glyphs one after the other; a space draws nothing and is read from the gap), and it.
std::string line_text(const ImVector<ImDrawVert>& vb, int i) {
  int first = i;
  const float line_y = vb[i].pos.y + (vb[i + 2].pos.y - vb[i].pos.y) * 0.5f;
  while (const GlyphRef* g = glyph_at(vb, first - 4)) {
    const ImDrawVert& p = vb[first - 4];
    if (p.pos.y > line_y || vb[first - 2].pos.y < line_y || p.pos.x > vb[first].pos.x || g->font_size <= 0) break;
    first -= 4;
  }
  std::string out;
  for (int k = first; k <= i; k += 4) {
    if (k > first && vb[k].pos.x - vb[k - 3].pos.x > 0.2f * (vb[k + 2].pos.y - vb[k].pos.y)) out += ' ';  // a gap: a space
    char utf8[5];
    out += ImTextCharToUtf8(utf8, glyph_at(vb, k)->codepoint);
  }
  return out;
}

}  // namespace

void note_scrolls_sideways(ImVec2 min, ImVec2 max) {
  if (g_scrolling.size() < 64) g_scrolling.emplace_back(min.x, min.y, max.x, max.y);
}

TextSizes text_sizes(float floor_px) {
  TextSizes out;
  const ImDrawData* dd = ImGui::GetDrawData();
  if (!dd || !dd->Valid || !ImGui::GetIO().Fonts) return out;
  g_index.refresh();
  const ImVec2 lo = dd->DisplayPos, hi(dd->DisplayPos.x + dd->DisplaySize.x, dd->DisplayPos.y + dd->DisplaySize.y);
  float min_px = FLT_MAX;
  std::vector<float> clip_right;  // per vertex: the right edge of the command that draws it
  for (int l = 0; l < dd->CmdListsCount; ++l) {
    const ImDrawList* list = dd->CmdLists[l];
    const ImVector<ImDrawVert>& vb = list->VtxBuffer;
    clip_right.assign(static_cast<size_t>(vb.Size), FLT_MAX);
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) continue;
      for (unsigned e = 0; e < cmd.ElemCount; ++e) {
        const unsigned v = cmd.VtxOffset + list->IdxBuffer[static_cast<int>(cmd.IdxOffset + e)];
        if (v < clip_right.size()) clip_right[v] = cmd.ClipRect.z;
      }
    }
    // ImFont::RenderText writes each glyph as 4 vertices: (x0,y0,u0,v0) (x1,y0,u1,v0) (x1,y1,u1,v1) (x0,y1,u0,v1).
    for (int i = 0; i + 3 < vb.Size; ++i) {
      const ImDrawVert& a = vb[i];
      if (((a.col >> IM_COL32_A_SHIFT) & 0xFF) < 24) continue;  // faded out
      auto it = g_index.by_uv.find(uv_key(a.uv.x, a.uv.y));
      if (it == g_index.by_uv.end()) continue;
      const ImDrawVert& c = vb[i + 2];
      if (c.uv.x != it->second.u1 || c.uv.y != it->second.v1) continue;
      if (c.pos.x < lo.x || a.pos.x > hi.x || c.pos.y < lo.y || a.pos.y > hi.y) continue;  // off screen
      const float px = it->second.font_size * (c.pos.y - a.pos.y) / it->second.height;
      if (px <= 0.5f) continue;
      ++out.glyphs;
      if (px < floor_px - 0.05f) ++out.below;
      if (px < min_px) min_px = px, out.min_at = a.pos;
      const float edge = clip_right[static_cast<size_t>(i)];
      const auto in_scroller = [&](const ImDrawVert& v) {
        for (const ImVec4& r : g_scrolling)
          if (v.pos.x >= r.x && v.pos.x <= r.z + 1.0f && v.pos.y >= r.y - 1.0f && v.pos.y <= r.w + 1.0f) return true;
        return false;
      };
      if (a.pos.x < edge && c.pos.x > edge + 0.5f && !in_scroller(a)) {  // cut by its window's (or the screen's) right edge
        if (!out.cut) out.cut_at = a.pos, out.cut_text = line_text(vb, i);
        ++out.cut;
      }
      i += 3;
    }
  }
  out.min_px = out.glyphs ? min_px : 0.0f;
  return out;
}

std::string text_sizes_json(float floor_px) {
  const TextSizes t = text_sizes(floor_px);
  char buf[224];
  std::snprintf(buf, sizeof buf,
                "{\"minPx\":%.2f,\"at\":[%.0f,%.0f],\"glyphs\":%d,\"below\":%d,\"floor\":%.1f,\"cut\":%d,\"cutAt\":[%.0f,%.0f]}",
                static_cast<double>(t.min_px), static_cast<double>(t.min_at.x), static_cast<double>(t.min_at.y), t.glyphs,
                t.below, static_cast<double>(floor_px), t.cut, static_cast<double>(t.cut_at.x), static_cast<double>(t.cut_at.y));
  return buf;
}

//-----------------------------------------------------------------------------
// Clipped titles and labels
//-----------------------------------------------------------------------------
namespace {
std::vector<std::string> g_clipped;
int g_clipped_count = 0;
}  // namespace

void legibility_new_frame() {
  g_scrolling.clear();
  g_clipped.clear();
  g_clipped_count = 0;
}

void note_clipped(const char* what) {
  ++g_clipped_count;
  if (g_clipped.size() >= 16 || !what) return;
  const char* end = ImGui::FindRenderedTextEnd(what);  // without an "##id" suffix
  g_clipped.emplace_back(what, end);
}

bool check_item_fits(const char* what) {
  const ImGuiWindow* w = ImGui::GetCurrentWindowRead();
  if (!w || !ImGui::IsItemVisible()) return true;
  // The window's inner clip rectangle: what is drawn past its right edge is cut.
  const float right = w->InnerClipRect.Max.x;
  if (ImGui::GetItemRectMax().x <= right + 0.5f) return true;
  note_clipped(what);
  return false;
}

void check_tab_bar_fits() {
  const ImGuiTabBar* tb = GImGui->CurrentTabBar;
  if (!tb) return;
  for (const ImGuiTabItem& t : tb->Tabs) {
    if (t.LastFrameVisible < ImGui::GetFrameCount() - 1) continue;  // not submitted lately
    if (t.Width + 0.5f < t.ContentWidth) note_clipped(tb->GetTabName(&t));
  }
}

std::string clipped_json() {
  std::string out = "{\"count\":" + std::to_string(g_clipped_count) + ",\"labels\":[";
  for (size_t i = 0; i < g_clipped.size(); ++i) out += (i ? "," : "") + json::quote(g_clipped[i]);
  return out + "]}";
}

}  // namespace tmx::ui
