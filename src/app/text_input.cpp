#include "app/text_input.h"

#include <imgui_internal.h>

#include <cfloat>
#include <cstdio>
#include <cstring>

#include "app/present.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace tmx {

TextInputBridge& text_input() {
  static TextInputBridge b;
  return b;
}

void TextInputBridge::text(const std::string& utf8) {
  if (queue_.empty() || queue_.back().imgui_key >= 0) queue_.push_back({-1, false, false, {}});
  queue_.back().text += utf8;
  for (unsigned char c : utf8) chars_ += (c & 0xC0) != 0x80;
}

void TextInputBridge::key(const std::string& name, bool ctrl, bool shift) {
  static const struct { const char* name; int key; } kKeys[] = {
      {"Tab", ImGuiKey_Tab},         {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
      {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
      {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home},         {"End", ImGuiKey_End},
      {"Delete", ImGuiKey_Delete},   {"Backspace", ImGuiKey_Backspace}, {"Enter", ImGuiKey_Enter},
      {"Escape", ImGuiKey_Escape},   {"a", ImGuiKey_A}, {"c", ImGuiKey_C}, {"v", ImGuiKey_V},
      {"x", ImGuiKey_X},             {"y", ImGuiKey_Y}, {"z", ImGuiKey_Z}};
  for (const auto& k : kKeys)
    if (name == k.name) {
      if (queue_.size() < 512) queue_.push_back({k.key, ctrl, shift, {}});
      ++key_count_;
      return;
    }
}

void TextInputBridge::apply(ImGuiIO& io) {
  if (held_ >= 0) {  // last frame's key goes up first, so a repeated key is a new press
    io.KeysDown[held_] = false;
    io.KeyCtrl = io.KeyShift = io.KeySuper = false;
    held_ = -1;
    return;
  }
  // Text up to the next key, then that key (ImGui reads a frame's characters before its keys).
  size_t n = 0;
  for (; n < queue_.size() && queue_[n].imgui_key < 0; ++n) io.AddInputCharactersUTF8(queue_[n].text.c_str());
  if (n < queue_.size()) {
    const Item k = queue_[n++];
    const int idx = io.KeyMap[k.imgui_key];
    if (idx >= 0 && idx < IM_ARRAYSIZE(io.KeysDown)) {
      held_ = idx;
      io.KeysDown[idx] = true;
      io.KeyCtrl = k.ctrl;
      io.KeyShift = k.shift;
    }
  }
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(n));
}

TextInputBridge::Field TextInputBridge::field() const {
  Field f;
  const ImGuiContext& g = *GImGui;
  f.active = ImGui::GetIO().WantTextInput;
  if (f.active && g.PlatformImePos.x < FLT_MAX) {
    f.x = g.PlatformImePos.x;
    f.y = g.PlatformImePos.y;  // ImGui puts it one line above the caret
    f.h = g.FontSize;
  }
  return f;
}

std::string TextInputBridge::status_json() const {
  const Field f = field();
  char buf[200];
  std::snprintf(buf, sizeof buf, "{\"active\":%s,\"x\":%.1f,\"y\":%.1f,\"chars\":%lld,\"keys\":%lld}",
                f.active ? "true" : "false", static_cast<double>(f.x), static_cast<double>(f.y + f.h), chars_, key_count_);
  return buf;
}

}  // namespace tmx

// The page's hidden input calls these (wasm_shell/input.js).
extern "C" {
#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
void tmx_text_input(const char* utf8) {
  tmx::present::wake();  // a sleeping app runs the next frames (app/present.h)
  if (utf8 && std::strlen(utf8) <= 65536) tmx::text_input().text(utf8);
}

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
void tmx_text_key(const char* name, int mods) {
  tmx::present::wake();
  if (name) tmx::text_input().key(name, (mods & 1) != 0, (mods & 2) != 0);
}
}
