// Tabs that never cut their labels: ImGui's tab bar while every label fits on one line (desktop
// widths), otherwise a row of tab-coloured buttons that wraps onto as many lines as it needs (a
// phone). Either way the tab bar draws no content: the caller draws the selected tab's content
// after it.
#pragma once

namespace tmx::ui {

// labels: n labels (an "###id" suffix keeps an ImGui ID stable across languages; it is not
// shown). selected: the tab shown now. force: the caller wants `selected` shown (an address asked
// for it); ImGui's tab bar takes a frame to switch. Returns the tab the reader has selected (while
// forcing, ImGui's bar may still report the old one for a frame: callers ignore it then).
int tab_row(const char* id, const char* const* labels, int n, int selected, bool force);

}  // namespace tmx::ui
