// The registry template behind TMX_REGISTER_SCENE, TMX_REGISTER_WIDGET and TMX_CLI_COMMAND.
#include <catch2/catch.hpp>

#include <string>

#include "core/registry.h"

namespace {

struct Thing {
  const char* slug;
  const char* title;
  int id;
};
using Things = tmx::Registry<Thing, &Thing::slug, &Thing::title>;

struct Named {
  const char* name;
};
using ByName = tmx::Registry<Named, &Named::name>;

}  // namespace

TEST_CASE("registry: sorted by the order field, found by key, duplicates refused and listed", "[registry]") {
  CHECK(Things::add({"b-slug", "Beta", 1}));
  CHECK(Things::add({"a-slug", "Gamma", 2}));
  CHECK(Things::add({"c-slug", "Alpha", 3}));
  CHECK(Things::add({"d-slug", "Beta", 4}));  // same title: after the first Beta
  REQUIRE(Things::all().size() == 4);
  CHECK(std::string(Things::all()[0].title) == "Alpha");
  CHECK(Things::all()[1].id == 1);
  CHECK(Things::all()[2].id == 4);
  CHECK(std::string(Things::all()[3].title) == "Gamma");
  REQUIRE(Things::find("a-slug") != nullptr);
  CHECK(Things::find("a-slug")->id == 2);
  CHECK(Things::find(std::string("c-") + "slug")->id == 3);
  CHECK(Things::find("nope") == nullptr);
  CHECK(Things::find("") == nullptr);
  CHECK(Things::duplicates().empty());

  CHECK_FALSE(Things::add({"a-slug", "Another", 5}));  // the first registration stays
  CHECK(Things::all().size() == 4);
  CHECK(Things::find("a-slug")->id == 2);
  REQUIRE(Things::duplicates().size() == 1);
  CHECK(Things::duplicates()[0] == "a-slug");

  // Separate instantiations do not share storage; ordering defaults to the key.
  CHECK(ByName::add({"zeta"}));
  CHECK(ByName::add({"alpha"}));
  REQUIRE(ByName::all().size() == 2);
  CHECK(std::string(ByName::all()[0].name) == "alpha");
}
