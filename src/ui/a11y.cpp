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
#include "imgui_ext/item_hooks.h"
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

// What was recorded in one region this frame: every item ImGui added there (through its item hooks)
// and every record, in drawing order; a record replaces the hook's guess for the same item.
struct Item {
  unsigned id = 0;
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool hooked = false;   // ImGui added it: an interactive item (else a figure, text or picture)
  bool visible = true;   // inside its window's visible area when added
  bool named = false;    // its record has a non-empty name
  std::string label;     // the hook's label, as drawn
  const ImGuiWindow* window = nullptr;  // where it was drawn
  std::string json;      // the record without its closing brace; "" none
};
struct Region {
  std::string name;
  Landmark kind = Landmark::Region;
  std::vector<Item> items;
  std::unordered_map<unsigned, size_t> at;  // id -> index in items
  int texts = 0;                            // text items so far (their ids)
};
std::vector<Region> g_regions;
std::vector<int> g_open;  // stack of region indices
int g_controls = 0, g_controls_last = 0, g_items_last = 0;
std::vector<std::string> g_missing_last;
std::vector<ImRect> g_inputable_now, g_inputable_last;  // visible sliders, drags and text fields
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
// The label as drawn: ImGui hides what follows "##".
std::string shown_label(const std::string& name) {
  const size_t hide = name.find("##");
  return hide == std::string::npos ? name : name.substr(0, hide);
}
std::string head(unsigned id, const char* role, float x0, float y0, float x1, float y1, const std::string& name) {
  char b[160];
  std::snprintf(b, sizeof b, "{\"id\":%u,\"t\":\"%s\",\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f,\"n\":", id, role,
                static_cast<double>(x0), static_cast<double>(y0), static_cast<double>(x1 - x0),
                static_cast<double>(y1 - y0));
  return b + json::quote(name);
}
Region* current() { return g_open.empty() ? nullptr : &g_regions[static_cast<size_t>(g_open.back())]; }
Item& item_for(Region& r, unsigned id) {
  auto it = r.at.find(id);
  if (it != r.at.end()) return r.items[it->second];
  r.at[id] = r.items.size();
  r.items.push_back({});
  r.items.back().id = id;
  return r.items.back();
}
// ImGui's focus ring moves to the item the page focused, when it is drawn.
void follow_page_focus(unsigned id) {
  if (g_focus != id) return;
  ImGuiContext& g = *GImGui;
  g_focus = 0;
  ImGui::SetFocusID(id, g.CurrentWindow);
  g.NavDisableHighlight = false;
  g.NavDisableMouseHover = true;
}

// ImGui's item hooks (imgui_ext/item_hooks.h), on only inside regions.
void hook_add(unsigned id, float x0, float y0, float x1, float y1) {
  Region* r = current();
  if (!r || r->at.count(id)) return;
  // A table's header cells are its text, not controls (ImGui adds them as items for sorting).
  const ImGuiTable* table = GImGui->CurrentTable;
  if (table && (table->RowFlags & ImGuiTableRowFlags_Headers)) return;
  Item& it = item_for(*r, id);
  it.hooked = true;
  it.window = GImGui->CurrentWindow;
  it.x0 = x0, it.y0 = y0, it.x1 = x1, it.y1 = y1;
  const ImRect clip = GImGui->CurrentWindow ? GImGui->CurrentWindow->ClipRect : ImRect(x0, y0, x1, y1);
  it.visible = x1 > x0 && y1 > y0 && clip.Overlaps(ImRect(x0, y0, x1, y1));
  follow_page_focus(id);
}
void hook_info(unsigned id, const char* label, unsigned flags) {
  Region* r = current();
  if (!r) return;
  auto found = r->at.find(id);
  if (found == r->at.end()) return;
  Item& it = r->items[found->second];
  it.label = shown_label(label);
  if ((flags & item_hooks::kInputable) && it.visible) g_inputable_now.emplace_back(it.x0, it.y0, it.x1, it.y1);
  // A slider, drag or text field needs its value from the drawing code (a record); a control with
  // no visible label needs a name from it.
  if (!it.json.empty() || (flags & item_hooks::kInputable) || it.label.empty()) return;
  if (flags & item_hooks::kCheckable) {
    it.json = head(id, "c", it.x0, it.y0, it.x1, it.y1, it.label) + ",\"on\":" + ((flags & item_hooks::kChecked) ? "true" : "false");
  } else {
    it.json = head(id, "b", it.x0, it.y0, it.x1, it.y1, it.label);
    if (flags & item_hooks::kOpenable) it.json += std::string(",\"ex\":") + ((flags & item_hooks::kOpened) ? "true" : "false");
  }
  it.named = true;
}
struct InstallHooks {
  InstallHooks() { item_hooks::set(hook_add, hook_info); }
} g_install;

