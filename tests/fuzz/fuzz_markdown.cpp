// Notes: markdown with widget/scene/video directives, math and callouts.
#include <set>

#include "app/router.h"
#include "fuzz_util.h"
#include "ui/markdown/document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const tmx::ui::md::Document d = tmx::ui::md::parse(std::string(tmx::fuzz::bytes(data, size)));
  std::set<std::string> anchors;
  for (const auto& h : d.headings) {
    FUZZ_CHECK(tmx::is_valid_slug(h.anchor));  // every anchor can be linked to
    FUZZ_CHECK(anchors.insert(h.anchor).second);
  }
  return 0;
}
