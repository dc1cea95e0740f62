// The hook functions Dear ImGui declares under IMGUI_ENABLE_TEST_ENGINE (imgui_internal.h),
// compiled into the imgui library (CMakeLists.txt); they forward to ui/a11y.cpp.
#include "imgui_ext/item_hooks.h"

#include <imgui.h>
#include <imgui_internal.h>

namespace tmx::ui::item_hooks {
namespace {
AddFn g_add = nullptr;
InfoFn g_info = nullptr;
}  // namespace
void set(AddFn add, InfoFn info) {
  g_add = add;
  g_info = info;
}
}  // namespace tmx::ui::item_hooks

using namespace tmx::ui::item_hooks;

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  // Called from ItemAdd() (the item is ImGui's last item) and from ButtonBehavior() for parts of
  // windows (scrollbars, resize grips) that are not items: only the first kind is a control.
  if (!g_add || ctx->LastItemData.ID != id) return;
  g_add(id, bb.Min.x, bb.Min.y, bb.Max.x, bb.Max.y);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  if (!g_info) return;
  unsigned f = 0;
  if (flags & ImGuiItemStatusFlags_Checkable) f |= kCheckable;
  if (flags & ImGuiItemStatusFlags_Checked) f |= kChecked;
  if (flags & ImGuiItemStatusFlags_Openable) f |= kOpenable;
  if (flags & ImGuiItemStatusFlags_Opened) f |= kOpened;
  if (ctx->LastItemData.ID == id && (ctx->LastItemData.InFlags & ImGuiItemFlags_Inputable)) f |= kInputable;
  g_info(id, label ? label : "", f);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
