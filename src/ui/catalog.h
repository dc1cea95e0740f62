// What an author can link to or embed, in one JSON document:
//   {"notes":  [{"slug","title","headings":[{"title","anchor","level"}]}],
//    "scenes": [{"slug","title","duration","chapters":[{"title","start"}]}],
//    "widgets":[{"slug","title","summary","params":[{"key","label","default","min","max","choices"}]}]}
// Widget parameters come from each widget's declared spec (ui/widget.h), so the catalog lists
// exactly what set_params accepts. One function serves `tmx catalog` (native) and
// window.explorer.catalog() / the "explorer.catalog" message (web).
#pragma once
#include <string>

namespace tmx::ui {

// content_root: the folder holding <lang>/notes/ (natively <repo>/content, on the web /content).
std::string catalog_json(const std::string& content_root);
// A chapter's title for the status line; "" if there is no chapter with that slug.
std::string note_title(const std::string& content_root, const std::string& slug);

}  // namespace tmx::ui
