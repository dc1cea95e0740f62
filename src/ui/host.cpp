#include "ui/host.h"

#include <cstdint>

namespace tmx::ui {

Host& host() {
  static Host h;
  return h;
}

void host_navigate(const std::string& hash) {
  if (host().navigate) host().navigate(hash);
}

void host_open_external(const std::string& url) {
  if (host().open_external) host().open_external(url);
}

bool host_copy(const std::string& text) {
  return host().copy_to_clipboard && host().copy_to_clipboard(text);
}

std::string host_save_file(const std::string& name, const std::string& bytes, const char* mime) {
  return host().save_file ? host().save_file(name, bytes, mime) : std::string();
}

ImTextureID host_upload_data_texture(ImTextureID id, const unsigned char* rgba, int w, int h) {
  if (!rgba || w <= 0 || h <= 0) return nullptr;
  if (host().upload_data_texture) return host().upload_data_texture(id, rgba, w, h);
  if (id) return id;
  static intptr_t fake = 1 << 20;  // far from image.cpp's fake ids
  return reinterpret_cast<ImTextureID>(fake++);
}

void host_free_texture(ImTextureID id) {
  if (id && host().free_texture) host().free_texture(id);
}

}  // namespace tmx::ui
