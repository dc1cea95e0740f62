#include "ui/fonts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sys/stat.h>

#include "core/error.h"
#include "core/json.h"
#include "core/safetensors.h"  // read_file_bytes
#include "core/sha256.h"
#include "core/tokenizer/utf8.h"
#include "ui/cjk_wrap.h"
#include "ui/error_text.h"
#include "ui/fonts_data.h"
#include "ui/host.h"
#include "ui/i18n.h"
#include "ui/theme.h"

namespace tmx::ui {

static Fonts g_fonts;

// Must match RANGES in scripts/gen_fonts.py (what the subset kept).
static const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x0370, 0x03FF, 0x2000, 0x206F, 0x2070, 0x209F,
    0x2190, 0x21FF, 0x2200, 0x22FF, 0x2300, 0x23FF, 0x25A0, 0x25FF, 0,
};
// Headings rasterise only Latin-1 and punctuation (three large sizes are most of the atlas's area,
// which is built before the first frame); their other characters are the bold font's, scaled.
static const ImWchar kHeadingRanges[] = {0x0020, 0x00FF, 0x2000, 0x206F, 0};
// The missing-glyph box: every visible font's fallback glyph, so U+FFFD and any other character the
// atlas lacks draw as it. It sits at a control character, in none of the fonts' ranges, not at
// U+FFFD: ImGui's lookup tables run up to a font's highest code point, and at U+FFFD each build
// filled 7 fonts' tables of 65,534 entries, some twice (~25 ms of the first frame in wasm).
constexpr ImWchar kTofu = 0x0001;
constexpr uint32_t kReplacementChar = 0xFFFD;  // U+FFFD: drawn as the box, never from a CJK file
constexpr int kMaxAtlas = 4096;    // WebGL2 / GLES 3 textures of at least this size are safe
// ImGui sizes a font by ascent - descent: Inter's is 1.21 em, Noto Sans CJK's 1.448 em, so at the
// same size a CJK glyph would be 0.83 of Latin's scale. CJK is rasterised 1.27x larger: an
// ideograph is then 1.05 Inter em wide (Inter's cap height is 0.73 em; CJK text beside Latin text
// usually sits a little larger than the caps).
constexpr float kCjkScale = 1.27f;
constexpr float kCjkEm = 1.27f / 1.448f;  // a CJK glyph's em in the Latin font's pixel size

namespace {

struct CjkFileSlot {
  CjkFileSlot(const char* n, unsigned b, const char* sha, const unsigned* c, unsigned k)
      : name(n), bytes(b), sha256(sha), cps(c), count(k) {}
  const char* name;
  unsigned bytes;
  const char* sha256;
  const unsigned* cps;
  unsigned count;
  FontFileState st;
  bool requested = false;
  bool fetching = false;
  std::vector<unsigned char> data;  // the checked file, kept for the atlas (it does not own it)
};

struct CjkState {
  std::string dir;
  CjkFileSlot files[2] = {
      {tmx_cjk_subset_file, tmx_cjk_subset_bytes, tmx_cjk_subset_sha256, tmx_cjk_subset_cps, tmx_cjk_subset_cps_count},
      {tmx_cjk_fallback_file, tmx_cjk_fallback_bytes, tmx_cjk_fallback_sha256, tmx_cjk_fallback_cps, tmx_cjk_fallback_cps_count},
  };
  std::set<uint32_t> fallback_wanted;  // fallback characters seen in text (rasterised when loaded)
  std::set<uint32_t> fallback_built;   // ... and those in the current atlas
  std::set<uint32_t> missing;          // seen in text, not drawable now
  int quiet_frames = 0;                // frames since the last new fallback character
  // Atlas content
  bool subset_built = false;
  std::vector<ImWchar> subset_ranges, heading_ranges, fallback_ranges, base_ranges;
  // Tofu
  bool tofu_on = false;
  int tofu_frame = 0, tofu_max = 0;
  std::vector<ImVec4> tofu_uv;  // each font's box glyph (U0, V0, U1, V1)
};

CjkState& cjk() {
  static CjkState s;
  return s;
}

std::string default_dir() {
#if defined(__EMSCRIPTEN__)
  return "/fonts";
#elif defined(TMX_CJK_FONTS_DIR)
  return TMX_CJK_FONTS_DIR;
#else
  return "fonts";
#endif
}

const std::string& dir() {
  CjkState& s = cjk();
  if (s.dir.empty()) s.dir = default_dir();
  return s.dir;
}

bool in(const unsigned* cps, unsigned n, uint32_t cp) { return std::binary_search(cps, cps + n, cp); }

bool latin(uint32_t cp) {
  for (int i = 0; kGlyphRanges[i]; i += 2)
    if (cp >= kGlyphRanges[i] && cp <= kGlyphRanges[i + 1]) return true;
  return false;
}

// Sorted code points -> ImGui ranges (pairs of inclusive bounds, 0-terminated).
std::vector<ImWchar> ranges_of(const std::vector<uint32_t>& cps) {
  std::vector<ImWchar> r;
  for (size_t i = 0; i < cps.size();) {
    size_t j = i;
    while (j + 1 < cps.size() && cps[j + 1] == cps[j] + 1) ++j;
    if (cps[i] <= 0xFFFF && cps[i] != kReplacementChar) {
      r.push_back(static_cast<ImWchar>(cps[i]));
      r.push_back(static_cast<ImWchar>(std::min<uint32_t>(cps[j], 0xFFFF)));
    }
    i = j + 1;
  }
  r.push_back(0);
  return r;
}

std::string mb(size_t bytes) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", static_cast<double>(bytes) / 1048576.0);
  return b;
}

