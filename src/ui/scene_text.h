// Scene strings (titles, chapter titles and captions, labels) in every language. The anim layer
// reaches this through the stage's translation hook (ui/stage_hooks.h); a scene's English text
// is the key. Chinese is a second table keyed by the English, src/ui/scene_text_zh.cpp.
#pragma once
#include <string>

#include "ui/i18n.h"

namespace tmx::ui {

// The text for `english` in the current language; English itself when the table has no row or
// no text in that column.
std::string scene_text(const std::string& english);
// The table's text for `english` in `lang`, or nullptr when the table lacks it (the i18n test
// checks every scene string has a row with text in every language).
const char* scene_text_in(const std::string& english, Lang lang);

// The English rows of the table, by index (for the tests: every row needs its Chinese).
int scene_text_rows();
const char* scene_text_key(int i);

// The titles and summaries given to TMX_REGISTER_SCENE / TMX_REGISTER_WIDGET (Cinema and Lab cards,
// page headings, note cards) live in the same table, keyed by that English text. (The catalog and
// status() keep the English text: they are for programs.)
inline std::string registry_text(const char* english) { return scene_text(english); }

}  // namespace tmx::ui
