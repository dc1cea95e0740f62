// Scene numbers from shipped checkpoints (anim/scene_data.h): every committed header equals what
// its generator computes from the checkpoint now, every header has a generator, and the drift
// check itself tells numbers within tolerance from real differences.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "anim/scene_data.h"

using namespace tmx::anim;

static std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

TEST_CASE("scene data: every committed header equals its generator's output on the shipped checkpoint") {
  for (const auto& g : scene_data_generators()) {
    INFO(g.name << " from " << g.source << " (after a deliberate change: tmx scene-data " << g.name << " --write)");
    const std::string committed = slurp(scene_data_path(TMX_SOURCE_DIR, g.name));
    REQUIRE_FALSE(committed.empty());
    std::string why;
    const bool same = scene_data_matches(committed, g.generate(TMX_SOURCE_DIR), 1e-4, &why);
    INFO(why);
    CHECK(same);
  }
}

TEST_CASE("scene data: every header in src/anim/scenes/data has a generator") {
  std::set<std::string> names;
  for (const auto& g : scene_data_generators()) names.insert(g.name);
  const std::filesystem::path dir = std::string(TMX_SOURCE_DIR) + "/src/anim/scenes/data";
  if (!std::filesystem::exists(dir)) return;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".h") continue;
    INFO(e.path().string());
    CHECK(names.count(e.path().stem().string()) == 1);
  }
}

TEST_CASE("scene data: the drift check accepts last-digit noise and rejects real changes") {
  DataHeader h("demo", "a test");
  h.real("kScale", 0.125).reals("kProbs", std::vector<double>{0.5, 0.25, 1e-7}).ints("kIds", {3, -1, 40});
  h.strings("kTokens", {"cat", "\"q\"", "\xE4\xB8\xAD", "a\\b"});
  const std::string a = h.str();
  CHECK(a.find("inline constexpr int kProbsN = 3;") != std::string::npos);
  CHECK(a.find("\"\\344\\270\\255\"") != std::string::npos);  // UTF-8 bytes as octal escapes
  CHECK(a.find("\"\\\"q\\\"\"") != std::string::npos);
  CHECK(a.find("namespace tmx::anim::scene_data::demo {") != std::string::npos);
  std::string why;
  CHECK(scene_data_matches(a, a, 1e-6, &why));

  DataHeader near("demo", "a test");
  near.real("kScale", 0.125000001).reals("kProbs", std::vector<double>{0.5, 0.25, 1.00000001e-7}).ints("kIds", {3, -1, 40});
  near.strings("kTokens", {"cat", "\"q\"", "\xE4\xB8\xAD", "a\\b"});
  CHECK(scene_data_matches(a, near.str(), 1e-6, &why));

  // Longer numbers (the next float after 0.5) re-wrap the lines (~100 characters each): still the same data.
  DataHeader longer("demo", "a test"), wrapped("demo", "a test");
  longer.reals("kCdf", std::vector<double>(16, 0.5));
  wrapped.reals("kCdf", std::vector<double>(16, 0.50000006));
  const std::string l = longer.str(), w = wrapped.str();
  REQUIRE(l.find("0.5f") != std::string::npos);
  REQUIRE(w.find("0.50000006f") != std::string::npos);
  CHECK(std::count(l.begin(), l.end(), '\n') != std::count(w.begin(), w.end(), '\n'));
  CHECK(scene_data_matches(l, w, 1e-6, &why));

  DataHeader far("demo", "a test");
  far.real("kScale", 0.125).reals("kProbs", std::vector<double>{0.5, 0.2501, 1e-7}).ints("kIds", {3, -1, 40});
  far.strings("kTokens", {"cat", "\"q\"", "\xE4\xB8\xAD", "a\\b"});
  CHECK_FALSE(scene_data_matches(a, far.str(), 1e-6, &why));
  CHECK(why.find("kProbs") == std::string::npos);  // the line quoted is the values' line
  CHECK(why.find("0.25") != std::string::npos);

  DataHeader word("demo", "a test");
  word.real("kScale", 0.125).reals("kProbs", std::vector<double>{0.5, 0.25, 1e-7}).ints("kIds", {3, -1, 40});
  word.strings("kTokens", {"cat", "\"q\"", "\xE4\xB8\xAD", "a\\c"});
  CHECK_FALSE(scene_data_matches(a, word.str(), 1e-6, &why));
  CHECK(why.find("text differs") != std::string::npos);

  DataHeader shorter("demo", "a test");
  shorter.real("kScale", 0.125).reals("kProbs", std::vector<double>{0.5, 0.25}).ints("kIds", {3, -1, 40});
  shorter.strings("kTokens", {"cat", "\"q\"", "\xE4\xB8\xAD", "a\\b"});
  CHECK_FALSE(scene_data_matches(a, shorter.str(), 1e-6, &why));

  CHECK_THROWS(DataHeader("demo", "x").real("kBad", std::nan("")));
}
