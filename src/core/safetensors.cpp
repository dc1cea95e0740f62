#include "core/safetensors.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sys/stat.h>

#include "core/checked.h"
#include "core/error.h"
#include "core/halfprec.h"
#include "core/json.h"

namespace tmx {

// [SECTION] Files
// [SECTION] Reading
// [SECTION] Writing

//-----------------------------------------------------------------------------
// [SECTION] Files
//-----------------------------------------------------------------------------
// The size of a regular file; throws naming the path when it is missing, not a regular file
// (a directory, a device) or larger than max_bytes.
static uint64_t regular_file_size(const std::string& path, uint64_t max_bytes) {
  struct stat sb;
  if (::stat(path.c_str(), &sb) != 0) throw Error(ErrorKind::FileAccess, path, "cannot open '" + path + "'");
  if (S_ISDIR(sb.st_mode)) throw Error(ErrorKind::FileAccess, path, "'" + path + "' is a directory, not a file");
  if (!S_ISREG(sb.st_mode)) throw Error(ErrorKind::FileAccess, path, "'" + path + "' is not a regular file");
  const uint64_t n = static_cast<uint64_t>(sb.st_size);
  if (n > max_bytes)
    throw Error(ErrorKind::FileTooLarge, path, "'" + path + "' is too large (" + std::to_string(n) + " bytes, limit " + std::to_string(max_bytes) + ")");
  return n;
}

// Files are read with C stdio, not an ifstream: no stream or locale set-up, and one copy straight
// into the caller's buffer. In the web build a 1.7 MB ifstream read took 1.5-7 ms, fread 0.2 ms (the
// web app reads its manifests this way before its first frame, and its models while a page draws).
using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;
static File open_for_reading(const std::string& path) {
  File f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw Error(ErrorKind::FileAccess, path, "cannot open '" + path + "'");
  return f;
}
// The next n bytes of f into dst; throws naming path when the file ends first.
static void read_next(std::FILE* f, void* dst, uint64_t n, const std::string& path) {
  if (n > 0 && std::fread(dst, 1, static_cast<size_t>(n), f) != n) throw Error(ErrorKind::FileAccess, path, "cannot read '" + path + "'");
}
static void read_exactly(const std::string& path, void* dst, uint64_t n) { read_next(open_for_reading(path).get(), dst, n, path); }

std::vector<uint8_t> read_file_bytes(const std::string& path, uint64_t max_bytes) {
  const uint64_t n = regular_file_size(path, max_bytes);
  std::vector<uint8_t> out(static_cast<size_t>(n));
  read_exactly(path, out.data(), n);
  return out;
}

std::string read_file_text(const std::string& path, size_t max_bytes) {
  const uint64_t n = regular_file_size(path, max_bytes);
  std::string out(static_cast<size_t>(n), '\0');
  read_exactly(path, out.data(), n);
  return out;
}

void write_file_bytes(const std::string& path, const void* data, size_t n) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw Error(ErrorKind::FileAccess, path, "cannot create '" + path + "'");
  f.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
  if (!f) throw Error(ErrorKind::FileAccess, path, "cannot write '" + path + "'");
}

//-----------------------------------------------------------------------------
// [SECTION] Reading
//-----------------------------------------------------------------------------
const char* dtype_name(DType d) {
  switch (d) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
  }
  return "?";
}
static size_t dtype_size(DType d) { return d == DType::F32 ? 4 : 2; }

int64_t TensorInfo::numel() const { return checked_product(shape, INT64_MAX, "tensor"); }

