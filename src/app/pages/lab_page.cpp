// Lab: the widget index, and one widget page with its state in the URL (#/lab/<slug>?k=v).
#include <imgui.h>

#include <algorithm>

#include "app/app.h"
#include "ui/fit.h"
#include "app/pages/pages.h"
#include "app/platform.h"
#include "ui/a11y.h"
#include "ui/export.h"
#include "ui/fonts.h"
#include "ui/i18n.h"
#include "ui/scene_text.h"
#include "ui/theme.h"
#include "ui/url.h"
#include "ui/widget.h"
#include "ui/touch.h"

namespace tmx {

static void draw_lab_index(App& app) {
  page_title(tr(S::LabIndexTitle), tr(S::LabIndexIntro));
  const auto& ws = ui::widgets();
  if (ws.empty()) ImGui::TextDisabled("%s", tr(S::LabEmpty));
  const float w = std::min(ImGui::GetContentRegionAvail().x, 520.0f);
  for (const auto& info : ws) {
#ifdef NDEBUG
    if (info.internal) continue;  // developer pages open by URL only
#endif
    if (link_card(info.slug, ui::registry_text(info.title).c_str(), ui::registry_text(info.summary).c_str(), w, 92.0f)) app.go_hash(ui::room_hash("lab", info.slug));
    ImGui::Dummy(ImVec2(0, 4));
  }
}

static std::string params_key(const Route& r) { return ui::query_string(r.params); }

void draw_lab_page(App& app) {
  const Route& route = app.route();
  if (route.slug.empty()) {
    if (route.embed) return draw_not_found_page(app, tr(S::UnknownWidget));
    return draw_lab_index(app);
  }
  const ui::WidgetInfo* info = ui::find_widget(route.slug);
  ui::Widget* widget = app.lab_widget(route.slug);
  if (!info || !widget) return draw_not_found_page(app, tr(S::UnknownWidget));

  // URL -> widget when the address changed from outside (load, back/forward, shared link).
  std::string& applied = app.lab_params_applied();
  const std::string key = route.slug + "?" + params_key(route);
  if (applied != key) {
    widget->set_params(route.params);
    for (const Route::Cut& c : route.cut)
      widget->add_warning(trf(S::UrlValueCut, {c.key, std::to_string(c.bytes), std::to_string(route.param(c.key).size())}));
    applied = key;
  }

  if (!route.embed) {
    page_title(ui::registry_text(info->title).c_str(), ui::registry_text(info->summary).c_str());
  }
  ui::a11y::begin_region(trf(S::A11yWidgetRegion, {ui::registry_text(info->title)}));
  {
    const ui::NarrowText wrap;  // a phone: a widget's lines of text wrap at the column instead of running off it
    widget->draw();
  }
  ui::a11y::end_region();
  ui::a11y::watch_widget(*widget, ui::registry_text(info->title));

  // widget -> URL (replace, so dragging a slider does not flood the history).
  const ui::Params now = widget->params();
  if (now != route.params) {
    app.replace_params(now);
    applied = route.slug + "?" + params_key(app.route());
  }

  ImGui::Dummy(ImVec2(0, 12));
  const std::string base = platform::share_base_url();
  Route share = app.route();
  share.embed = false;
  if (!route.embed) {
    Route e = share;
    e.embed = true;
    const std::string link = base + format_route(share);
    // The URL is ours (format_route percent-encodes every value), so it is safe inside the attribute.
    const std::string embed = "<iframe src=\"" + base + format_route(e) +
                              "\" width=\"720\" height=\"480\" style=\"border:0\" loading=\"lazy\" "
                              "title=\"" + std::string(info->title) + "\"></iframe>";
    ui::copy_button(tr(S::CopyLink), link);
    ImGui::SameLine();
    ui::copy_button(tr(S::CopyEmbed), embed);
    ui::copy_fallback_box(tr(S::CopyLink), link);
    ui::copy_fallback_box(tr(S::CopyEmbed), embed);
  } else {
    ImGui::PushFont(ui::fonts().small);
    if (ui::small_button(tr(S::OpenStandalone))) platform::open_external(base + format_route(share));
    ImGui::PopFont();
  }
}

}  // namespace tmx
