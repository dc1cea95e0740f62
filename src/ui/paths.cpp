#include "ui/paths.h"

namespace tmx::ui {

#ifdef __EMSCRIPTEN__
const std::string& assets_dir() {
  static const std::string d = "/assets";
  return d;
}
const std::string& gen_assets_dir() {
  static const std::string d = "/assets/gen";
  return d;
}
#else
const std::string& assets_dir() {
  static const std::string d = TMX_ASSETS_DIR;
  return d;
}
const std::string& gen_assets_dir() {
  static const std::string d = TMX_GEN_ASSETS_DIR;
  return d;
}
#endif

}  // namespace tmx::ui
