#include "ui/heatmap.h"

#include <imgui.h>
#include <imgui_internal.h>  // GetItemID: the figure's id for the page (ui/a11y.h)

#include <algorithm>
#include <optional>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "ui/a11y.h"
#include "ui/export.h"
#include "ui/fonts.h"
#include "ui/host.h"
#include "ui/theme.h"
#include "ui/touch.h"

namespace tmx::ui {

namespace {

struct CsvCtx {
  const float* data;
  int rows, cols;
  const HeatmapStyle* style;
  std::string out;
};

const std::string& heatmap_csv(void* user) {
  auto* c = static_cast<CsvCtx*>(user);
  c->out = matrix_csv(c->data, c->rows, c->cols, c->style->row_labels, c->style->col_labels);
  return c->out;
}

float font_px(ImFont* f) { return f->FontSize * ImGui::GetIO().FontGlobalScale; }

ImU32 cell_color(Colormap cmap, float v, float vmin, float inv) {
  return std::isfinite(v) ? colormap(cmap, (v - vmin) * inv) : IM_COL32(128, 128, 128, 255);
}

// One texture per large heatmap (keyed by its ImGui id). The data is kept to notice changes:
// comparing 256 x 256 floats is ~20 us, far cheaper than recolouring and re-uploading.
struct HeatTexture {
  ImTextureID id = nullptr;
  int rows = 0, cols = 0;
  Colormap cmap = Colormap::Viridis;
  float vmin = 0, vmax = 0;
  std::vector<float> data;
  std::vector<ImU32> pixels;  // RGBA8 in memory order (IM_COL32 is R in the low byte)
  int last_frame = 0;
};

constexpr int kMaxTextureSide = 4096;  // WebGL2 guarantees at least 2048; 4096 is near-universal
constexpr int kIdleFrames = 120;       // off screen this long: the texture is freed

struct TextureCache {
  ImGuiContext* ctx = nullptr;  // ids and frame counts belong to one ImGui context
  std::unordered_map<ImGuiID, HeatTexture> items;
  int swept_frame = -1;
};

TextureCache& textures() {
  static TextureCache c;
  return c;
}

void sweep(bool all) {
  TextureCache& c = textures();
  const int now = ImGui::GetCurrentContext() ? ImGui::GetFrameCount() : 0;
  for (auto it = c.items.begin(); it != c.items.end();) {
    if (all || now - it->second.last_frame > kIdleFrames || now < it->second.last_frame) {
      host_free_texture(it->second.id);
      it = c.items.erase(it);
    } else {
      ++it;
    }
  }
}

// Returns the texture for this grid, recoloured and re-uploaded only if something changed;
// null if it cannot be made (too large for a texture, or the platform refused).
ImTextureID grid_texture(ImGuiID key, const float* data, int rows, int cols, Colormap cmap, float vmin, float vmax) {
  if (rows > kMaxTextureSide || cols > kMaxTextureSide) return nullptr;
  TextureCache& c = textures();
  if (c.ctx != ImGui::GetCurrentContext()) {
    c.items.clear();  // a new context (tests): its frame counter restarted
    c.ctx = ImGui::GetCurrentContext();
  }
  const int now = ImGui::GetFrameCount();
  if (c.swept_frame != now) {
    c.swept_frame = now;
    sweep(false);
  }
  HeatTexture& t = c.items[key];
  t.last_frame = now;
  const size_t n = static_cast<size_t>(rows) * cols;
  const bool same = t.id && t.rows == rows && t.cols == cols && t.cmap == cmap && t.vmin == vmin && t.vmax == vmax &&
                    std::memcmp(t.data.data(), data, n * sizeof(float)) == 0;
  if (same) return t.id;
  t.rows = rows;
  t.cols = cols;
  t.cmap = cmap;
  t.vmin = vmin;
  t.vmax = vmax;
  t.data.assign(data, data + n);
  t.pixels.resize(n);
  const float inv = vmax > vmin ? 1.0f / (vmax - vmin) : 0.0f;
  for (size_t i = 0; i < n; ++i) t.pixels[i] = cell_color(cmap, data[i], vmin, inv);
  ImTextureID id = host_upload_data_texture(t.id, reinterpret_cast<const unsigned char*>(t.pixels.data()), cols, rows);
  if (!id) {
    host_free_texture(t.id);
    c.items.erase(key);
    return nullptr;
  }
  t.id = id;
  return id;
}

}  // namespace

int heatmap_release_textures(bool all) {
  sweep(all);
  return static_cast<int>(textures().items.size());
}

HeatmapHover heatmap(const char* id, const float* data, int rows, int cols, const HeatmapStyle& st,
                     HeatmapSelection* sel) {
  HeatmapHover hover;
  if (!data || rows <= 0 || cols <= 0) return hover;
  const Palette& pal = palette();
  ImGui::PushID(id);
  ImFont* small = fonts().small ? fonts().small : ImGui::GetFont();
  const float fs = font_px(small);

  // Geometry: label gutters, then square cells that fit the width and max height.
  float row_label_w = 0;
  if (st.row_labels)
    for (int r = 0; r < rows && r < static_cast<int>(st.row_labels->size()); ++r)
      row_label_w = std::max(row_label_w, small->CalcTextSizeA(fs, FLT_MAX, 0, (*st.row_labels)[r].c_str()).x);
  if (row_label_w > 0) row_label_w = std::min(row_label_w + 8.0f, 120.0f);
  const float col_label_h = st.col_labels ? fs + 6.0f : 0.0f;
  const float bar_w = st.colorbar ? 56.0f : 0.0f;
  const float avail = std::max(60.0f, ImGui::GetContentRegionAvail().x);
  float cell = std::min(st.max_cell, (avail - row_label_w - bar_w) / cols);
  if (st.max_height > 0) cell = std::min(cell, st.max_height / rows);
  cell = std::max(cell, 0.25f);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 g0(p0.x + row_label_w, p0.y + col_label_h);  // grid origin
  const ImVec2 g1(g0.x + cell * cols, g0.y + cell * rows);
  const ImVec2 total(row_label_w + cell * cols + bar_w, col_label_h + cell * rows);
  ImGui::InvisibleButton("##heatmap", total);
  touch_note_item("heatmap");
  {
    const std::string caption = st.caption ? st.caption : tr(S::A11yHeatmap);
    a11y::figure(ImGui::GetItemID(), p0.x, p0.y, p0.x + total.x, p0.y + total.y, caption,
                 a11y::grid_summary(caption, data, rows, cols, st.row_labels, st.col_labels),
                 [&] { return a11y::grid_table(data, rows, cols, st.row_labels, st.col_labels); });
  }
  if (!ImGui::IsItemVisible()) {  // scrolled out of view: only its space
    ImGui::PopID();
    return hover;
  }
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Pinch zoom over the grid and its labels (ui/touch.h); the colour bar and export stay put.
  std::optional<ZoomArea> zoom;
  zoom.emplace("##zoom", p0, ImVec2(g1.x, g1.y));

  // Value range.
  float vmin = st.vmin, vmax = st.vmax;
  if (std::isnan(vmin) || std::isnan(vmax)) {
    float lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < rows * cols; ++i)
      if (std::isfinite(data[i])) {
        lo = std::min(lo, data[i]);
        hi = std::max(hi, data[i]);
      }
    if (std::isnan(vmin)) vmin = std::isfinite(lo) ? lo : 0.0f;
    if (std::isnan(vmax)) vmax = std::isfinite(hi) ? hi : 1.0f;
  }
  const float inv = vmax > vmin ? 1.0f / (vmax - vmin) : 0.0f;

