#include "anim/scene_registry.h"

#include <algorithm>
#include <cstring>

namespace tmx::anim {

static std::vector<SceneInfo>& registry() {
  static std::vector<SceneInfo> r;
  return r;
}

bool register_scene(const SceneInfo& info) {
  auto& r = registry();
  r.push_back(info);
  std::sort(r.begin(), r.end(), [](const SceneInfo& a, const SceneInfo& b) { return std::strcmp(a.title, b.title) < 0; });
  return true;
}

const std::vector<SceneInfo>& scenes() { return registry(); }

const SceneInfo* find_scene(const std::string& slug) {
  for (const auto& s : registry())
    if (slug == s.slug) return &s;
  return nullptr;
}

}  // namespace tmx::anim