void fail(CjkFileSlot& f, std::string message) {
  f.st.phase = FontPhase::Failed;
  f.st.message = std::move(message);
  f.data.clear();
}

// The file is in dir(): read it whole and check it against the build's size and SHA-256.
bool read_local(CjkFileSlot& f) {
  const std::string path = dir() + "/" + f.name;
  struct stat sb;
  if (::stat(path.c_str(), &sb) != 0) return false;  // not there (yet): no exception on the first frame's path
  std::vector<unsigned char> data;
  try {
    data = read_file_bytes(path);  // one fread: a byte-wise istreambuf_iterator took 16 ms in wasm for the subset
  } catch (const Error& e) {
    fail(f, e.what());
    return true;
  }
  if (data.size() != f.bytes) {
    fail(f, std::string(f.name) + " has " + std::to_string(data.size()) + " bytes, this build expects " + std::to_string(f.bytes) + ".");
    return true;
  }
  Sha256 h;
  h.update(data.data(), data.size());
  if (h.hex() != f.sha256) {
    fail(f, std::string(f.name) + " is damaged or from another build (its SHA-256 does not match).");
    if (host().fonts.forget) host().fonts.forget(f.name);
    return true;
  }
  f.data = std::move(data);
  f.st.phase = FontPhase::Ready;
  f.st.done = f.st.total = f.bytes;
  return true;
}

void advance(CjkFileSlot& f) {
  if (!f.requested || f.st.phase == FontPhase::Ready || f.st.phase == FontPhase::Failed) return;
  f.st.total = f.bytes;
  if (!f.fetching) {
    if (read_local(f)) return;
    const ModelHooks& h = host().fonts;
    if (!h.fetch || !h.poll) {
      fail(f, std::string(f.name) + " is not in " + dir() + ".");
      return;
    }
    const std::string why = h.unavailable_reason ? h.unavailable_reason() : std::string();
    if (!why.empty()) {
      fail(f, why);
      return;
    }
    const std::string files = "[{\"name\":" + json::quote(f.name) + ",\"bytes\":" + std::to_string(f.bytes) +
                              ",\"sha256\":" + json::quote(f.sha256) + "}]";
    h.fetch(f.name, files, dir());
    f.fetching = true;
    f.st.phase = FontPhase::Downloading;
  }
  const ModelFetchStatus p = host().fonts.poll(f.name);
  f.st.done = p.done;
  if (p.phase == ModelFetchStatus::Failed) {
    fail(f, p.message);
  } else if (p.phase == ModelFetchStatus::Written) {
    f.fetching = false;
    if (!read_local(f)) fail(f, std::string(f.name) + " was downloaded but could not be read.");
  }
}

// Box glyphs for missing characters: one custom rectangle per font, drawn after the build.
struct TofuRect {
  ImFont* font;
  int id;
};

// dst takes src's glyphs it lacks (from U+0080 up): the same texels, quads scaled by k and set on
// dst's baseline. Its lookup table is rebuilt.
void share_glyphs(ImFont* dst, const ImFont* src, float k) {
  for (const ImFontGlyph& g : src->Glyphs) {
    if (g.Codepoint < 0x80 || dst->FindGlyphNoFallback(static_cast<ImWchar>(g.Codepoint))) continue;
    const float y0 = (g.Y0 - src->Ascent) * k + dst->Ascent, y1 = (g.Y1 - src->Ascent) * k + dst->Ascent;
    dst->AddGlyph(nullptr, static_cast<ImWchar>(g.Codepoint), g.X0 * k, y0, g.X1 * k, y1, g.U0, g.V0, g.U1, g.V1, g.AdvanceX * k);
  }
  dst->BuildLookupTable();
}

