#include <catch2/catch.hpp>
#include <cstring>

#include "ui/i18n.h"

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
