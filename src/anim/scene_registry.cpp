#include "anim/scene_registry.h"

#include "core/registry.h"

namespace tmx::anim {

using SceneRegistry = Registry<SceneInfo, &SceneInfo::slug, &SceneInfo::title>;

bool register_scene(const SceneInfo& info) { return SceneRegistry::add(info); }
const std::vector<SceneInfo>& scenes() { return SceneRegistry::all(); }
const SceneInfo* find_scene(const std::string& slug) { return SceneRegistry::find(slug); }
const std::vector<std::string>& duplicate_scenes() { return SceneRegistry::duplicates(); }

}  // namespace tmx::anim
