// Text from the page's hidden input (wasm_shell/input.js) into ImGui's text fields, and where the
// focused field's caret is back to the page. The hidden input carries focus while an ImGui text
// field is active, so a phone shows its keyboard and input methods (pinyin, kana, emoji, paste)
// compose in it; the finished text arrives here as UTF-8 and editing keys by name.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

namespace tmx {

class TextInputBridge {
 public:
  void text(const std::string& utf8);                        // committed text, any length
  void key(const std::string& name, bool ctrl, bool shift);  // "Backspace", "Enter", "a" (with ctrl) ...
  // Before ImGui::NewFrame: queued text, and one queued key pressed this frame, released the next.
  void apply(ImGuiIO& io);
  // After the frame: whether a text field is active and its caret (CSS px), for the page.
  struct Field {
    bool active = false;
    float x = 0, y = 0, h = 0;
    bool operator!=(const Field& o) const { return active != o.active || x != o.x || y != o.y || h != o.h; }
  };
  Field field() const;
  std::string status_json() const;

 private:
  // In arrival order: text (key < 0) or one editing key.
  struct Item { int imgui_key; bool ctrl, shift; std::string text; };
  std::vector<Item> queue_;
  int held_ = -1;  // io.KeysDown index pressed last frame
  long long chars_ = 0, key_count_ = 0;  // for the probe
};

TextInputBridge& text_input();

}  // namespace tmx