  // Cells: one texture for large grids. Otherwise one quad each, written directly (row by row
  // keeps each reservation small), only rows inside the clip rectangle; sub-pixel cells (a texture
  // refused by the platform) become one quad per k x k block showing its mean.
  ImTextureID tex = nullptr;
  if (rows * cols > st.texture_above)
    tex = grid_texture(ImGui::GetID("##cells"), data, rows, cols, st.cmap, vmin, vmax);
  hover.textured = tex != nullptr;
  if (tex) {
    dl->AddImage(tex, g0, g1);
  } else {
    const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
    const float clip_y0 = dl->GetClipRectMin().y, clip_y1 = dl->GetClipRectMax().y;
    const int k = cell < st.min_cell_px ? static_cast<int>(std::ceil(st.min_cell_px / cell)) : 1;
    for (int r = 0; r < rows; r += k) {
      const int r1 = std::min(rows, r + k);
      const float y0 = g0.y + r * cell, y1 = g0.y + r1 * cell;
      if (y1 < clip_y0 || y0 > clip_y1) continue;
      const int blocks = (cols + k - 1) / k;
      dl->PrimReserve(blocks * 6, blocks * 4);
      for (int c = 0; c < cols; c += k) {
        const int c1 = std::min(cols, c + k);
        float v = data[static_cast<size_t>(r) * cols + c];
        if (k > 1) {
          float sum = 0;
          int n = 0;
          for (int i = r; i < r1; ++i)
            for (int j = c; j < c1; ++j) {
              const float x = data[static_cast<size_t>(i) * cols + j];
              if (std::isfinite(x)) sum += x, ++n;
            }
          v = n ? sum / n : NAN;
        }
        dl->PrimRectUV(ImVec2(g0.x + c * cell, y0), ImVec2(g0.x + c1 * cell, y1), uv, uv, cell_color(st.cmap, v, vmin, inv));
      }
    }
  }

