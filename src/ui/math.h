// Typeset math from the build step (scripts/gen_math.mjs): every $…$ and $$…$$ in content/ is
// rendered by MathJax to SVG and rasterized to white-on-transparent PNGs at 1x and 2x, named
// by content hash and listed in <math dir>/manifest.txt:
//   tmx-math 1
//   <hash> <display 0|1> <width px> <height px> <depth px> [<max zoom>]\t<normalized LaTeX>
// Sizes are CSS pixels at 1x; depth is how far the formula reaches below the text baseline.
// Max zoom (2 if absent) is 4 for formulas used by Cinema scenes (R"tex(...)tex" literals in
// src/anim/scenes/), which also get a 4x PNG: a fullscreen or 1080p stage draws them large.
#pragma once
#include <string>
#include <unordered_map>

#include "ui/image.h"

namespace tmx::ui {

struct MathEntry {
  std::string hash;
  bool display = false;
  float width = 0, height = 0, depth = 0;  // CSS px
  int max_zoom = 2;                         // PNGs exist at 1x, 2x (and 4x when this is 4)
};

// Whitespace runs -> one space, trimmed (the generator uses the same rule).
std::string normalize_latex(const std::string& latex);

class MathCache {
 public:
  // Reads <dir>/manifest.txt. Returns false (and sets error()) if it is missing or malformed.
  bool load(const std::string& dir);
  const MathEntry* find(const std::string& latex, bool display) const;
  // The PNG for the current pixel ratio (2x above 1.25, 4x above 2.5 if it exists), loaded lazily.
  const Texture& texture(const MathEntry& e, float pixel_ratio) const;
  const std::string& error() const { return error_; }
  const std::string& dir() const { return dir_; }
  size_t size() const { return entries_.size(); }

 private:
  std::string dir_, error_;
  std::unordered_map<std::string, MathEntry> entries_;  // key: display flag + normalized LaTeX
};

MathCache& math_cache();  // the app's cache (the app calls load() at start-up)

}  // namespace tmx::ui
