// Screen-reader announcements from the UI layer: one short sentence when a widget recomputes
// because one of its settings changed (the web page reads it out through an ARIA live region,
// src/app/text_layer.cpp; native builds ignore it).
#pragma once
#include <string>

namespace tmx::ui {
class Widget;

namespace a11y {

// After a widget's draw(): when its settings differ from the last call for the same widget, queues
// "Title: Label value; Label value" (the settings that changed, then its first warning if any).
// The first call for a widget only records its state.
void watch_widget(const Widget& w, const std::string& title);
// The sentence queued this frame ("" if none); clears it.
std::string take_announcement();

}  // namespace a11y
}  // namespace tmx::ui
