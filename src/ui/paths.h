// Where the app's files are: natively the repository's assets/ and the build's generated assets;
// on the web the same folders preloaded into the virtual file system (explorer.data).
#pragma once
#include <string>

namespace tmx::ui {

const std::string& assets_dir();      // models, videos
const std::string& gen_assets_dir();  // generated at build time: tokenizers/gpt2.tmxbpe, ...
inline std::string gpt2_table_path() { return gen_assets_dir() + "/tokenizers/gpt2.tmxbpe"; }

}  // namespace tmx::ui
