// Notes: the chapter index (content/<lang>/notes/NN-slug.md, ordered by file name) and a chapter view.
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/app.h"
#include "app/pages/pages.h"
#include "ui/fonts.h"
#include "ui/i18n.h"
#include "ui/theme.h"

namespace tmx {

namespace {

struct Chapter {
  std::string slug;   // file name without the "NN-" prefix and ".md"
  std::string title;  // first "# " heading
  std::string path;
};

std::vector<Chapter> scan_chapters(const std::string& root) {
  std::vector<Chapter> out;
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(root) / "en" / "notes";
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (!e.is_regular_file() || e.path().extension() != ".md") continue;
    std::string stem = e.path().stem().string();
    const size_t dash = stem.find('-');
    Chapter c;
    c.slug = dash != std::string::npos && dash <= 3 ? stem.substr(dash + 1) : stem;
    c.path = e.path().string();
    std::ifstream f(c.path);
    std::string line;
    while (std::getline(f, line))
      if (line.rfind("# ", 0) == 0) {
        c.title = line.substr(2);
        break;
      }
    if (c.title.empty()) c.title = c.slug;
    out.push_back(c);
  }
  std::sort(out.begin(), out.end(), [](const Chapter& a, const Chapter& b) { return a.path < b.path; });
  return out;
}

const std::vector<Chapter>& chapters(const std::string& root) {
  static std::string cached_root;
  static std::vector<Chapter> cached;
  if (cached_root != root) {
    cached = scan_chapters(root);
    cached_root = root;
  }
  return cached;
}

}  // namespace

void draw_notes_page(App& app) {
  const Route& route = app.route();
  const auto& chs = chapters(app.content_root());
  if (route.slug.empty()) {
    page_title(tr(S::NotesIndexTitle), tr(S::NotesIndexIntro));
    if (chs.empty()) ImGui::TextDisabled("%s", tr(S::NotesEmpty));
    const float w = std::min(ImGui::GetContentRegionAvail().x, 620.0f);
    for (size_t i = 0; i < chs.size(); ++i) {
      char label[32];
      snprintf(label, sizeof label, "%s %zu", tr(S::Chapter), i + 1);
      if (link_card(chs[i].slug.c_str(), chs[i].title.c_str(), label, w, 80.0f))
        app.go_hash("#/notes/" + chs[i].slug);
      ImGui::Dummy(ImVec2(0, 4));
    }
    return;
  }
  const auto it = std::find_if(chs.begin(), chs.end(), [&](const Chapter& c) { return c.slug == route.slug; });
  if (it == chs.end()) return draw_not_found_page(app, tr(S::UnknownNote));
  page_title(it->title.c_str());
}

}  // namespace tmx