// Makes the box glyph f's fallback. ImGui chose one when it built f's tables (U+FFFD, else '?'), and
// gave every missing code point that glyph's advance: those entries take the box's.
void use_tofu_fallback(ImFont* f) {
  const ImFontGlyph* box = f->FindGlyphNoFallback(kTofu);
  if (!box) return;  // not packed: ImGui's own fallback stays
  f->FallbackChar = kTofu;
  f->FallbackGlyph = box;
  f->FallbackAdvanceX = box->AdvanceX;
  for (int c = 0; c < f->IndexLookup.Size; ++c)
    if (f->IndexLookup[c] == static_cast<ImWchar>(-1)) f->IndexAdvanceX[c] = box->AdvanceX;
}

ImFont* add_font(const unsigned char* data, unsigned size, float px, const ImWchar* ranges, bool merge, int oversample_h) {
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // static arrays / kept vectors: the atlas must not free them
  cfg.OversampleH = oversample_h;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = false;
  cfg.MergeMode = merge;
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(data), static_cast<int>(size), px, &cfg, ranges);
}

}  // namespace

// The visible fonts.
struct Slot {
  ImFont** f;
  const unsigned char* data;
  const unsigned* size;
  float px;
  bool heading;  // kHeadingRanges; the rest from the bold font
};
constexpr float kBoldPx = 16.0f;  // the headings' other characters are scaled from this size
static const Slot kSlots[] = {
    {&g_fonts.body, tmx_font_ui, &tmx_font_ui_size, 16.0f, false},
    {&g_fonts.small, tmx_font_ui, &tmx_font_ui_size, 13.0f, false},
    {&g_fonts.bold, tmx_font_bold, &tmx_font_bold_size, kBoldPx, false},
    {&g_fonts.h1, tmx_font_bold, &tmx_font_bold_size, 30.0f, true},
    {&g_fonts.h2, tmx_font_bold, &tmx_font_bold_size, 22.0f, true},
    {&g_fonts.h3, tmx_font_bold, &tmx_font_bold_size, 18.0f, true},
    {&g_fonts.mono, tmx_font_mono, &tmx_font_mono_size, 14.0f, false},
};

// Which CJK raster sizes (CSS px) each tier keeps; a font uses the smallest one >= its size, else
// the largest (scaled quads). Tier 0 gives every size its own glyphs.
static const std::vector<std::vector<float>> kTiers = {
    {13, 14, 16, 18, 22, 30}, {13, 16, 22}, {16, 22}, {16}};

static float carrier_for(const std::vector<float>& sizes, float px) {
  for (float s : sizes)
    if (s >= px) return s;
  return sizes.back();
}

// A CJK raster size that only headings use holds only the subset's heading characters
// (tmx_cjk_heading_cps): the headings' other characters are the bold font's, scaled, like their Greek.
static bool heading_only(const std::vector<float>& sizes, float css) {
  for (const Slot& sl : kSlots)
    if (!sl.heading && carrier_for(sizes, sl.px) == css) return false;
  return true;
}

