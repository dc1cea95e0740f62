// Mamba golden tests (tests/golden/mamba/, written by scripts/golden/mamba.py): on top of the
// shared tests/core/golden_util.h.
#pragma once
#include <string>
#include <vector>

#include "../golden_util.h"

namespace tmx::test {

inline std::string mamba_golden(const std::string& file) { return golden("mamba/" + file); }

// A tensor of a golden file, flattened, as float or double.
template <typename T>
std::vector<T> golden_vec(const SafeTensors& st, const std::string& name) {
  const Mat m = st.get(name);
  return std::vector<T>(m.data(), m.data() + m.size());
}

}  // namespace tmx::test
