// Scenes and widgets register themselves (core/registry.h): every slug once, valid for the router.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "anim/scene_registry.h"
#include "app/router.h"
#include "ui/widget.h"

using namespace tmx;

namespace {
// Sorted by title, each slug routable and found again.
template <class Info, class Find>
void check_listing(const std::vector<Info>& all, Find find) {
  REQUIRE_FALSE(all.empty());
  for (size_t i = 0; i < all.size(); ++i) {
    INFO(all[i].slug);
    CHECK(is_valid_slug(all[i].slug));
    CHECK(find(all[i].slug) == &all[i]);
    if (i > 0) CHECK(std::strcmp(all[i - 1].title, all[i].title) <= 0);
  }
  CHECK(find("no-such-thing") == nullptr);
}
}  // namespace

TEST_CASE("registries: every scene and widget slug is unique, routable and found", "[registry]") {
  CHECK(anim::SceneRegistry::duplicates().empty());
  CHECK(ui::WidgetRegistry::duplicates().empty());
  check_listing(anim::scenes(), [](const std::string& s) { return anim::find_scene(s); });
  check_listing(ui::widgets(), [](const std::string& s) { return ui::find_widget(s); });
}