static bool build_atlas(float r, const std::vector<float>* cjk_sizes) {
  ImGuiIO& io = ImGui::GetIO();
  CjkState& s = cjk();
  io.Fonts->Clear();
  io.Fonts->TexDesiredWidth = 0;
  io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  std::vector<TofuRect> tofu;
  for (const Slot& sl : kSlots) {
    const float px = std::round(sl.px * r);
    *sl.f = add_font(sl.data, *sl.size, px, sl.heading ? kHeadingRanges : kGlyphRanges, false, 2);
    // "简体中文" and the other CJK characters of the English UI, always (a few glyphs).
    add_font(tmx_font_cjk_base, tmx_font_cjk_base_size, std::round(px * kCjkScale), s.base_ranges.data(), true, 1);
    const int w = std::max(3, static_cast<int>(std::round(px * 0.5f))), h = std::max(4, static_cast<int>(std::round(px * 0.7f)));
    const int id = io.Fonts->AddCustomRectFontGlyph(*sl.f, kTofu, w, h, w + std::round(px * 0.12f),
                                                    ImVec2(std::round(px * 0.06f), std::round(px * 0.93f) - h));
    tofu.push_back({*sl.f, id});
  }
  // CJK carriers: one hidden font per raster size holding the loaded files' glyphs.
  struct Carrier {
    float css;
    ImFont* font;
  };
  std::vector<Carrier> carriers;
  const bool have_subset = s.files[0].st.phase == FontPhase::Ready;
  const bool have_fallback = s.files[1].st.phase == FontPhase::Ready && !s.fallback_built.empty();
  if (cjk_sizes && (have_subset || have_fallback)) {
    for (float css : *cjk_sizes) {
      const bool head = heading_only(*cjk_sizes, css);
      if (head && !have_subset) continue;  // typed text is not shown in headings
      const float px = std::round(css * r * kCjkScale);
      ImFont* f = nullptr;
      if (have_subset) f = add_font(s.files[0].data.data(), s.files[0].bytes, px, (head ? s.heading_ranges : s.subset_ranges).data(), false, 1);
      if (have_fallback && !head) add_font(s.files[1].data.data(), s.files[1].bytes, px, s.fallback_ranges.data(), f != nullptr, 1);
      if (!f) f = io.Fonts->Fonts.back();
      carriers.push_back({css, f});
    }
  }
  io.Fonts->Build();
  for (const Slot& sl : kSlots) use_tofu_fallback(*sl.f);  // before share_glyphs: its rebuild keeps it
  // Share the carriers' glyphs with the visible fonts: same texels, quads scaled to the font's size
  // and set on its baseline.
  for (const Slot& sl : kSlots) {
    if (carriers.empty()) break;
    const float want = carrier_for(*cjk_sizes, sl.px);
    for (const Carrier& c : carriers)
      if (c.css == want) share_glyphs(*sl.f, c.font, sl.px / c.css);
  }
  // The headings' Greek, arrows, maths and shapes, and the CJK their carrier lacks: the bold font's.
  for (const Slot& sl : kSlots)
    if (sl.heading) share_glyphs(*sl.f, g_fonts.bold, sl.px / kBoldPx);
  // Draw the box glyphs into the atlas (an outline, so it reads as "missing", not as text).
  unsigned char* px = nullptr;
  int tw = 0, th = 0;
  io.Fonts->GetTexDataAsAlpha8(&px, &tw, &th);
  s.tofu_uv.clear();
  for (const TofuRect& t : tofu) {
    const ImFontAtlasCustomRect* rc = io.Fonts->GetCustomRectByIndex(t.id);
    if (!rc || !rc->IsPacked()) continue;
    const int th_ = std::max(1, static_cast<int>(std::round(r)));
    for (int y = 0; y < rc->Height; ++y)
      for (int x = 0; x < rc->Width; ++x) {
        const bool edge = x < th_ || y < th_ || x >= rc->Width - th_ || y >= rc->Height - th_;
        px[(rc->Y + y) * tw + rc->X + x] = edge ? 255 : 0;
      }
    ImVec2 uv0, uv1;
    io.Fonts->CalcCustomRectUV(rc, &uv0, &uv1);
    s.tofu_uv.push_back(ImVec4(uv0.x, uv0.y, uv1.x, uv1.y));
  }
  g_fonts.cjk_sizes = static_cast<int>(carriers.size());
  return tw <= kMaxAtlas && th <= kMaxAtlas;
}

