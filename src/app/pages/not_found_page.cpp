// Unknown routes: say so plainly and offer the way home. `detail` is sanitized by the router.
#include <imgui.h>

#include "app/app.h"
#include "app/pages/pages.h"
#include "ui/cjk_wrap.h"
#include "ui/i18n.h"
#include "ui/theme.h"

namespace tmx {

namespace {

// The router's reasons in the reader's language, with the address as data.
std::string route_problem_text(const Route& r) {
  S s = S::RouteNoPage;
  switch (r.why) {
    case RouteProblem::TooLong: s = S::RouteTooLong; break;
    case RouteProblem::BadAnchor: s = S::RouteBadAnchor; break;
    case RouteProblem::NoPage: s = S::RouteNoPage; break;
    case RouteProblem::BadName: s = S::RouteBadName; break;
    case RouteProblem::EmbedNoName: s = S::RouteEmbedNoName; break;
    case RouteProblem::TooManyParams: s = S::RouteTooManyParams; break;
    case RouteProblem::BadParamName: s = S::RouteBadParamName; break;
    case RouteProblem::BadParamValue: s = S::RouteBadParamValue; break;
    case RouteProblem::None: return "";
  }
  return trf(s, {r.problem_at});
}

}  // namespace

void draw_not_found_page(App& app, const Route& route) { draw_not_found_page(app, route_problem_text(route).c_str()); }

void draw_not_found_page(App& app, const char* detail) {
  page_title(tr(S::NotFoundTitle), tr(S::NotFoundBody));
  if (detail && *detail) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::palette().text_dim);
    ui::text_wrapped(detail);
    ImGui::PopStyleColor();
    ImGui::Dummy(ImVec2(0, 8));
  }
  if (ImGui::Button(tr(S::BackHome))) {
    Route home;
    app.go(home);
  }
}

}  // namespace tmx
