#include "ui/math.h"

#include <cstdint>
#include <cstdlib>

#include "core/safetensors.h"  // read_file_text

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

// A number as strtof reads it, quickly for the manifest's short decimals ("295.9"): a mantissa below
// 2^24 and a power of ten up to 10^10 are exact floats, so their one division rounds as strtof does.
// Anything else (exponents, long mantissas) goes to strtof itself, which costs ~10 µs a call in wasm
// (musl's long double path): 2,200 of them were 23 ms of the website's start.
static float read_float(const char* p, const char** out) {
  static constexpr float kTen[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
  const char* q = p;
  while (*q == ' ' || *q == '\t') ++q;
  const bool neg = *q == '-';
  if (*q == '-' || *q == '+') ++q;
  uint32_t m = 0;
  int digits = 0, frac = -1;  // frac: digits after the point (-1: no point yet)
  for (;; ++q) {
    if (*q == '.' && frac < 0) {
      frac = 0;
    } else if (*q >= '0' && *q <= '9' && m < (1u << 24) / 10 && frac < 10) {
      m = m * 10 + static_cast<uint32_t>(*q - '0');
      ++digits;
      if (frac >= 0) ++frac;
    } else {
      break;
    }
  }
  if (digits == 0 || (*q >= '0' && *q <= '9') || *q == 'e' || *q == 'E' || *q == 'x' || *q == 'X') {
    char* e = nullptr;  // not a short decimal
    const float v = std::strtof(p, &e);
    *out = e;
    return v;
  }
  *out = q;
  const float v = static_cast<float>(m) / kTen[frac < 0 ? 0 : frac];
  return neg ? -v : v;
}

// One manifest line's head: "hash display width height depth [max_zoom]". No istringstream: the
// manifest has ~700 lines and is read before the first frame, where libc++'s streams cost ~0.1 s in wasm.
static bool parse_math_head(const std::string& head, MathEntry& e) {
  const char* p = head.c_str();
  const char* end = p + head.size();
  while (p < end && *p == ' ') ++p;
  const char* h = p;
  while (p < end && *p != ' ') ++p;
  if (p == h) return false;
  e.hash.assign(h, p);
  char* q = nullptr;
  const long display = std::strtol(p, &q, 10);
  if (q == p) return false;
  float* dims[3] = {&e.width, &e.height, &e.depth};
  for (float* d : dims) {
    p = q;
    const char* stop = nullptr;
    *d = read_float(p, &stop);
    if (stop == p) return false;
    q = const_cast<char*>(stop);
  }
  p = q;
  const long zoom = std::strtol(p, &q, 10);
  e.max_zoom = q == p ? 2 : static_cast<int>(zoom);  // optional field
  e.display = display != 0;
  return true;
}

bool MathCache::load(const std::string& dir) {
  dir_ = dir;
  entries_.clear();
  error_.clear();
  std::string text;
  try {
    text = read_file_text(dir + "/manifest.txt");
  } catch (const std::exception&) {
    error_ = "math manifest not found in " + dir + " (run the build's math step)";
    return false;
  }
  size_t at = 0;
  auto next_line = [&](std::string& line) {
    if (at >= text.size()) return false;
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    line.assign(text, at, nl - at);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    at = nl + 1;
    return true;
  };
  std::string line;
  if (!next_line(line) || line.rfind("tmx-math 1", 0) != 0) {
    error_ = "math manifest has an unknown format";
    return false;
  }
  int lineno = 1;
  while (next_line(line)) {
    ++lineno;
    if (line.empty()) continue;
    const size_t tab = line.find('\t');
    MathEntry e;
    if (tab == std::string::npos || !parse_math_head(line.substr(0, tab), e)) {
      error_ = "math manifest line " + std::to_string(lineno) + " is malformed";
      continue;
    }
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