// A record for ImGui's last item (its id and box): the JSON without its closing brace.
bool record(const char* role, const std::string& name, std::string& out) {
  if (g_open.empty()) return false;
  ImGuiContext& g = *GImGui;
  const ImGuiID id = g.LastItemData.ID;
  if (id == 0) return false;
  follow_page_focus(id);
  const ImRect r = g.LastItemData.Rect;
  out = head(id, role, r.Min.x, r.Min.y, r.Max.x, r.Max.y, shown_label(name));
  return true;
}
void put(unsigned id, std::string json, bool named) {
  Region* r = current();
  if (!r) return;
  Item& it = item_for(*r, id);
  it.json = std::move(json);
  it.named = named;
}
void add(std::string item) {
  const unsigned id = GImGui->LastItemData.ID;
  const bool named = item.find(",\"n\":\"\"") == std::string::npos;
  put(id, std::move(item), named);
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

void button_for(unsigned id, const std::string& name) {
  Region* r = current();
  if (!r) return;
  auto found = r->at.find(id);
  if (found == r->at.end()) return;
  const Item& it = r->items[found->second];
  put(id, head(id, "b", it.x0, it.y0, it.x1, it.y1, shown_label(name)), !shown_label(name).empty());
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

void begin_region(const std::string& name, Landmark kind) {
  // A frame whose record nobody took (headless tests, native builds without a page) is dropped.
  static int frame = -1;
  if (GImGui && frame != ImGui::GetFrameCount()) {
    frame = ImGui::GetFrameCount();
    if (g_open.empty()) g_regions.clear();
  }
  g_regions.push_back({});
  g_regions.back().name = name;
  g_regions.back().kind = kind;
  g_open.push_back(static_cast<int>(g_regions.size()) - 1);
  if (GImGui) GImGui->TestEngineHookItems = true;
}

void end_region() {
  if (!g_open.empty()) g_open.pop_back();
  if (g_open.empty() && GImGui) GImGui->TestEngineHookItems = false;
}

namespace {
// Text and pictures have no ImGui id: one made from the region, the text's place in it and the text.
unsigned text_id(Region& r, const std::string& s) {
  const unsigned seed = static_cast<unsigned>(g_open.back()) * 7919u + static_cast<unsigned>(r.texts++);
  return 0x80000000u | (ImHashStr(s.c_str(), s.size(), seed) & 0x7fffffffu);
}
}  // namespace

void text_at(int level, const std::string& s, float x0, float y0, float x1, float y1) {
  Region* r = current();
  if (!r || s.empty()) return;
  const unsigned id = text_id(*r, s);
  put(id, head(id, "t", x0, y0, x1, y1, s) + ",\"l\":" + std::to_string(std::clamp(level, 0, 6)), true);
}

void text(int level, const std::string& s) {
  if (!GImGui) return;
  const ImRect r = GImGui->LastItemData.Rect;
  text_at(level, s, r.Min.x, r.Min.y, r.Max.x, r.Max.y);
}

void link(unsigned id, const std::string& name, const std::string& description, float x0, float y0, float x1, float y1) {
  if (g_open.empty() || id == 0) return;
  follow_page_focus(id);
  put(id, head(id, "b", x0, y0, x1, y1, name) + ",\"d\":" + json::quote(description), !name.empty());
}

void picture(const std::string& name, const std::string& shows, bool live) {
  std::string o;
  if (!record("g", name, o)) return;
  o += ",\"sum\":" + json::quote(shows) + (live ? ",\"live\":true" : "");
  add(std::move(o));
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
  std::string o = head(id, "f", x0, y0, x1, y1, caption);
  o += ",\"sum\":" + json::quote(summary) + ",\"show\":" + json::quote(tr(S::A11yShowTable)) +
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
  put(id, std::move(o), !caption.empty());
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

namespace {
// A child window adds itself to its parent as an item (to be reached by the keyboard): not a control.
bool is_child_window(unsigned id) {
  if (!GImGui) return false;
  for (const ImGuiWindow* w : GImGui->Windows)
    if (w->ChildId == id && (w->Flags & ImGuiWindowFlags_ChildWindow)) return true;
  return false;
}
}  // namespace

std::string take_frame_json(unsigned nav_id) {
  static const char* kKinds[] = {"b", "n", "m", "r", "d"};  // Landmark's order
  std::string out = "{\"nav\":" + std::to_string(nav_id) + ",\"r\":[";
  g_items_last = 0;
  g_missing_last.clear();
  for (const Region& r : g_regions) {
    std::string items;
    for (const Item& it : r.items) {
      if (it.hooked && it.visible && it.json.empty() && is_child_window(it.id)) continue;  // a container
      if (it.hooked && it.visible) {
        ++g_items_last;
        if (it.json.empty() || !it.named) {
          char box[96];
          std::snprintf(box, sizeof box, "item %08X at (%.0f, %.0f) %.0f x %.0f", it.id, static_cast<double>(it.x0),
                        static_cast<double>(it.y0), static_cast<double>(it.x1 - it.x0), static_cast<double>(it.y1 - it.y0));
          g_missing_last.push_back(r.name + ": " + (it.label.empty() ? std::string(box) : "\"" + it.label + "\" (" + box + ")") +
                                   (it.window ? std::string(" in ") + it.window->Name : ""));
        }
      }
      if (it.json.empty()) continue;
      const char role = it.json.size() > 30 ? it.json[it.json.find("\"t\":\"") + 5] : 0;
      if (role == 'b' || role == 'c' || role == 's' || role == 'l' || role == 'e') ++g_controls;
      if (!items.empty()) items += ",";
      items += it.json;
      items += "}";
    }
    if (items.empty()) continue;
    if (out.back() != '[') out += ",";
    out += "{\"n\":" + json::quote(r.name) + ",\"k\":\"" + kKinds[static_cast<int>(r.kind)] + "\",\"c\":[" + items + "]}";
  }
  out += "]}";
  g_regions.clear();
  g_open.clear();
  if (GImGui) GImGui->TestEngineHookItems = false;
  g_values.clear();  // set by the page before this frame; an item not drawn this frame drops it
  g_focus = 0;
  g_controls_last = g_controls;
  g_controls = 0;
  g_inputable_last.swap(g_inputable_now);
  g_inputable_now.clear();
  return out;
}

bool inputable_at(ImVec2 p) {
  return std::any_of(g_inputable_last.begin(), g_inputable_last.end(), [&](const ImRect& r) { return r.Contains(p); });
}

int controls_last_frame() { return g_controls_last; }
int items_last_frame() { return g_items_last; }
const std::vector<std::string>& missing_last_frame() { return g_missing_last; }

}  // namespace tmx::ui::a11y
