// Unknown routes: say so plainly and offer the way home. `detail` is sanitized by the router.
#include <imgui.h>

#include "app/app.h"
#include "app/pages/pages.h"
#include "ui/i18n.h"
#include "ui/theme.h"

namespace tmx {

void draw_not_found_page(App& app, const char* detail) {
  page_title(tr(S::NotFoundTitle), tr(S::NotFoundBody));
  if (detail && *detail) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::palette().text_dim);
    ImGui::TextWrapped("%s", detail);
    ImGui::PopStyleColor();
    ImGui::Dummy(ImVec2(0, 8));
  }
  if (ImGui::Button(tr(S::BackHome))) {
    Route home;
    app.go(home);
  }
}

}  // namespace tmx
