// The Simplified Chinese column of the scene string table, kept in its own file
// (src/ui/scene_text_zh.cpp); scene_text.cpp reads it for Lang::Zh, the tests walk it.
#pragma once
#include <string_view>

namespace tmx::ui {

// The Chinese for a scene string given by its English text, or nullptr.
const char* scene_text_zh(std::string_view english);
// The rows of the Chinese table, by index: their English keys (for the stale-row test).
int scene_text_zh_rows();
const char* scene_text_zh_key(int i);

}  // namespace tmx::ui
