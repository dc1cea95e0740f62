#include "ui/image.h"

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "core/error.h"
#include "core/safetensors.h"  // read_file_text
#include "ui/host.h"
#include "ui/i18n.h"
#include "ui/pack_store.h"

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#endif
#include <stb_image.h>  // /usr/include/stb (libstb-dev)
#include <stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace tmx::ui {

namespace {

constexpr size_t kMaxImageBytes = 32u << 20;  // a figure larger than this is a mistake
constexpr int kMaxSide = 8192;

std::unordered_map<std::string, std::unique_ptr<Texture>>& cache() {
  static std::unordered_map<std::string, std::unique_ptr<Texture>> c;
  return c;
}

Texture decode(const std::string& path) {
  Texture t;
  std::string bytes;
  try {
    bytes = read_file_text(path, kMaxImageBytes);
  } catch (const Error& e) {
    t.error = tr(e.kind == ErrorKind::FileTooLarge ? S::ImageTooLarge : S::ImageNotFound);
    return t;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()),
                                            static_cast<int>(bytes.size()), &w, &h, &n, 4);
  if (!px) {
    t.error = tr(S::ImageUnreadable);
    if (language() == Lang::En) t.error += std::string(" (") + stbi_failure_reason() + ")";
    return t;
  }
  if (w > kMaxSide || h > kMaxSide) {
    stbi_image_free(px);
    t.error = tr(S::ImageTooWide);
    return t;
  }
  t.width = w;
  t.height = h;
  if (host().create_texture) {
    t.id = host().create_texture(px, w, h);
    if (!t.id) t.error = tr(S::ImageNoTexture);
  } else {
    // Headless: a stable non-null id so layout and drawing run exactly as with GL.
    static intptr_t fake = 1;
    t.id = reinterpret_cast<ImTextureID>(fake++);
  }
  stbi_image_free(px);
  return t;
}

// Files whose pack has not arrived (load_texture): their size, or the pack's failure; those being
// drawn (their pack asked for) and those only laid out.
std::unordered_map<std::string, Texture>& waiting() {
  static std::unordered_map<std::string, Texture> w;
  return w;
}
std::unordered_map<std::string, Texture>& sized() {
  static std::unordered_map<std::string, Texture> w;
  return w;
}

void append_bytes(void* ctx, void* data, int size) {
  static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<size_t>(size));
}

}  // namespace

const Texture& load_texture(const std::string& path, bool fetch) {
  auto& c = cache();
  auto it = c.find(path);
  if (it != c.end()) return *it->second;
  if (const PackFile* pf = pack_store().file(path)) {
    const ModelState s = pack_store().want_path(path, fetch);
    if (s.phase != ModelPhase::Ready) {
      Texture& w = (fetch ? waiting() : sized())[path];
      w.width = pf->width;
      w.height = pf->height;
      w.pending = s.phase != ModelPhase::Failed;
      w.error = s.phase == ModelPhase::Failed ? s.message : std::string();
      return w;
    }
  }
  auto t = std::make_unique<Texture>(decode(path));
  const Texture& ref = *t;
  c.emplace(path, std::move(t));
  return ref;
}

void clear_texture_cache() {
  cache().clear();
  waiting().clear();
  sized().clear();
}

std::string texture_status_json() {
  size_t loaded = 0, failed = 0, pending = 0;
  for (const auto& [path, t] : cache()) (t->error.empty() ? loaded : failed)++;
  for (const auto& [path, t] : waiting())
    if (!cache().count(path)) (t.pending ? pending : failed)++;
  return "{\"loaded\":" + std::to_string(loaded) + ",\"failed\":" + std::to_string(failed) + ",\"pending\":" +
         std::to_string(pending) + "}";
}

std::string& figure_dir() {
  static std::string d;
  return d;
}

std::string figure_png(const std::string& src, float pixel_ratio) {
  // Only "NAME.svg", "figures/NAME.svg" or "../figures/NAME.svg": the name picks a generated file,
  // so nothing in a note can point the loader elsewhere.
  std::string name = src;
  for (const char* prefix : {"../figures/", "figures/"})
    if (name.rfind(prefix, 0) == 0) {
      name = name.substr(std::char_traits<char>::length(prefix));
      break;
    }
  if (name.size() <= 4 || name.compare(name.size() - 4, 4, ".svg") != 0) return "";
  name.resize(name.size() - 4);
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return "";
  return figure_dir() + "/" + name + (pixel_ratio > 1.25f ? ".2x.png" : ".1x.png");
}

std::string encode_png(const unsigned char* rgba, int w, int h) {
  std::string out;
  if (!rgba || w <= 0 || h <= 0) return out;
  if (!stbi_write_png_to_func(append_bytes, &out, w, h, 4, rgba, w * 4)) out.clear();
  return out;
}

}  // namespace tmx::ui
