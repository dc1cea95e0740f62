// Cinema scenes register themselves by slug (one scene per file under src/anim/scenes/):
//   TMX_REGISTER_SCENE(MyScene, "my-scene", "My scene title", "one-line summary");
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/registry.h"

namespace tmx::anim {

class Scene;  // defined by the timeline engine

struct SceneInfo {
  const char* slug;     // URL name: #/cinema/<slug>
  const char* title;    // shown in the scene list (grep for it to find the file)
  const char* summary;  // one line under the title
  std::unique_ptr<Scene> (*create)();
};

// Storage and lookup: core/registry.h (a slug registered twice is refused and listed in
// SceneRegistry::duplicates()).
using SceneRegistry = Registry<SceneInfo, &SceneInfo::slug, &SceneInfo::title>;
inline bool register_scene(const SceneInfo& info) { return SceneRegistry::add(info); }
inline const std::vector<SceneInfo>& scenes() { return SceneRegistry::all(); }  // sorted by title
inline const SceneInfo* find_scene(const std::string& slug) { return SceneRegistry::find(slug); }  // nullptr if unknown

}  // namespace tmx::anim
