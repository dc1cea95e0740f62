#include "anim/colormap.h"

#include <algorithm>
#include <cmath>

namespace tmx::anim {

static float clamp01(float x) { return std::isfinite(x) ? std::min(1.0f, std::max(0.0f, x)) : 0.0f; }

Rgb colormap_sequential(float x) {
  // Stops sampled from the viridis curve (public-domain colormap by van der Walt & Smith).
  static const Rgb stops[] = {{0.267f, 0.005f, 0.329f}, {0.283f, 0.141f, 0.458f}, {0.254f, 0.265f, 0.530f},
                              {0.207f, 0.372f, 0.553f}, {0.164f, 0.471f, 0.558f}, {0.128f, 0.567f, 0.551f},
                              {0.135f, 0.659f, 0.518f}, {0.267f, 0.749f, 0.441f}, {0.478f, 0.821f, 0.318f},
                              {0.741f, 0.873f, 0.150f}, {0.993f, 0.906f, 0.144f}};
  const int n = sizeof(stops) / sizeof(stops[0]);
  const float f = clamp01(x) * (n - 1);
  const int i = std::min(n - 2, static_cast<int>(f));
  const float u = f - i;
  const Rgb a = stops[i], b = stops[i + 1];
  return {a.r + (b.r - a.r) * u, a.g + (b.g - a.g) * u, a.b + (b.b - a.b) * u};
}

Rgb colormap_diverging(float x, bool dark) {
  const float v = std::isfinite(x) ? std::min(1.0f, std::max(-1.0f, x)) : 0.0f;
  const Rgb mid = dark ? Rgb{0.16f, 0.17f, 0.20f} : Rgb{0.96f, 0.96f, 0.96f};
  const Rgb neg{0.23f, 0.49f, 0.85f}, pos{0.87f, 0.33f, 0.27f};
  const Rgb e = v < 0 ? neg : pos;
  const float u = std::fabs(v);
  return {mid.r + (e.r - mid.r) * u, mid.g + (e.g - mid.g) * u, mid.b + (e.b - mid.b) * u};
}

uint32_t to_u32(Rgb c, float alpha) {
  auto b = [](float x) { return static_cast<uint32_t>(clamp01(x) * 255.0f + 0.5f); };
  return (b(alpha) << 24) | (b(c.b) << 16) | (b(c.g) << 8) | b(c.r);
}

}  // namespace tmx::anim