const Fonts& build_fonts(float pixel_ratio) {
  const float r = std::clamp(pixel_ratio, 1.0f, 4.0f);
  ImGuiIO& io = ImGui::GetIO();
  CjkState& s = cjk();
  if (s.base_ranges.empty())
    s.base_ranges = ranges_of(std::vector<uint32_t>(tmx_cjk_base_cps, tmx_cjk_base_cps + tmx_cjk_base_cps_count));
  if (s.subset_ranges.empty())
    s.subset_ranges = ranges_of(std::vector<uint32_t>(tmx_cjk_subset_cps, tmx_cjk_subset_cps + tmx_cjk_subset_cps_count));
  if (s.heading_ranges.empty())
    s.heading_ranges = ranges_of(std::vector<uint32_t>(tmx_cjk_heading_cps, tmx_cjk_heading_cps + tmx_cjk_heading_cps_count));
  s.fallback_built = s.fallback_wanted;
  s.fallback_ranges = ranges_of(std::vector<uint32_t>(s.fallback_built.begin(), s.fallback_built.end()));
  s.subset_built = s.files[0].st.phase == FontPhase::Ready;
  const bool any = s.subset_built || (s.files[1].st.phase == FontPhase::Ready && !s.fallback_built.empty());
  bool ok = false;
  if (any) {
    // The first tier whose estimated area fits (glyph squares plus packing slack), then checked.
    const double n = (s.subset_built ? tmx_cjk_subset_cps_count : 0) + s.fallback_built.size();
    const double n_head = s.subset_built ? tmx_cjk_heading_cps_count : 0;
    size_t t = 0;
    for (; t + 1 < kTiers.size(); ++t) {
      double area = 0;
      for (float css : kTiers[t])
        area += (css * r * kCjkEm + 3) * (css * r * kCjkEm + 3) * (heading_only(kTiers[t], css) ? n_head : n) * 1.15;
      if (area < 0.8 * kMaxAtlas * kMaxAtlas) break;
    }
    for (; t < kTiers.size() && !ok; ++t) ok = build_atlas(r, &kTiers[t]);
  }
  if (!ok) build_atlas(r, nullptr);  // Latin only (no CJK file, or even one size did not fit)
  io.FontDefault = g_fonts.body;
  io.FontGlobalScale = 1.0f / r;  // glyphs rasterized at device pixels, laid out in CSS pixels
  g_fonts.scale = r;
  ++g_fonts.generation;
  s.missing.clear();
  return g_fonts;
}

const Fonts& fonts() { return g_fonts; }

//-----------------------------------------------------------------------------
// Chinese fonts on demand
//-----------------------------------------------------------------------------
void set_cjk_font_dir(const std::string& d) { cjk().dir = d; }
std::string cjk_font_dir() { return dir(); }

void reset_cjk_fonts() {
  CjkState& s = cjk();
  for (CjkFileSlot& f : s.files) {
    f.st = {};
    f.requested = f.fetching = false;
    f.data.clear();
  }
  s.fallback_wanted.clear();
  s.missing.clear();
}

void fonts_want(CjkFile f) {
  CjkFileSlot& slot = cjk().files[static_cast<int>(f)];
  if (!slot.requested) {
    slot.requested = true;
    advance(slot);
  }
}

bool font_has_glyph(uint32_t cp) {
  if (cp > 0xFFFF || !g_fonts.body) return false;
  if (cp == kReplacementChar) return true;  // the box glyph is U+FFFD's picture
  return g_fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr;
}

void fonts_want_text(std::string_view text) {
  CjkState& s = cjk();
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const tok::Utf8Unit u = tok::utf8_next(text, i);
    i += static_cast<size_t>(u.len);
    if (!u.valid || latin(u.cp) || font_has_glyph(u.cp)) continue;
    if (in(tmx_cjk_subset_cps, tmx_cjk_subset_cps_count, u.cp)) {
      fonts_want(CjkFile::Subset);
    } else if (in(tmx_cjk_fallback_cps, tmx_cjk_fallback_cps_count, u.cp)) {
      fonts_want(CjkFile::Fallback);
      if (s.fallback_wanted.insert(u.cp).second) s.quiet_frames = 0;
    }
    if (s.missing.size() < 64) s.missing.insert(u.cp);
  }
}

bool fonts_update() {
  CjkState& s = cjk();
  if (language() == Lang::Zh) fonts_want(CjkFile::Subset);
  for (CjkFileSlot& f : s.files) advance(f);
  ++s.quiet_frames;
  const bool subset_new = s.files[0].st.phase == FontPhase::Ready && !s.subset_built;
  // New fallback characters: wait until typing pauses (~10 frames) so one burst is one rebuild.
  const bool fallback_new = s.files[1].st.phase == FontPhase::Ready && s.fallback_wanted != s.fallback_built && s.quiet_frames >= 10;
  return subset_new || fallback_new;
}

FontFileState font_file_state(CjkFile f) { return cjk().files[static_cast<int>(f)].st; }

bool cjk_ui_font_settled() {
  const CjkState& s = cjk();
  const CjkFileSlot& f = s.files[static_cast<int>(CjkFile::Subset)];
  return !f.requested || f.st.phase == FontPhase::Failed || (f.st.phase == FontPhase::Ready && s.subset_built);
}

