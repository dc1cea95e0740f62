#include "ui/math.h"

#include <fstream>
#include <sstream>

namespace tmx::ui {

std::string normalize_latex(const std::string& latex) {
  std::string out;
  out.reserve(latex.size());
  bool space = false;
  for (char c : latex) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

static std::string key_of(const std::string& normalized, bool display) { return (display ? "D" : "I") + normalized; }

bool MathCache::load(const std::string& dir) {
  dir_ = dir;
  entries_.clear();
  error_.clear();
  std::ifstream f(dir + "/manifest.txt");
  if (!f) {
    error_ = "math manifest not found in " + dir + " (run the build's math step)";
    return false;
  }
  std::string line;
  if (!std::getline(f, line) || line.rfind("tmx-math 1", 0) != 0) {
    error_ = "math manifest has an unknown format";
    return false;
  }
  int lineno = 1;
  while (std::getline(f, line)) {
    ++lineno;
    if (line.empty()) continue;
    const size_t tab = line.find('\t');
    MathEntry e;
    int display = 0;
    std::istringstream head(line.substr(0, tab));
    if (tab == std::string::npos || !(head >> e.hash >> display >> e.width >> e.height >> e.depth)) {
      error_ = "math manifest line " + std::to_string(lineno) + " is malformed";
      continue;
    }
    if (!(head >> e.max_zoom)) e.max_zoom = 2;  // optional field
    e.display = display != 0;
    entries_[key_of(line.substr(tab + 1), e.display)] = e;
  }
  return error_.empty();
}

const MathEntry* MathCache::find(const std::string& latex, bool display) const {
  auto it = entries_.find(key_of(normalize_latex(latex), display));
  return it == entries_.end() ? nullptr : &it->second;
}

const Texture& MathCache::texture(const MathEntry& e, float pixel_ratio) const {
  const char* suffix = pixel_ratio > 2.5f && e.max_zoom >= 4 ? ".4x.png" : pixel_ratio > 1.25f ? ".2x.png" : ".1x.png";
  return load_texture(dir_ + "/" + e.hash + suffix);
}

MathCache& math_cache() {
  static MathCache c;
  return c;
}

}  // namespace tmx::ui
