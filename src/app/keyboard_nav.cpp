#include "app/keyboard_nav.h"

#include <imgui.h>
#include <imgui_internal.h>

namespace tmx::keyboard_nav {

namespace {
int g_tab_dir = 0;          // this frame: +1 Tab, -1 Shift+Tab, 0 none
bool g_tab_was_down = false;
bool g_pending = false;      // a Tab request was submitted last frame (ImGui applies it in NewFrame)
int g_injected_tab = 0;      // from the page's DOM controls
unsigned g_activate = 0;     // from the page's DOM controls
}  // namespace

void activate(unsigned id) { g_activate = id; }
void tab(int dir) { g_injected_tab = dir < 0 ? -1 : +1; }

void before_new_frame() {
  ImGuiIO& io = ImGui::GetIO();
  const int tab = io.KeyMap[ImGuiKey_Tab];
  g_tab_dir = g_injected_tab;
  g_injected_tab = 0;
  if (tab >= 0 && tab < IM_ARRAYSIZE(io.KeysDown)) {
    const bool down = io.KeysDown[tab];
    if (down && !g_tab_was_down && !io.KeyCtrl && !io.KeyAlt && g_tab_dir == 0) g_tab_dir = io.KeyShift ? -1 : +1;
    g_tab_was_down = down;
    io.KeysDown[tab] = false;  // ImGui's own tabbing would only visit text fields
  }
  // Enter presses a focused button or checkbox too (ImGui maps it to "input" only, which buttons ignore).
  const int enter = io.KeyMap[ImGuiKey_Enter];
  if (enter >= 0 && enter < IM_ARRAYSIZE(io.KeysDown) && io.KeysDown[enter] && !io.KeyCtrl && !io.KeyAlt)
    io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
}

void after_new_frame() {
  ImGuiContext& g = *GImGui;
  // Last frame's Tab landed on a slider, drag or text field, and ImGui asks for text input there.
  // Sliders and drags take the arrow keys instead (text fields start editing either way).
  if (g_pending) {
    g_pending = false;
    if (g.NavActivateInputId != 0 && g.NavActivateInputId == g.NavId) {
      g.NavActivateId = g.NavActivateDownId = g.NavActivatePressedId = g.NavActivateInputId;
      g.NavActivateInputId = 0;
      g.NavActivateFlags = ImGuiActivateFlags_PreferTweak;
    }
  }
  // A press from the page: the item sees it as nav activation when it is drawn this frame (as a
  // focused button sees Space), and takes the keyboard focus.
  if (g_activate != 0) {
    g.NavActivateId = g.NavActivateDownId = g.NavActivatePressedId = g_activate;
    g.NavActivateInputId = g_activate;  // a text field starts editing (buttons and checkboxes ignore it)
    g.NavActivateFlags = ImGuiActivateFlags_None;
    g.NavDisableHighlight = false;
    g_activate = 0;
  }
  if (g_tab_dir == 0 || !g.NavWindow || g.NavWindowingTarget) return;
  // As NavUpdateCreateTabbingRequest(), but every navigable item is a stop (FocusApi), not only
  // text fields. With nothing focused yet, Tab goes to the first item.
  g.NavTabbingDir = g_tab_dir < 0 ? -1 : g.NavId == 0 ? 0 : +1;
  ImGui::NavMoveRequestSubmit(ImGuiDir_None, g_tab_dir < 0 ? ImGuiDir_Up : ImGuiDir_Down,
                              ImGuiNavMoveFlags_Tabbing | ImGuiNavMoveFlags_FocusApi,
                              ImGuiScrollFlags_KeepVisibleEdgeX | ImGuiScrollFlags_KeepVisibleEdgeY);
  g.NavTabbingResultFirst.Clear();
  g.NavTabbingCounter = -1;
  g_pending = true;
}

unsigned focused_id() { return GImGui ? GImGui->NavId : 0; }
bool ring_visible() { return GImGui && GImGui->NavId != 0 && !GImGui->NavDisableHighlight; }

}  // namespace tmx::keyboard_nav
