// safetensors: header, dtypes, shapes, offsets, conversion to float.
#include <vector>

#include "core/safetensors.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const tmx::SafeTensors st = tmx::SafeTensors::from_bytes(std::vector<uint8_t>(data, data + size), "fuzz");
    for (const std::string& n : st.names()) {
      const tmx::TensorInfo& ti = st.info(n);
      FUZZ_CHECK(ti.begin <= ti.end && ti.end <= size);
      try {
        const tmx::Mat m = st.get(n);
        FUZZ_CHECK(m.size() == ti.numel());
      } catch (const tmx::Error&) {  // NaN/Inf weights
      }
    }
  } catch (const tmx::Error&) {
  }
  return 0;
}
