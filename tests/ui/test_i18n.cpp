#include <catch2/catch.hpp>
#include <cstring>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "ui/i18n.h"
#include "ui/widget.h"

using namespace tmx;

TEST_CASE("every UI string has text in every language", "[ui][i18n]") {
  for (int l = 0; l < static_cast<int>(Lang::Count); ++l) {
    set_language(static_cast<Lang>(l));
    for (int i = 0; i < static_cast<int>(S::Count); ++i) {
      INFO("language " << l << ", string " << i);
      const char* t = tr(static_cast<S>(i));
      REQUIRE(t != nullptr);
      CHECK(std::strlen(t) > 0);
    }
  }
  set_language(Lang::En);
  CHECK(std::strcmp(tr(S::Notes), "Notes") == 0);
}

TEST_CASE("every widget parameter's label, help and choice labels have text in every language", "[ui][i18n][widgets]") {
  for (int l = 0; l < static_cast<int>(Lang::Count); ++l) {
    set_language(static_cast<Lang>(l));
    for (const auto& info : ui::widgets()) {
      auto w = info.create();
      for (const auto& s : w->param_specs().list()) {
        INFO("language " << l << ", widget " << info.slug << ", parameter " << s.key);
        CHECK(std::strlen(tr(s.label)) > 0);
        CHECK(std::strcmp(tr(s.label), "?") != 0);
        if (s.help) CHECK(std::strlen(tr(*s.help)) > 0);
        for (const auto& c : s.choices) CHECK(std::strlen(tr(c.label)) > 0);
      }
    }
  }
  set_language(Lang::En);
}

// Text saved twice as UTF-8 (mojibake, e.g. "\xC3\x8E\xC2\x94_t" for "\xCE\x94_t") shows up as
// C1 control characters (U+0080..U+009F, bytes C2 80..C2 9F), which no UI string ever needs.
TEST_CASE("UI and scene sources contain no double-encoded UTF-8", "[ui][i18n]") {
  int files = 0;
  for (const char* dir : {"src/ui", "src/anim", "src/app"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(TMX_SOURCE_DIR) + "/" + dir)) {
      const std::string ext = e.path().extension().string();
      if (ext != ".cpp" && ext != ".h") continue;
      std::ifstream f(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      const std::string text = ss.str();
      ++files;
      for (size_t i = 0; i + 1 < text.size(); ++i) {
        const auto a = static_cast<unsigned char>(text[i]), b = static_cast<unsigned char>(text[i + 1]);
        INFO(e.path().string() << " at byte " << i);
        REQUIRE(!(a == 0xC2 && b >= 0x80 && b <= 0x9F));
      }
    }
  }
  CHECK(files > 20);
}
