#include "ui/a11y.h"

#include <unordered_map>

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

}  // namespace tmx::ui::a11y
