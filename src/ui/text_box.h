// A multi-line text box bound to a std::string that grows as the user types or pastes (no fixed
// buffer). Text past max_bytes is cut at a character boundary and *clamped is set, so the caller
// can say so. Returns true when the text changed.
#pragma once
#include <string>

namespace tmx::ui {

bool text_box(const char* id, std::string& text, size_t max_bytes, float height, bool* clamped = nullptr);

}  // namespace tmx::ui