void draw_font_progress() {
  CjkState& s = cjk();
  const CjkFileSlot* show = nullptr;
  for (const CjkFileSlot& f : s.files)
    if (f.st.phase == FontPhase::Downloading || (f.st.phase == FontPhase::Failed && f.requested)) show = &f;
  if (!show) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 12.0f, vp->WorkPos.y + vp->WorkSize.y - 12.0f), ImGuiCond_Always, ImVec2(0, 1));
  ImGui::SetNextWindowBgAlpha(0.92f);
  const ImGuiWindowFlags fl = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                              ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs;
  if (ImGui::Begin("##font-progress", nullptr, fl)) {
    if (show->st.phase == FontPhase::Failed) {
      ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
      ui::text_wrapped(trf(S::FontCjkFailed, {page_message_text(show->st.message)}));
      ImGui::PopTextWrapPos();
      ImGui::PopStyleColor();
    } else {
      const float p = show->st.total ? static_cast<float>(show->st.done) / static_cast<float>(show->st.total) : 0.0f;
      ImGui::PushStyleColor(ImGuiCol_PlotHistogram, palette().accent);
      ImGui::ProgressBar(p, ImVec2(140.0f, ImGui::GetTextLineHeight()), "");
      ImGui::PopStyleColor();
      ImGui::SameLine();
      ImGui::TextUnformatted(trf(S::ModelDownloading, {tr(S::FontCjkName), mb(show->st.done), mb(show->st.total)}).c_str());
    }
  }
  ImGui::End();
}

//-----------------------------------------------------------------------------
// Tofu
//-----------------------------------------------------------------------------
void set_tofu_check(bool on) {
  CjkState& s = cjk();
  s.tofu_on = on;
  s.tofu_frame = s.tofu_max = 0;
}
bool tofu_check() { return cjk().tofu_on; }

int tofu_scan(const ImDrawData* dd) {
  CjkState& s = cjk();
  int n = 0;
  if (dd && !s.tofu_uv.empty()) {
    for (int l = 0; l < dd->CmdListsCount; ++l) {
      const ImVector<ImDrawVert>& vb = dd->CmdLists[l]->VtxBuffer;
      // A text quad's vertices carry (U0,V0), (U1,V0), (U1,V1), (U0,V1) in order. Custom rectangles
      // are packed without padding, so a corner alone may be shared with a neighbour: match two.
      for (int i = 0; i + 2 < vb.Size; ++i)
        for (const ImVec4& uv : s.tofu_uv)
          if (vb[i].uv.x == uv.x && vb[i].uv.y == uv.y && vb[i + 2].uv.x == uv.z && vb[i + 2].uv.y == uv.w) {
            ++n;
            break;
          }
    }
  }
  s.tofu_frame = n;
  s.tofu_max = std::max(s.tofu_max, n);
  return n;
}

std::vector<uint32_t> missing_code_points() {
  std::vector<uint32_t> out;
  for (uint32_t cp : cjk().missing)
    if (!font_has_glyph(cp)) out.push_back(cp);
  return out;
}

std::string fonts_status_json() {
  CjkState& s = cjk();
  auto file = [](const CjkFileSlot& f) {
    static const char* kPhase[] = {"absent", "downloading", "ready", "failed"};
    return std::string("{\"phase\":\"") + kPhase[static_cast<int>(f.st.phase)] + "\",\"done\":" + std::to_string(f.st.done) +
           ",\"total\":" + std::to_string(f.bytes) + ",\"message\":" + json::quote(f.st.message) + "}";
  };
  std::string cps;
  for (uint32_t cp : missing_code_points()) cps += (cps.empty() ? "" : ",") + std::to_string(cp);
  const ImFontAtlas* a = ImGui::GetCurrentContext() ? ImGui::GetIO().Fonts : nullptr;
  return "{\"lang\":\"" + std::string(language_tag(language())) + "\",\"subset\":" + file(s.files[0]) + ",\"fallback\":" + file(s.files[1]) + ",\"cjkSizes\":" + std::to_string(g_fonts.cjk_sizes) +
         ",\"scale\":" + std::to_string(g_fonts.scale) + ",\"atlas\":[" + std::to_string(a ? a->TexWidth : 0) + "," +
         std::to_string(a ? a->TexHeight : 0) + "],\"fallbackChars\":" + std::to_string(s.fallback_built.size()) +
         ",\"tofu\":{\"on\":" + (s.tofu_on ? "true" : "false") + ",\"frame\":" + std::to_string(s.tofu_frame) +
         ",\"max\":" + std::to_string(s.tofu_max) + ",\"codepoints\":[" + cps + "]}}";
}

}  // namespace tmx::ui
