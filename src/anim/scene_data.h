// Helpers for scenes that take their numbers from the core: a traced tensor by name, one number
// formatted for the stage, and numbers from a shipped checkpoint.
//
// [SECTION] Trace lookup and number formatting
// [SECTION] Numbers from a shipped model (`tmx scene-data`)
#pragma once
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/registry.h"
#include "core/tensor.h"
#include "core/trace.h"

namespace tmx::anim {

//-----------------------------------------------------------------------------
// [SECTION] Trace lookup and number formatting
//-----------------------------------------------------------------------------
// The traced tensor, or an exception naming it (a renamed trace entry must fail loudly).
inline const Mat& need(const Trace& tr, const std::string& name) {
  const Mat* m = tr.get(name);
  if (!m) throw std::runtime_error("scene data: trace has no '" + name + "'");
  return *m;
}

// One number as the stage shows it, printf-style: num("%.2f", 0.256) == "0.26".
inline std::string num(const char* fmt, double v) {
  char b[48];
  std::snprintf(b, sizeof b, fmt, v);
  return b;
}

//-----------------------------------------------------------------------------
// [SECTION] Numbers from a shipped model (`tmx scene-data`)
//-----------------------------------------------------------------------------
// A scene cannot wait for a model download: a frame is a pure function of t, and the Cinema,
// the notes, the video export and the tests build scenes at once, offline included. So a scene
// that shows a trained model's numbers (a real next-token distribution, a learned alignment, a
// recorded loss curve) computes them once from the checkpoint with the core, in a generator
// registered next to the scene, and includes the result as a small committed header:
//
//   #include "anim/scenes/data/my_scene.h"        // namespace tmx::anim::scene_data::my_scene
//   ...
//   static std::string generate(const std::string& root) {   // root: the repository
//     auto m = load_gpt(root + "/assets/models/kjv-gpt");  ...
//     DataHeader h("my_scene", "assets/models/kjv-gpt");
//     h.reals("kProbs", probs).strings("kTokens", tokens);
//     return h.str();
//   }
//   TMX_REGISTER_SCENE_DATA(my_scene, "assets/models/kjv-gpt", generate);
//
// `tmx scene-data my_scene --write` writes src/anim/scenes/data/my_scene.h; tests/ui/
// test_scene_data.cpp regenerates every header from the checkpoints and fails when a number
// drifted (a retrained model, a changed op) or a header has no generator.
struct SceneDataInfo {
  const char* name;    // the header's name: src/anim/scenes/data/<name>.h (an identifier)
  const char* source;  // what it is computed from, e.g. "assets/models/kjv-gpt"
  std::string (*generate)(const std::string& root);  // root: the repository checkout
};
using SceneDataRegistry = Registry<SceneDataInfo, &SceneDataInfo::name>;
inline const std::vector<SceneDataInfo>& scene_data_generators() { return SceneDataRegistry::all(); }
inline const SceneDataInfo* find_scene_data(const std::string& name) { return SceneDataRegistry::find(name); }
std::string scene_data_path(const std::string& root, const std::string& name);  // root/src/anim/scenes/data/name.h

// Writes the header: a banner naming the command and source, then `inline constexpr` arrays in
// namespace tmx::anim::scene_data::<name>. Numbers keep 9 significant digits (float exact).
class DataHeader {
 public:
  DataHeader(const std::string& name, const std::string& source);
  DataHeader& comment(const std::string& line);                         // "// line" before the next entry
  DataHeader& real(const char* id, double v);                           // inline constexpr float id = v;
  DataHeader& integer(const char* id, long long v);                     // inline constexpr int id = v;
  DataHeader& reals(const char* id, const std::vector<double>& v);      // float id[n] (+ int id##N)
  DataHeader& reals(const char* id, const Mat& m);                      // row-major, + id##Rows, id##Cols
  DataHeader& ints(const char* id, const std::vector<int>& v);          // int id[n] (+ int id##N)
  DataHeader& strings(const char* id, const std::vector<std::string>& v);  // const char* id[n]; bytes kept
  std::string str() const;  // the whole header, closing the namespace

 private:
  std::string name_, body_;
};

// The committed header against a freshly generated one: the same text, with every number equal
// within rel_tol (relative, or absolute below 1) so a different compiler's last digit does not
// fail. On a mismatch *why quotes the line and both values.
bool scene_data_matches(const std::string& committed, const std::string& fresh, double rel_tol, std::string* why);

}  // namespace tmx::anim

#define TMX_REGISTER_SCENE_DATA(ident, source, generate)                                      \
  static const bool tmx_scene_data_registered_##ident =                                     \
      ::tmx::anim::SceneDataRegistry::add({#ident, source, generate})
