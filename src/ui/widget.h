// Lab widgets: one class per file under src/ui/widgets/, registered by slug with
//   TMX_REGISTER_WIDGET(MyWidget, "my-widget", "Title on screen", "one-line summary");
// The same instance type is used standalone (#/lab/<slug>), embedded (#/embed/lab/<slug>)
// and inline in notes (```widget <slug> key=value```). All user state round-trips through
// Params, so the URL restores it and a note can preset it.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/registry.h"
#include "ui/url.h"  // Params

namespace tmx::ui {

// Reading untrusted parameters: out-of-range, NaN or malformed values are clamped/replaced
// and a human-readable warning is appended (the widget shows it), never silently accepted.
std::string param_get(const Params& p, const std::string& key, const std::string& def = "");
float param_float(const Params& p, const std::string& key, float def, float lo, float hi,
                  std::vector<std::string>& warnings);
int param_int(const Params& p, const std::string& key, int def, int lo, int hi, std::vector<std::string>& warnings);
std::vector<float> param_floats(const Params& p, const std::string& key, const std::vector<float>& def,
                                size_t max_count, float lo, float hi, std::vector<std::string>& warnings);
// A float from URL/directive text: false if empty, malformed, too long or not finite (|v| is capped at 1e30).
bool parse_finite_float(const std::string& s, float& out);
std::string format_float(float v);  // shortest text that reads back to the same float
std::string format_floats(const std::vector<float>& v);

class Widget {
 public:
  virtual ~Widget() = default;
  // Apply parameters (from the URL or a note). Problems go to warnings().
  virtual void set_params(const Params& p) = 0;
  virtual Params params() const = 0;  // current state, for the URL and "copy link"
  // Draw into the current ImGui window/child, using the available width.
  virtual void draw() = 0;
  const std::vector<std::string>& warnings() const { return warnings_; }

 protected:
  std::vector<std::string> warnings_;
  void draw_warnings() const;  // shows warnings_ as a visible notice
};

struct WidgetInfo {
  const char* slug;
  const char* title;
  const char* summary;
  std::unique_ptr<Widget> (*create)();
};

// Storage and lookup: core/registry.h (a slug registered twice is refused and listed in
// WidgetRegistry::duplicates()).
using WidgetRegistry = Registry<WidgetInfo, &WidgetInfo::slug, &WidgetInfo::title>;
inline bool register_widget(const WidgetInfo& info) { return WidgetRegistry::add(info); }
inline const std::vector<WidgetInfo>& widgets() { return WidgetRegistry::all(); }  // sorted by title
inline const WidgetInfo* find_widget(const std::string& slug) { return WidgetRegistry::find(slug); }  // nullptr if unknown

}  // namespace tmx::ui

#define TMX_REGISTER_WIDGET(Class, slug, title, summary)                                                  \
  static const bool tmx_widget_registered_##Class = ::tmx::ui::register_widget(                         \
      {slug, title, summary, []() -> std::unique_ptr<::tmx::ui::Widget> { return std::make_unique<Class>(); }})
