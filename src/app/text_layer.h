// The web page's DOM text layer (wasm_shell/text_layer.js): the chapter shown as real text over the
// canvas (selection, copy, find, translation, screen readers), the document's title and language,
// and an ARIA live region. Native builds: nothing to do.
#pragma once
#include <string>

namespace tmx {
namespace ui::md { class NoteView; }

namespace text_layer {

// Each frame a chapter is on screen, after view.draw(): sends the chapter when its layout changed,
// places the layer over the note, and applies any scroll the browser asked for (find, a screen
// reader moving out of view) to the note.
void show_note(ui::md::NoteView& view);
// Once per frame, after the page: hides the layer if no chapter was shown this frame; the layer takes
// the pointer only when `interactive` (no popup or drawer over the note). Sets title and lang.
void end_frame(const std::string& title, const char* lang, bool interactive);
// One short sentence for screen readers (polite live region); repeated text is not re-announced.
void announce(const std::string& sentence);
// For tests (native too): how many times the chapter's JSON was sent.
int chapters_sent();

}  // namespace text_layer
}  // namespace tmx