std::string shape_str(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

static constexpr uint64_t kMaxHeaderBytes = 100u << 20;

// The header length from the first 8 bytes, checked against the file size.
static size_t header_length(const uint8_t* first8, uint64_t file_size, const std::string& source) {
  const std::string where = source + ": ";
  uint64_t n = 0;
  for (int k = 7; k >= 0; --k) n = (n << 8) | first8[k];
  if (n > file_size - 8) throw Error(ErrorKind::FileFormat, source, where + "bad header: length " + std::to_string(n) + " exceeds the file");
  if (n > kMaxHeaderBytes) throw Error(ErrorKind::FileFormat, source, where + "bad header: length " + std::to_string(n) + " is absurd");
  return static_cast<size_t>(n);
}

// Parses and validates the JSON header against a data section of data_size bytes: dtypes, shapes
// (each dimension and the row count fit a 32-bit index), byte sizes, and offsets that tile the
// data section exactly (in order, no overlap, no gap, nothing trailing), as the format requires.
void SafeTensors::parse_header(const std::string& text, uint64_t data_size) {
  const std::string where = source_ + ": ";
  json::Value h;
  try {
    h = json::parse(text);
  } catch (const Error& e) {
    throw Error(ErrorKind::FileFormat, source_, where + "bad header: " + e.what());
  }
  if (!h.is_object()) throw Error(ErrorKind::FileFormat, source_, where + "bad header: not a JSON object");
  std::vector<std::pair<const std::string*, const TensorInfo*>> by_offset;
  for (const auto& [name, v] : h.obj) {
    if (name == "__metadata__") {
      if (!v.is_object()) throw Error(ErrorKind::FileFormat, source_, where + "bad header: __metadata__ must be an object");
      for (const auto& [k, mv] : v.obj) {
        if (!mv.is_string()) throw Error(ErrorKind::FileFormat, source_, where + "bad header: __metadata__ '" + k + "' must be a string");
        metadata_[k] = mv.str;
      }
      continue;
    }
    const std::string tw = where + "tensor '" + name + "': ";
    if (!v.is_object()) throw Error(ErrorKind::FileFormat, source_, tw + "header entry is not an object");
    const json::Value* dt = v.find("dtype");
    const json::Value* sh = v.find("shape");
    const json::Value* off = v.find("data_offsets");
    if (!dt || !dt->is_string()) throw Error(ErrorKind::FileFormat, source_, tw + "missing dtype");
    if (!sh || !sh->is_array()) throw Error(ErrorKind::FileFormat, source_, tw + "missing shape");
    if (!off || !off->is_array() || off->arr.size() != 2) throw Error(ErrorKind::FileFormat, source_, tw + "missing data_offsets");
    TensorInfo ti;
    if (dt->str == "F32") ti.dtype = DType::F32;
    else if (dt->str == "F16") ti.dtype = DType::F16;
    else if (dt->str == "BF16") ti.dtype = DType::BF16;
    else throw Error(ErrorKind::TensorDtype, dt->str, tw + "unsupported dtype " + dt->str + " (F32, F16 and BF16 are supported)");
    if (sh->arr.size() > 8) throw Error(ErrorKind::FileFormat, source_, tw + "absurd shape (" + std::to_string(sh->arr.size()) + " dimensions)");
    for (const auto& d : sh->arr) {
      if (!d.is_number() || d.num < 0 || d.num != std::floor(d.num)) throw Error(ErrorKind::FileFormat, source_, tw + "invalid shape entry");
      if (d.num > double(kMaxIndex)) throw Error(ErrorKind::FileFormat, source_, tw + "absurd shape entry " + std::to_string(d.num));
      ti.shape.push_back(static_cast<int64_t>(d.num));
    }
    // rows (all but the last dimension) must fit a 32-bit index too, even when another dim is 0.
    if (ti.shape.size() > 1)
      checked_product(std::vector<int64_t>(ti.shape.begin(), ti.shape.end() - 1), kMaxIndex, tw + "absurd shape");
    const int64_t numel = checked_product(ti.shape, kMaxIndex, tw + "absurd shape");
    for (const auto& o : off->arr)
      if (!o.is_number() || o.num < 0 || o.num != std::floor(o.num) || o.num > 9.0e15)
        throw Error(ErrorKind::FileFormat, source_, tw + "invalid data_offsets");
    const double b = off->arr[0].num, e = off->arr[1].num;
    if (e < b) throw Error(ErrorKind::FileFormat, source_, tw + "data_offsets end before begin");
    if (e > static_cast<double>(data_size))
      throw Error(ErrorKind::FileFormat, source_, tw + "data past the end of the file (truncated? needs " + std::to_string(static_cast<uint64_t>(e)) +
                  " bytes, file has " + std::to_string(data_size) + ")");
    ti.begin = static_cast<size_t>(b);
    ti.end = static_cast<size_t>(e);
    if (static_cast<uint64_t>(ti.end - ti.begin) != static_cast<uint64_t>(numel) * dtype_size(ti.dtype))
      throw Error(ErrorKind::FileFormat, source_, tw + "byte size " + std::to_string(ti.end - ti.begin) + " does not match shape " +
                  shape_str(ti.shape) + " of " + dt->str);
    auto it = infos_.emplace(name, ti).first;
    by_offset.emplace_back(&it->first, &it->second);
  }
  std::stable_sort(by_offset.begin(), by_offset.end(), [](const auto& x, const auto& y) {
    return x.second->begin != y.second->begin ? x.second->begin < y.second->begin : x.second->end < y.second->end;
  });
  uint64_t at = 0;
  const std::string* prev = nullptr;
  for (const auto& [name, ti] : by_offset) {
    if (ti->begin < at)
      throw Error(ErrorKind::FileFormat, source_, where + "tensor '" + *name + "' overlaps tensor '" + *prev + "' (data_offsets [" +
                  std::to_string(ti->begin) + ", " + std::to_string(ti->end) + "])");
    if (ti->begin > at)
      throw Error(ErrorKind::FileFormat, source_, where + "tensor '" + *name + "': " + std::to_string(ti->begin - at) +
                  " unused bytes before its data (data_offsets must tile the data section)");
    at = ti->end;
    prev = name;
  }
  if (at != data_size)
    throw Error(ErrorKind::FileFormat, source_, where + std::to_string(data_size - at) + " trailing bytes after the last tensor's data");
}

SafeTensors SafeTensors::from_file(const std::string& path) {
  SafeTensors st = open_file(path);
  st.read_more(static_cast<size_t>(st.pending_));
  return st;
}

SafeTensors SafeTensors::open_file(const std::string& path) {
  SafeTensors st;
  st.source_ = path;
  const std::string where = path + ": ";
  const uint64_t size = regular_file_size(path, uint64_t(4) << 30);
  if (size < 8) throw Error(ErrorKind::FileFormat, path, where + "truncated file (" + std::to_string(size) + " bytes, no header)");
  const File f = open_for_reading(path);
  uint8_t first8[8];
  read_next(f.get(), first8, 8, path);
  // The header first: nothing else is read (or allocated) until it has been validated.
  const size_t n = header_length(first8, size, path);
  std::string text(n, '\0');
  read_next(f.get(), text.data(), n, path);
  const uint64_t data_size = size - 8 - n;
  st.parse_header(text, data_size);
  st.bytes_.reserve(static_cast<size_t>(data_size));  // reserved, not yet touched: read_more fills it
  st.pending_ = data_size;
  st.file_offset_ = 8 + n;
  st.data_start_ = 0;
  return st;
}

bool SafeTensors::read_more(size_t max_bytes) {
  if (pending_ == 0) return true;
  const size_t k = static_cast<size_t>(std::min<uint64_t>(pending_, std::max<size_t>(max_bytes, 1)));
  const File f = open_for_reading(source_);
  if (std::fseek(f.get(), static_cast<long>(file_offset_), SEEK_SET) != 0) throw Error(ErrorKind::FileAccess, source_, "cannot read '" + source_ + "'");
  const size_t at = bytes_.size();
  bytes_.resize(at + k);  // within the reserved capacity: no reallocation
  read_next(f.get(), bytes_.data() + at, k, source_);
  file_offset_ += k;
  pending_ -= k;
  return pending_ == 0;
}

SafeTensors SafeTensors::from_bytes(std::vector<uint8_t> bytes, const std::string& source) {
  SafeTensors st;
  st.source_ = source;
  const std::string where = source + ": ";
  if (bytes.size() < 8) throw Error(ErrorKind::FileFormat, source, where + "truncated file (" + std::to_string(bytes.size()) + " bytes, no header)");
  const size_t n = header_length(bytes.data(), bytes.size(), source);
  st.parse_header(std::string(reinterpret_cast<const char*>(bytes.data() + 8), n), bytes.size() - 8 - n);
  st.data_start_ = 8 + n;
  st.bytes_ = std::move(bytes);
  return st;
}

std::vector<std::string> SafeTensors::names() const {
  std::vector<std::string> out;
  for (const auto& kv : infos_) out.push_back(kv.first);
  return out;
}

const TensorInfo& SafeTensors::info(const std::string& name) const {
  auto it = infos_.find(name);
  if (it == infos_.end()) throw Error(ErrorKind::TensorMissing, name, source_ + ": missing tensor '" + name + "'");
  return it->second;
}

Mat SafeTensors::get(const std::string& name) const {
  Mat m;
  read_into(name, m);
  return m;
}

void SafeTensors::read_into(const std::string& name, Mat& out) const {
  const TensorInfo& ti = info(name);
  if (pending_ != 0) throw Error(source_ + ": tensor '" + name + "' read before the file's data is in (open_file without read_more)");
  int64_t rows = 1, cols = 1;
  if (!ti.shape.empty()) {
    cols = ti.shape.back();
    rows = checked_product(std::vector<int64_t>(ti.shape.begin(), ti.shape.end() - 1), kMaxIndex,
                           source_ + ": tensor '" + name + "'");
  }
  out.resize(rows, cols);  // no reallocation when it already holds rows * cols values
  const uint8_t* p = bytes_.data() + data_start_ + ti.begin;
  const size_t n = static_cast<size_t>(rows * cols);
  float* dst = out.data();
  // Byte-wise little-endian decode: correct on any host and any alignment. One loop per dtype,
  // so the compiler sees a plain loop (a load converts ~1M values).
  if (ti.dtype == DType::F32) {
    for (size_t i = 0; i < n; ++i) {
      const uint32_t u = uint32_t(p[4 * i]) | uint32_t(p[4 * i + 1]) << 8 | uint32_t(p[4 * i + 2]) << 16 |
                         uint32_t(p[4 * i + 3]) << 24;
      std::memcpy(&dst[i], &u, 4);
    }
  } else if (ti.dtype == DType::F16) {
    for (size_t i = 0; i < n; ++i) dst[i] = half_bits_to_float(static_cast<uint16_t>(p[2 * i] | p[2 * i + 1] << 8));
  } else {
    for (size_t i = 0; i < n; ++i) dst[i] = bf16_bits_to_float(static_cast<uint16_t>(p[2 * i] | p[2 * i + 1] << 8));
  }
  if (!out.allFinite()) throw Error(ErrorKind::TensorValues, name, source_ + ": tensor '" + name + "' contains NaN or Inf");
}

void SafeTensors::expect(const std::string& name, const std::vector<int64_t>& expected_shape) const {
  const TensorInfo& ti = info(name);
  if (ti.shape != expected_shape)
    throw Error(ErrorKind::TensorShape, name, source_ + ": tensor '" + name + "' has shape " + shape_str(ti.shape) + ", expected " +
                shape_str(expected_shape));
}

Mat SafeTensors::get(const std::string& name, const std::vector<int64_t>& expected_shape) const {
  expect(name, expected_shape);
  return get(name);
}

void SafeTensors::get_into(const std::string& name, const std::vector<int64_t>& expected_shape, Mat& out) const {
  expect(name, expected_shape);
  read_into(name, out);
}

//-----------------------------------------------------------------------------
// [SECTION] Writing
//-----------------------------------------------------------------------------
std::vector<uint8_t> safetensors_bytes(const std::vector<TensorRef>& tensors,
                                       const std::map<std::string, std::string>& metadata, DType dtype) {
  const size_t es = dtype_size(dtype);
  std::string h = "{";
  bool first = true;
  if (!metadata.empty()) {
    h += "\"__metadata__\":{";
    for (auto it = metadata.begin(); it != metadata.end(); ++it)
      h += (it == metadata.begin() ? "" : ",") + json::quote(it->first) + ":" + json::quote(it->second);
    h += "}";
    first = false;
  }
  size_t off = 0;
  for (const auto& t : tensors) {
    const int64_t n = checked_product(t.shape, INT64_MAX, "safetensors: tensor '" + t.name + "'");
    std::string shp = "[";
    for (size_t k = 0; k < t.shape.size(); ++k) shp += (k ? "," : "") + std::to_string(t.shape[k]);
    shp += "]";
    const size_t nb = static_cast<size_t>(n) * es;
    h += (first ? "" : ",") + json::quote(t.name) + ":{\"dtype\":\"" + dtype_name(dtype) + "\",\"shape\":" + shp +
         ",\"data_offsets\":[" + std::to_string(off) + "," + std::to_string(off + nb) + "]}";
    first = false;
    off += nb;
  }
  h += "}";
  while ((8 + h.size()) % 8 != 0) h += ' ';  // data starts 8-byte aligned, as the reference writer does
  std::vector<uint8_t> out(8 + h.size() + off);
  uint64_t hl = h.size();
  for (int k = 0; k < 8; ++k) out[k] = static_cast<uint8_t>(hl >> (8 * k));
  std::memcpy(out.data() + 8, h.data(), h.size());
  uint8_t* p = out.data() + 8 + h.size();
  for (const auto& t : tensors) {
    const int64_t n = checked_product(t.shape, INT64_MAX, "safetensors: tensor '" + t.name + "'");
    for (int64_t i = 0; i < n; ++i) {
      if (dtype == DType::F32) {
        uint32_t u;
        std::memcpy(&u, &t.data[i], 4);
        for (int k = 0; k < 4; ++k) *p++ = static_cast<uint8_t>(u >> (8 * k));
      } else {
        const uint16_t u = dtype == DType::F16 ? float_to_half_bits(t.data[i]) : float_to_bf16_bits(t.data[i]);
        *p++ = static_cast<uint8_t>(u);
        *p++ = static_cast<uint8_t>(u >> 8);
      }
    }
  }
  return out;
}

void write_safetensors(const std::string& path, const std::vector<TensorRef>& tensors,
                       const std::map<std::string, std::string>& metadata, DType dtype) {
  const std::vector<uint8_t> b = safetensors_bytes(tensors, metadata, dtype);
  write_file_bytes(path, b.data(), b.size());
}

}  // namespace tmx
