#include "ui/host.h"

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

void host_copy(const std::string& text) {
  if (host().copy_to_clipboard) host().copy_to_clipboard(text);
}

std::string host_save_file(const std::string& name, const std::string& bytes, const char* mime) {
  return host().save_file ? host().save_file(name, bytes, mime) : std::string();
}

}  // namespace tmx::ui
