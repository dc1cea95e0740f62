// One registry template for everything that registers itself from a static initializer, so
// adding one is adding a file: Cinema scenes (TMX_REGISTER_SCENE, anim/scene_registry.h), Lab
// widgets (TMX_REGISTER_WIDGET, ui/widget.h) and `tmx` commands (TMX_CLI_COMMAND, app/cli/cli.h).
// Entries stay sorted by the `Order` field (ties keep registration order) and are found by the
// `Key` field. A second entry with a key already taken is refused (the first one stays) and
// remembered in duplicates(), which the tests check is empty.
#pragma once
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace tmx {

template <class Info, const char* Info::*Key, const char* Info::*Order = Key>
class Registry {
 public:
  static bool add(const Info& info) {
    State& s = state();
    if (find(info.*Key)) {
      s.duplicates.emplace_back(info.*Key);
      return false;
    }
    const auto at = std::upper_bound(s.items.begin(), s.items.end(), info,
                                     [](const Info& a, const Info& b) { return std::strcmp(a.*Order, b.*Order) < 0; });
    s.items.insert(at, info);
    return true;
  }
  static const std::vector<Info>& all() { return state().items; }
  static const Info* find(std::string_view key) {
    for (const Info& i : state().items)
      if (key == i.*Key) return &i;
    return nullptr;
  }
  static const std::vector<std::string>& duplicates() { return state().duplicates; }

 private:
  struct State {
    std::vector<Info> items;
    std::vector<std::string> duplicates;
  };
  static State& state() {
    static State s;  // constructed on first use, so registering from any static initializer is safe
    return s;
  }
};

}  // namespace tmx
