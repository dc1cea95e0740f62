// Cinema scenes register themselves by slug (one scene per file under src/anim/scenes/):
//   TMX_REGISTER_SCENE(MyScene, "my-scene", "My scene title", "one-line summary");
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace tmx::anim {

class Scene;  // defined by the timeline engine

struct SceneInfo {
  const char* slug;     // URL name: #/cinema/<slug>
  const char* title;    // shown in the scene list (grep for it to find the file)
  const char* summary;  // one line under the title
  std::unique_ptr<Scene> (*create)();
};

bool register_scene(const SceneInfo& info);
const std::vector<SceneInfo>& scenes();              // in registration order, sorted by title
const SceneInfo* find_scene(const std::string& slug);  // nullptr if unknown

}  // namespace tmx::anim