  // Numbers in cells when they fit.
  if (st.show_values && cell >= 30.0f) {
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const float v = data[static_cast<size_t>(r) * cols + c];
        char buf[32];
        std::snprintf(buf, sizeof buf, st.value_format, static_cast<double>(v));
        const ImVec2 ts = small->CalcTextSizeA(fs, FLT_MAX, 0, buf);
        if (ts.x > cell - 2) continue;
        const ImU32 bg = cell_color(st.cmap, v, vmin, inv);
        const float lum = 0.299f * (bg & 0xff) + 0.587f * ((bg >> 8) & 0xff) + 0.114f * ((bg >> 16) & 0xff);
        dl->AddText(small, fs, ImVec2(g0.x + c * cell + (cell - ts.x) * 0.5f, g0.y + r * cell + (cell - ts.y) * 0.5f),
                    lum > 140 ? IM_COL32(20, 20, 20, 255) : IM_COL32(245, 245, 245, 255), buf);
      }
  }

  // Labels: every k-th when cells are narrower than the text; the selected row's and column's
  // always (the token a learner clicked must stay named), the thinned ones making room for them.
  if (st.row_labels) {
    const int n = std::min(rows, static_cast<int>(st.row_labels->size()));
    const int step = std::max(1, static_cast<int>(std::ceil(fs / cell)));
    const int sr = sel && sel->row >= 0 && sel->row < n ? sel->row : -1;
    auto draw_row = [&](int r, ImU32 col) {
      const char* s = (*st.row_labels)[r].c_str();
      const float w = small->CalcTextSizeA(fs, FLT_MAX, 0, s).x;
      dl->AddText(small, fs, ImVec2(g0.x - 6.0f - std::min(w, row_label_w - 8.0f), g0.y + r * cell + (cell - fs) * 0.5f), col, s);
    };
    for (int r = 0; r < n; r += step)
      if (sr < 0 || r == sr || std::fabs((r - sr) * cell) >= fs) draw_row(r, r == sr ? pal.accent : pal.text_dim);
    if (sr >= 0 && sr % step != 0) draw_row(sr, pal.accent);
  }
  if (st.col_labels) {
    const int n = std::min(cols, static_cast<int>(st.col_labels->size()));
    const int sc = sel && sel->col >= 0 && sel->col < n ? sel->col : -1;
    auto extent = [&](int c) {  // x range of column c's centred label
      const float w = small->CalcTextSizeA(fs, FLT_MAX, 0, (*st.col_labels)[c].c_str()).x;
      const float x = g0.x + c * cell + (cell - w) * 0.5f;
      return ImVec2(x, x + w);
    };
    const ImVec2 keep = sc >= 0 ? extent(sc) : ImVec2(0, 0);
    for (int c = 0; c < n;) {
      const ImVec2 e = extent(c);
      const bool clash = sc >= 0 && c != sc && e.y + 3.0f > keep.x && e.x - 3.0f < keep.y;
      if (c != sc && !clash) dl->AddText(small, fs, ImVec2(e.x, p0.y), pal.text_dim, (*st.col_labels)[c].c_str());
      c += std::max(1, static_cast<int>(std::ceil((e.y - e.x + 6.0f) / cell)));
    }
    if (sc >= 0) dl->AddText(small, fs, ImVec2(keep.x, p0.y), pal.accent, (*st.col_labels)[sc].c_str());
  }

  // Hover, selection outlines, tooltip.
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (hovered) {
    const bool in_grid = m.x >= g0.x && m.x < g1.x && m.y >= g0.y && m.y < g1.y;
    const bool in_rows = m.x < g0.x && m.y >= g0.y && m.y < g1.y;
    const bool in_cols = m.y < g0.y && m.x >= g0.x && m.x < g1.x;
    const int r = std::clamp(static_cast<int>((m.y - g0.y) / cell), 0, rows - 1);
    const int c = std::clamp(static_cast<int>((m.x - g0.x) / cell), 0, cols - 1);
    if (in_grid) {
      hover.row = r;
      hover.col = c;
      hover.value = data[static_cast<size_t>(r) * cols + c];
      dl->AddRect(ImVec2(g0.x + c * cell, g0.y + r * cell), ImVec2(g0.x + (c + 1) * cell, g0.y + (r + 1) * cell),
                  pal.text, 0, 0, 2.0f);
      ImGui::BeginTooltip();
      const std::string rl = st.row_labels && r < static_cast<int>(st.row_labels->size()) ? (*st.row_labels)[r] : std::to_string(r);
      const std::string cl = st.col_labels && c < static_cast<int>(st.col_labels->size()) ? (*st.col_labels)[c] : std::to_string(c);
      ImGui::Text("%s = %.6g", trf(st.cell_text, {rl, cl}).c_str(), static_cast<double>(hover.value));
      ImGui::EndTooltip();
    }
    if (clicked && sel) {
      if (in_grid) *sel = {r, c};
      else if (in_rows) *sel = {r, -1};
      else if (in_cols) *sel = {-1, c};
      hover.clicked = true;
    }
    if (in_grid || in_rows || in_cols) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  }
  if (sel && sel->row >= 0 && sel->row < rows)
    dl->AddRect(ImVec2(g0.x - 1, g0.y + sel->row * cell - 1), ImVec2(g1.x + 1, g0.y + (sel->row + 1) * cell + 1), pal.accent,
                2.0f, 0, 2.0f);
  if (sel && sel->col >= 0 && sel->col < cols)
    dl->AddRect(ImVec2(g0.x + sel->col * cell - 1, g0.y - 1), ImVec2(g0.x + (sel->col + 1) * cell + 1, g1.y + 1), pal.accent,
                2.0f, 0, 2.0f);

  zoom.reset();
  if (st.colorbar)
    colorbar(st.cmap, vmin, vmax, ImVec2(g1.x + 12.0f, g0.y), ImVec2(12.0f, std::max(40.0f, g1.y - g0.y)));

  if (st.export_name) {
    CsvCtx ctx{data, rows, cols, &st, {}};
    export_button("export", p0, ImVec2(p0.x + total.x, p0.y + total.y), st.export_name, heatmap_csv, &ctx);
  }
  ImGui::PopID();
  return hover;
}

}  // namespace tmx::ui
