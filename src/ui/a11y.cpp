#include "ui/a11y.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "core/json.h"
#include "core/tokenizer/utf8.h"
#include "ui/i18n.h"
#include "ui/widget.h"

namespace tmx::ui::a11y {

namespace {
struct Seen {
  Params params;
  std::string warning;
};
std::unordered_map<const Widget*, Seen> g_seen;  // widgets live as long as their page or note
std::string g_pending;

std::string value_of(const Params& p, const std::string& key) {
  for (const auto& kv : p)
    if (kv.first == key) return kv.second;
  return "";
}
}  // namespace

void watch_widget(const Widget& w, const std::string& title) {
  const Params now = w.params();
  const std::string warning = w.warnings().empty() ? "" : w.warnings().front();
  auto it = g_seen.find(&w);
  if (it == g_seen.end()) {
    g_seen[&w] = {now, warning};
    return;
  }
  if (it->second.params == now && it->second.warning == warning) return;
  std::string changes;
  for (const ParamSpec& s : w.param_specs().list()) {
    const std::string v = value_of(now, s.key);
    if (v == value_of(it->second.params, s.key)) continue;
    changes += (changes.empty() ? "" : "; ") + std::string(tr(s.label)) + " " + (v.empty() ? s.def : v);
  }
  if (!warning.empty() && warning != it->second.warning) changes += (changes.empty() ? "" : ". ") + warning;
  it->second = {now, warning};
  if (changes.empty()) return;
  std::string sentence = trf(S::A11yWidgetChanged, {title, changes});
  if (sentence.size() > 240) sentence = sentence.substr(0, tok::utf8_floor(sentence, 240)) + "\xE2\x80\xA6";
  g_pending = sentence;
}

std::string take_announcement() {
  std::string s;
  s.swap(g_pending);
  return s;
}

namespace {

// One control or figure recorded this frame, already as its JSON object.
struct Region {
  std::string name, items;  // items: comma-separated JSON objects in drawing order
};
std::vector<Region> g_regions;
std::vector<int> g_open;  // stack of region indices
int g_controls = 0, g_controls_last = 0;
std::unordered_map<unsigned, double> g_values;  // from the page, until the item takes it
unsigned g_focus = 0;                            // from the page, until the item is drawn
std::unordered_set<unsigned> g_tables;           // figures whose table the reader asked for

std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  char b[32];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}
std::string short_num(double v) {  // for sentences: 3 significant digits
  if (std::isnan(v)) return "NaN";
  char b[32];
  std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

// The last item's id and box, and ImGui's focus ring moved to it if the page asked.
bool record(const char* role, const std::string& name, std::string& out) {
  if (g_open.empty()) return false;
  ImGuiContext& g = *GImGui;
  const ImGuiID id = g.LastItemData.ID;
  if (id == 0) return false;
  if (g_focus == id) {
    g_focus = 0;
    ImGui::SetFocusID(id, g.CurrentWindow);
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = true;
  }
  const ImRect r = g.LastItemData.Rect;
  char b[160];
  std::snprintf(b, sizeof b, "{\"id\":%u,\"t\":\"%s\",\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f,\"n\":", id, role,
                static_cast<double>(r.Min.x), static_cast<double>(r.Min.y), static_cast<double>(r.GetWidth()),
                static_cast<double>(r.GetHeight()));
  out = b;
  // The label as drawn: ImGui hides what follows "##".
  const size_t hide = name.find("##");
  out += json::quote(hide == std::string::npos ? name : name.substr(0, hide));
  ++g_controls;
  return true;
}
void add(std::string item) {
  Region& r = g_regions[static_cast<size_t>(g_open.back())];
  if (!r.items.empty()) r.items += ",";
  r.items += item;
  r.items += "}";
}

std::string label_of(const std::vector<std::string>* labels, int i) {
  if (labels && i >= 0 && i < static_cast<int>(labels->size()) && !(*labels)[static_cast<size_t>(i)].empty())
    return (*labels)[static_cast<size_t>(i)];
  return std::to_string(i);
}
}  // namespace

void button(const std::string& name, int pressed) {
  std::string o;
  if (!record("b", name, o)) return;
  if (pressed >= 0) o += std::string(",\"on\":") + (pressed ? "true" : "false");
  add(std::move(o));
}

void checkbox(const std::string& name, bool checked) {
  std::string o;
  if (!record("c", name, o)) return;
  o += std::string(",\"on\":") + (checked ? "true" : "false");
  add(std::move(o));
}

void slider(const std::string& name, double value, double lo, double hi, double step, const std::string& value_text) {
  std::string o;
  if (!record("s", name, o)) return;
  o += ",\"v\":" + num(value) + ",\"lo\":" + num(lo) + ",\"hi\":" + num(hi) + ",\"st\":" + num(step) +
       ",\"vt\":" + json::quote(value_text);
  add(std::move(o));
}

void choice(const std::string& name, const std::vector<std::string>& options, int selected) {
  std::string o;
  if (!record("l", name, o)) return;
  o += ",\"v\":" + std::to_string(selected) + ",\"o\":[";
  for (size_t i = 0; i < options.size(); ++i) o += (i ? "," : "") + json::quote(options[i]);
  o += "]";
  add(std::move(o));
}

void text_field(const std::string& name, const std::string& text) {
  std::string o;
  if (!record("e", name, o)) return;
  o += ",\"vt\":" + json::quote(text);
  add(std::move(o));
}

void begin_region(const std::string& name) {
  // A frame whose record nobody took (headless tests, native builds without a page) is dropped.
  static int frame = -1;
  if (GImGui && frame != ImGui::GetFrameCount()) {
    frame = ImGui::GetFrameCount();
    if (g_open.empty()) g_regions.clear();
  }
  g_regions.push_back({name, {}});
  g_open.push_back(static_cast<int>(g_regions.size()) - 1);
}

void end_region() {
  if (!g_open.empty()) g_open.pop_back();
}

void set_value(unsigned id, double v) {
  if (std::isfinite(v)) g_values[id] = v;
}

bool take_value(unsigned id, double& v) {
  auto it = g_values.find(id);
  if (it == g_values.end()) return false;
  v = it->second;
  g_values.erase(it);
  return true;
}

void request_focus(unsigned id) { g_focus = id; }

void figure(unsigned id, float x0, float y0, float x1, float y1, const std::string& caption, const std::string& summary,
            const std::function<Table()>& table) {
  if (g_open.empty() || id == 0) return;
  char b[160];
  std::snprintf(b, sizeof b, "{\"id\":%u,\"t\":\"f\",\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f,\"n\":", id,
                static_cast<double>(x0), static_cast<double>(y0), static_cast<double>(x1 - x0), static_cast<double>(y1 - y0));
  std::string o = b;
  o += json::quote(caption) + ",\"sum\":" + json::quote(summary) + ",\"show\":" + json::quote(tr(S::A11yShowTable)) +
       ",\"hide\":" + json::quote(tr(S::A11yHideTable));
  if (g_tables.count(id) && table) {
    const Table t = table();
    o += ",\"th\":[";
    for (size_t i = 0; i < t.head.size(); ++i) o += (i ? "," : "") + json::quote(t.head[i]);
    o += "],\"rows\":[";
    for (size_t r = 0; r < t.rows.size(); ++r) {
      o += r ? ",[" : "[";
      for (size_t c = 0; c < t.rows[r].size(); ++c) o += (c ? "," : "") + json::quote(t.rows[r][c]);
      o += "]";
    }
    o += "]";
  }
  add(std::move(o));
}

void show_table(unsigned id, bool on) {
  if (on) g_tables.insert(id);
  else g_tables.erase(id);
}

// "Softmax weights: 5 rows × 5 columns; smallest 0 at row ·a, column ·b; largest 0.93 at …. Largest in
// each row: ·a → ·a 1; ·b → ·a 0.62; …" (the rows listed up to 12).
std::string grid_summary(const std::string& caption, const float* data, int rows, int cols,
                         const std::vector<std::string>* row_labels, const std::vector<std::string>* col_labels) {
  if (!data || rows <= 0 || cols <= 0) return caption;
  int imin = -1, imax = -1;
  for (int i = 0; i < rows * cols; ++i) {
    if (!std::isfinite(data[i])) continue;
    if (imin < 0 || data[i] < data[imin]) imin = i;
    if (imax < 0 || data[i] > data[imax]) imax = i;
  }
  const auto at = [&](int i) {
    return trf(S::A11yAtCell, {label_of(row_labels, i / cols), label_of(col_labels, i % cols)});
  };
  std::string s = trf(S::A11yGridShape, {caption, std::to_string(rows), std::to_string(cols)});
  if (imin >= 0)
    s += " " + trf(S::A11yGridRange, {short_num(data[imin]), at(imin), short_num(data[imax]), at(imax)});
  if (cols > 1 && rows > 1) {
    std::string per;
    const int shown = std::min(rows, 12);
    for (int r = 0; r < shown; ++r) {
      int best = -1;
      for (int c = 0; c < cols; ++c)
        if (std::isfinite(data[r * cols + c]) && (best < 0 || data[r * cols + c] > data[r * cols + best])) best = c;
      if (best < 0) continue;
      per += (per.empty() ? "" : "; ") + label_of(row_labels, r) + " \xE2\x86\x92 " + label_of(col_labels, best) + " " +
             short_num(data[r * cols + best]);
    }
    if (rows > shown) per += "; \xE2\x80\xA6";
    if (!per.empty()) s += " " + trf(S::A11yGridRowMax, {per});
  }
  return s;
}

Table grid_table(const float* data, int rows, int cols, const std::vector<std::string>* row_labels,
                 const std::vector<std::string>* col_labels) {
  Table t;
  const int nr = std::min(rows, 64), nc = std::min(cols, 64);  // a screen reader's table, not an export
  t.head.push_back("");
  for (int c = 0; c < nc; ++c) t.head.push_back(label_of(col_labels, c));
  for (int r = 0; r < nr; ++r) {
    std::vector<std::string> row{label_of(row_labels, r)};
    for (int c = 0; c < nc; ++c) row.push_back(short_num(data[r * cols + c]));
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string curves_summary(const std::string& caption, const std::vector<Curve>& curves) {
  std::string s;
  for (const Curve& c : curves) {
    const size_t n = std::min(c.x->size(), c.y->size());
    if (n == 0) continue;
    float lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; ++i)
      if (std::isfinite((*c.y)[i])) lo = std::min(lo, (*c.y)[i]), hi = std::max(hi, (*c.y)[i]);
    s += (s.empty() ? "" : "; ") + trf(S::A11yCurve, {c.name->empty() ? caption : *c.name, std::to_string(n),
                                                      short_num((*c.y)[n - 1]), short_num((*c.x)[n - 1]), short_num(lo),
                                                      short_num(hi)});
  }
  return trf(S::A11yFigureSentence, {caption, s.empty() ? tr(S::A11yNoData) : s});
}

Table curves_table(const std::vector<Curve>& curves) {
  // One row per sample of the longest curve (at most 200, evenly picked); a column per curve.
  Table t;
  size_t n = 0;
  const Curve* longest = nullptr;
  for (const Curve& c : curves)
    if (std::min(c.x->size(), c.y->size()) > n) n = std::min(c.x->size(), c.y->size()), longest = &c;
  t.head.push_back("x");
  for (const Curve& c : curves) t.head.push_back(*c.name);
  if (!longest) return t;
  const size_t rows = std::min<size_t>(n, 200);
  for (size_t k = 0; k < rows; ++k) {
    const size_t i = rows == n ? k : k * (n - 1) / (rows - 1);
    const float x = (*longest->x)[i];
    std::vector<std::string> row{short_num(x)};
    for (const Curve& c : curves) {
      const size_t m = std::min(c.x->size(), c.y->size());
      // The curve's sample at the same x, if it has one (curves share their x in every plot here).
      const auto it = std::lower_bound(c.x->begin(), c.x->begin() + static_cast<long>(m), x);
      const size_t j = static_cast<size_t>(it - c.x->begin());
      row.push_back(j < m && (*c.x)[j] == x ? short_num((*c.y)[j]) : "");
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string bars_summary(const std::string& caption, const std::vector<float>& values,
                         const std::vector<std::string>& labels) {
  std::vector<int> order(values.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return values[static_cast<size_t>(a)] > values[static_cast<size_t>(b)]; });
  std::string top;
  for (size_t k = 0; k < order.size() && k < 3; ++k)
    top += (k ? "; " : "") + label_of(&labels, order[k]) + " " + short_num(values[static_cast<size_t>(order[k])]);
  return trf(S::A11yBars, {caption, std::to_string(values.size()), top});
}

std::string take_frame_json(unsigned nav_id) {
  std::string out = "{\"nav\":" + std::to_string(nav_id) + ",\"r\":[";
  for (size_t i = 0; i < g_regions.size(); ++i) {
    if (g_regions[i].items.empty()) continue;
    if (out.back() != '[') out += ",";
    out += "{\"n\":" + json::quote(g_regions[i].name) + ",\"c\":[" + g_regions[i].items + "]}";
  }
  out += "]}";
  g_regions.clear();
  g_open.clear();
  g_values.clear();  // set by the page before this frame; an item not drawn this frame drops it
  g_focus = 0;
  g_controls_last = g_controls;
  g_controls = 0;
  return out;
}

int controls_last_frame() { return g_controls_last; }

}  // namespace tmx::ui::a11y
