// .npy arrays (the CLI's --ids/--targets and outputs).
#include <vector>

#include "core/npy.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const tmx::Mat m = tmx::npy_from_bytes(std::vector<uint8_t>(data, data + size), "fuzz.npy");
    const tmx::Mat back = tmx::npy_from_bytes(tmx::npy_bytes(m), "again.npy");
    FUZZ_CHECK(back.rows() == m.rows() && back.cols() == m.cols());
  } catch (const tmx::Error&) {
  }
  return 0;
}
