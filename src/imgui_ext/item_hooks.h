// Dear ImGui's item hooks (built with IMGUI_ENABLE_TEST_ENGINE, see CMakeLists.txt): ImGui calls
// them for every item it adds (id and box) and for every labelled control (label and state), so the
// page's DOM controls (ui/a11y.h) cover controls drawn with plain ImGui calls too. ImGui calls them
// only while ImGuiContext::TestEngineHookItems is true (ui/a11y.cpp turns it on inside regions);
// otherwise the cost is one branch per item. The hooks live in the imgui library itself
// (item_hooks.cpp) and forward to the functions set here.
#pragma once

namespace tmx::ui::item_hooks {

enum Flags : unsigned {
  kCheckable = 1u << 0,  // a checkbox or a menu item with a check mark
  kChecked = 1u << 1,
  kOpenable = 1u << 2,  // a tree node, collapsing header or menu
  kOpened = 1u << 3,
  kInputable = 1u << 4,  // a slider, drag or text field (its value is not in the hook)
};
// add: an item with its id and box (screen px), right after ImGui added it (ImGui's last item is
// it). info: its label (with any "##" suffix) and Flags.
using AddFn = void (*)(unsigned id, float x0, float y0, float x1, float y1);
using InfoFn = void (*)(unsigned id, const char* label, unsigned flags);
void set(AddFn add, InfoFn info);

}  // namespace tmx::ui::item_hooks
