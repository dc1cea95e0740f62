// URL hash routing: what is accepted can be linked again, what is shown is valid UTF-8.
#include "app/router.h"
#include "core/tokenizer/utf8.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view hash = tmx::fuzz::bytes(data, size);
  const tmx::Route r = tmx::parse_route(hash);
  FUZZ_CHECK(tmx::tok::utf8_valid(tmx::tok::utf8_printable(hash)));
  if (r.room == tmx::Room::NotFound) {
    FUZZ_CHECK(tmx::tok::utf8_valid(r.problem));
    return 0;
  }
  FUZZ_CHECK(r.slug.empty() || tmx::is_valid_slug(r.slug));
  FUZZ_CHECK(r.params.size() <= tmx::kMaxParams);
  const std::string f = tmx::format_route(r);
  FUZZ_CHECK(f.size() <= tmx::kMaxHashLength);
  FUZZ_CHECK(tmx::parse_route(f) == r);
  return 0;
}
