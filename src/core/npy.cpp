#include "core/npy.h"

#include <cstring>

#include "core/checked.h"
#include "core/error.h"
#include "core/safetensors.h"

namespace tmx {

std::vector<uint8_t> npy_bytes(const Mat& m) {
  std::string h = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(m.rows()) + ", " +
                  std::to_string(m.cols()) + "), }";
  // magic(6) + version(2) + len(2) + header, padded with spaces and ending in '\n' to 64 bytes.
  while ((10 + h.size() + 1) % 64 != 0) h += ' ';
  h += '\n';
  std::vector<uint8_t> out(10 + h.size() + 4 * static_cast<size_t>(m.size()));
  const char magic[8] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
  std::memcpy(out.data(), magic, 8);
  out[8] = static_cast<uint8_t>(h.size() & 0xFF);
  out[9] = static_cast<uint8_t>(h.size() >> 8);
  std::memcpy(out.data() + 10, h.data(), h.size());
  uint8_t* p = out.data() + 10 + h.size();
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    uint32_t u;
    std::memcpy(&u, m.data() + i, 4);
    for (int k = 0; k < 4; ++k) *p++ = static_cast<uint8_t>(u >> (8 * k));
  }
  return out;
}

void write_npy(const std::string& path, const Mat& m) {
  const std::vector<uint8_t> b = npy_bytes(m);
  write_file_bytes(path, b.data(), b.size());
}

Mat npy_from_bytes(const std::vector<uint8_t>& b, const std::string& source) {
  if (b.size() < 10 || std::memcmp(b.data(), "\x93NUMPY", 6) != 0) throw Error(ErrorKind::FileFormat, source, source + ": not a .npy file");
  const size_t hl = b[8] | (b[9] << 8);
  if (b[6] != 1 || 10 + hl > b.size()) throw Error(ErrorKind::FileFormat, source, source + ": unsupported or truncated .npy header");
  const std::string h(reinterpret_cast<const char*>(b.data() + 10), hl);
  if (h.find("'<f4'") == std::string::npos) throw Error(ErrorKind::FileFormat, source, source + ": only little-endian float32 is supported");
  if (h.find("'fortran_order': False") == std::string::npos) throw Error(ErrorKind::FileFormat, source, source + ": Fortran order unsupported");
  const size_t s0 = h.find('('), s1 = h.find(')');
  if (s0 == std::string::npos || s1 == std::string::npos || s1 < s0) throw Error(ErrorKind::FileFormat, source, source + ": bad shape");
  std::vector<int64_t> dims;
  std::string cur;
  for (size_t i = s0 + 1; i <= s1; ++i) {
    const char c = h[i];
    if (c >= '0' && c <= '9') {
      cur += c;
      if (cur.size() > 12) throw Error(ErrorKind::FileFormat, source, source + ": absurd shape");
    } else if (c == ',' || c == ')') {
      if (!cur.empty()) dims.push_back(std::stoll(cur));
      cur.clear();
    } else if (c != ' ') {
      throw Error(ErrorKind::FileFormat, source, source + ": bad shape");
    }
  }
  if (dims.empty() || dims.size() > 2) throw Error(ErrorKind::FileFormat, source, source + ": only 1-D and 2-D arrays are supported");
  const int64_t rows = dims.size() == 2 ? dims[0] : 1, cols = dims.back();
  const int64_t numel = checked_product(dims, kMaxIndex, source + ": shape");
  if (static_cast<uint64_t>(b.size() - 10 - hl) != 4 * static_cast<uint64_t>(numel))
    throw Error(ErrorKind::FileFormat, source, source + ": data size does not match the shape");
  Mat m(rows, cols);
  const uint8_t* p = b.data() + 10 + hl;
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    const uint32_t u = uint32_t(p[4 * i]) | uint32_t(p[4 * i + 1]) << 8 | uint32_t(p[4 * i + 2]) << 16 |
                       uint32_t(p[4 * i + 3]) << 24;
    std::memcpy(m.data() + i, &u, 4);
  }
  return m;
}

Mat read_npy(const std::string& path) { return npy_from_bytes(read_file_bytes(path), path); }

}  // namespace tmx
