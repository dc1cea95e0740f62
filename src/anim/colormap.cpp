#include "anim/colormap.h"

#include <algorithm>
#include <cmath>

namespace tmx::anim {

namespace {

float clamp01(float x) { return std::isfinite(x) ? std::min(1.0f, std::max(0.0f, x)) : 0.0f; }

// Samples of viridis and magma (public-domain colormaps by van der Walt & Smith, after
// matplotlib's published tables) and of a blue-grey-red diverging map.
constexpr Rgb kViridis[] = {{0.267f, 0.005f, 0.329f}, {0.283f, 0.141f, 0.458f}, {0.254f, 0.265f, 0.530f},
                            {0.207f, 0.372f, 0.553f}, {0.164f, 0.471f, 0.558f}, {0.128f, 0.567f, 0.551f},
                            {0.135f, 0.659f, 0.518f}, {0.267f, 0.749f, 0.441f}, {0.478f, 0.821f, 0.318f},
                            {0.741f, 0.873f, 0.150f}, {0.993f, 0.906f, 0.144f}};
constexpr Rgb kMagma[] = {{0.001f, 0.000f, 0.014f}, {0.112f, 0.065f, 0.277f}, {0.316f, 0.071f, 0.485f},
                          {0.512f, 0.128f, 0.504f}, {0.716f, 0.215f, 0.475f}, {0.904f, 0.317f, 0.384f},
                          {0.986f, 0.537f, 0.382f}, {0.996f, 0.763f, 0.529f}, {0.987f, 0.991f, 0.750f}};
constexpr Rgb kDiverging[] = {{0.085f, 0.290f, 0.640f}, {0.200f, 0.450f, 0.760f}, {0.420f, 0.630f, 0.850f},
                              {0.700f, 0.810f, 0.920f}, {0.930f, 0.930f, 0.930f}, {0.960f, 0.760f, 0.660f},
                              {0.900f, 0.520f, 0.420f}, {0.780f, 0.270f, 0.230f}, {0.600f, 0.050f, 0.120f}};

template <size_t N>
Rgb sample(const Rgb (&stops)[N], float t) {
  const float f = clamp01(t) * static_cast<float>(N - 1);
  const size_t i = std::min(N - 2, static_cast<size_t>(f));
  const float u = f - static_cast<float>(i);
  const Rgb a = stops[i], b = stops[i + 1];
  return {a.r + (b.r - a.r) * u, a.g + (b.g - a.g) * u, a.b + (b.b - a.b) * u};
}

}  // namespace

Rgb colormap_rgb(Colormap m, float t) {
  switch (m) {
    case Colormap::Magma: return sample(kMagma, t);
    case Colormap::Diverging: return sample(kDiverging, t);
    default: return sample(kViridis, t);
  }
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
