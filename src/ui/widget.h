// Lab widgets: one class per file under src/ui/widgets/, registered by slug with
//   TMX_REGISTER_WIDGET(MyWidget, "my-widget", "Title on screen", "one-line summary");
// The same instance type is used standalone (#/lab/<slug>), embedded (#/embed/lab/<slug>)
// and inline in notes (```widget <slug> key=value```). All user state round-trips through
// Params, so the URL restores it and a note can preset it.
//
// A widget declares each parameter once, in its constructor, one line per parameter:
//   params_.real("T", &temperature_, 1.0f, 0.05f, 10.0f, S::WSoftmaxT).log();
// From that line come set_params() (parse, clamp, warn), params() (the URL state), the default
// control (params_.control("T"): slider / combo / checkbox / text box) and the catalog entry
// (key, default, range or choices). Custom controls may read and write the same members.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/registry.h"
#include "ui/i18n.h"
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

enum class ParamKind { Real, Int, Bool, Choice, Reals, Text };

struct ParamChoice {
  const char* value;  // in the URL
  S label;            // on screen
};

// One declared parameter. Built by ParamSpecs' methods; the bound member is reached through
// the accessors, so set_params/params/control never name the member again.
struct ParamSpec {
  std::string key;
  ParamKind kind = ParamKind::Real;
  S label = S::Warning;
  std::optional<S> help;
  float lo = 0, hi = 0;               // Real, Int, Reals (Bool: 0..1)
  size_t min_count = 1, max_count = 1;  // Reals: number of values; Text: max bytes in max_count
  bool log_scale = false;             // Real: logarithmic slider
  bool omit_default = false;          // params() leaves it out while it equals the default
  std::vector<ParamChoice> choices;   // Choice
  std::string def;                    // default, as URL text
  // Accessors of the bound member, as URL text and back (the value is already validated).
  std::function<std::string()> get;
  std::function<void(const std::string&)> set;
  float* real = nullptr;  // for the default controls
  int* integer = nullptr;
  bool* flag = nullptr;
  std::vector<float>* reals = nullptr;
  std::string* text = nullptr;
  std::function<int()> choice_get;
  std::function<void(int)> choice_set;

  ParamSpec& log() { log_scale = true; return *this; }
  ParamSpec& describe(S h) { help = h; return *this; }
  ParamSpec& optional() { omit_default = true; return *this; }  // e.g. long lists kept out of short links
};

class ParamSpecs {
 public:
  ParamSpec& real(const char* key, float* m, float def, float lo, float hi, S label);
  ParamSpec& integer(const char* key, int* m, int def, int lo, int hi, S label);
  ParamSpec& flag(const char* key, bool* m, bool def, S label);
  ParamSpec& reals(const char* key, std::vector<float>* m, std::vector<float> def, size_t min_count, size_t max_count,
                   float lo, float hi, S label);
  ParamSpec& text(const char* key, std::string* m, std::string def, size_t max_bytes, S label);
  ParamSpec& choice_index(const char* key, std::function<int()> get, std::function<void(int)> set, int def,
                          std::vector<ParamChoice> choices, S label);
  template <class E>
  ParamSpec& choice(const char* key, E* m, E def, std::vector<ParamChoice> choices, S label) {
    return choice_index(
        key, [m] { return static_cast<int>(*m); }, [m](int i) { *m = static_cast<E>(i); }, static_cast<int>(def),
        std::move(choices), label);
  }

  // Applies p: unknown keys and bad values produce warnings; missing keys get their defaults.
  void apply(const Params& p, std::vector<std::string>& warnings) const;
  Params values() const;  // declaration order
  const std::vector<ParamSpec>& list() const { return specs_; }
  const ParamSpec* find(const std::string& key) const;

  // The default control for one parameter (slider, combo, checkbox, text box, list of drags),
  // labelled with tr(label) and a (?) with the help text. Typed values are clamped. True if changed.
  bool control(const std::string& key, float width = 160.0f) const;

 private:
  ParamSpec& add(ParamSpec s);
  std::vector<ParamSpec> specs_;
};

class Widget {
 public:
  virtual ~Widget() = default;
  // Apply parameters (from the URL or a note). Problems go to warnings(). The default applies
  // the declared spec, then after_params() for rules that tie parameters together.
  virtual void set_params(const Params& p);
  virtual Params params() const;  // current state, for the URL and "copy link"
  // Draw into the current ImGui window/child, using the available width.
  virtual void draw() = 0;
  const std::vector<std::string>& warnings() const { return warnings_; }
  // A problem found before the parameters reached the widget (a value the address had to cut),
  // shown with its own warnings until the next set_params.
  void add_warning(std::string w) { warnings_.push_back(std::move(w)); }
  const ParamSpecs& param_specs() const { return params_; }
  // For browser tests (window.explorer.status().widget): numbers the widget shows, as a JSON
  // object, or "" (the default) for none.
  virtual std::string probe_json() const { return ""; }

 protected:
  virtual void after_params() {}
  std::vector<std::string> warnings_;
  ParamSpecs params_;
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
