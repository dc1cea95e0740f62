// `tmx scene-data`: the numbers scenes take from shipped checkpoints (anim/scene_data.h). Lists the
// generators, prints one header, or (--write) rewrites the committed src/anim/scenes/data/NAME.h
// after a model or an op changed; tests/ui/test_scene_data.cpp fails until that is done.
#include <cstdio>
#include <fstream>
#include <string>

#include "anim/scene_data.h"
#include "app/cli/cli.h"

namespace cli = tmx::cli;

static int run_scene_data(const cli::Args& args);
static const cli::Command kSceneData{
    "scene-data", "print or rewrite the scene headers computed from shipped checkpoints",
    "tmx scene-data                      list the generators and their sources\n"
    "tmx scene-data NAME... [--write]    print each header (--write: save src/anim/scenes/data/NAME.h)\n"
    "tmx scene-data --all --write        rewrite every header\n"
    "  --root DIR   the repository checkout (default: the one tmx was built from)",
    run_scene_data};
TMX_CLI_COMMAND(kSceneData);

static int run_scene_data(const cli::Args& args) {
  cli::Flags f;
  if (int rc = cli::parse_command(kSceneData, args, {{"write", "all"}, {"root"}, {}, 0, 100, "generator NAMEs"}, f))
    return rc;
  const std::string root = f.get("root", TMX_SOURCE_DIR);
  std::vector<const tmx::anim::SceneDataInfo*> pick;
  if (f.has("all")) {
    for (const auto& g : tmx::anim::scene_data_generators()) pick.push_back(&g);
  } else {
    for (const auto& n : f.positional) {
      const auto* g = tmx::anim::find_scene_data(n);
      if (!g) return cli::usage_error(kSceneData, "no scene-data generator named '" + n + "' (run `tmx scene-data` for the list)");
      pick.push_back(g);
    }
  }
  if (pick.empty()) {
    if (f.has("write")) return cli::usage_error(kSceneData, "--write needs NAMEs or --all");
    for (const auto& g : tmx::anim::scene_data_generators()) std::printf("%-28s %s\n", g.name, g.source);
    if (tmx::anim::scene_data_generators().empty()) std::printf("no scene-data generators are registered\n");
    return 0;
  }
  for (const auto* g : pick) {
    std::string text;
    try {
      text = g->generate(root);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "tmx scene-data %s: %s\n", g->name, e.what());
      return 1;
    }
    if (!f.has("write")) {
      std::fputs(text.c_str(), stdout);
      continue;
    }
    const std::string path = tmx::anim::scene_data_path(root, g->name);
    std::ofstream out(path, std::ios::binary);
    if (!(out << text)) {
      std::fprintf(stderr, "tmx scene-data: cannot write %s\n", path.c_str());
      return 1;
    }
    std::fprintf(stderr, "wrote %s\n", path.c_str());
  }
  return 0;
}
