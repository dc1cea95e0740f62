// safetensors read/write (https://github.com/huggingface/safetensors format):
//   [8 bytes little-endian u64 N][N bytes JSON header][raw little-endian tensor data]
//   header: {"name": {"dtype": "F32", "shape": [r, c], "data_offsets": [begin, end]}, ...,
//            "__metadata__": {"key": "string", ...}}      offsets are relative to the data start.
//
// Reading accepts F32, F16 and BF16 and converts to float32 on get(). Everything is validated
// when the file is opened (header JSON, dtypes, shapes that fit a 32-bit index, byte sizes that
// match the shape, data_offsets that tile the data section: in order, no overlap, no gap, nothing
// trailing) and every error names the tensor: a corrupt file throws tmx::Error, never crashes and
// never returns garbage. from_file reads and validates the 8-byte length and the header before it
// reads (or allocates) anything else.
//
//   auto st = SafeTensors::from_file(dir + "/model.safetensors");
//   Mat wte = st.get("transformer.wte.weight", {vocab, n_embd});  // throws naming the tensor
//
// Shapes map to a row-major Mat: 1-D [n] -> (1, n); 2-D [r, c] -> (r, c); k-D -> (prod(leading), last).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace tmx {

enum class DType { F32, F16, BF16 };
const char* dtype_name(DType d);

struct TensorInfo {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  size_t begin = 0, end = 0;  // byte offsets into the data section
  int64_t numel() const;
};

std::string shape_str(const std::vector<int64_t>& shape);  // "[3, 4]"

// One tensor of a file to read into a model's parameter (a ModelPlan's step, core/language_model.h).
struct TensorRead {
  std::string name;             // in the file
  std::vector<int64_t> shape;   // expected
  Mat* into;                    // resized on reading
};

class SafeTensors {
 public:
  // `source` names the file in error messages.
  static SafeTensors from_bytes(std::vector<uint8_t> bytes, const std::string& source = "safetensors");
  static SafeTensors from_file(const std::string& path);
  // from_file in pieces, for a loader that gives each piece a frame of its own: open_file reads and
  // checks the header (names, shapes and offsets are known at once), then each read_more reads at
  // most max_bytes of the data; get/read throw until it is all in. Reading a model whole in one frame
  // cost 6-13 ms in the web build, most of it the browser mapping the buffer's fresh memory pages.
  static SafeTensors open_file(const std::string& path);
  bool read_more(size_t max_bytes);  // true once all the data is in (then calls do nothing)
  bool complete() const { return pending_ == 0; }
  uint64_t data_bytes() const { return bytes_.size() - data_start_ + pending_; }

  bool has(const std::string& name) const { return infos_.count(name) != 0; }
  std::vector<std::string> names() const;  // sorted
  size_t size() const { return infos_.size(); }  // how many tensors the header lists
  const TensorInfo& info(const std::string& name) const;  // throws "missing tensor 'name'"
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

  // The tensor as float32. Throws if missing, or (2nd form) if its shape differs from
  // expected, or if it holds NaN/Inf (weights never should).
  Mat get(const std::string& name) const;
  Mat get(const std::string& name, const std::vector<int64_t>& expected_shape) const;
  // The 2nd form into `out`, resized to (product of all but the last dim, last dim): a model's
  // loader reads into the tensors it already allocated instead of allocating each one twice.
  void get_into(const std::string& name, const std::vector<int64_t>& expected_shape, Mat& out) const;
  void read(const TensorRead& r) const { get_into(r.name, r.shape, *r.into); }
  // Throws unless the tensor exists with exactly this shape (loaders check every tensor with it
  // before allocating a model).
  void expect(const std::string& name, const std::vector<int64_t>& expected_shape) const;

 private:
  std::string source_;
  std::vector<uint8_t> bytes_;
  size_t data_start_ = 0;
  uint64_t pending_ = 0;      // bytes of data still to read from source_ (open_file)
  uint64_t file_offset_ = 0;  // where they start in the file
  std::map<std::string, TensorInfo> infos_;
  std::map<std::string, std::string> metadata_;
  void parse_header(const std::string& text, uint64_t data_size);
  void read_into(const std::string& name, Mat& out) const;
};

// One tensor to write: float32 data of `shape` (numel = product of shape).
struct TensorRef {
  std::string name;
  std::vector<int64_t> shape;
  const float* data;
};

// Serialize tensors (stored as `dtype`, converted with round-to-nearest-even for F16/BF16).
std::vector<uint8_t> safetensors_bytes(const std::vector<TensorRef>& tensors,
                                       const std::map<std::string, std::string>& metadata = {},
                                       DType dtype = DType::F32);
void write_safetensors(const std::string& path, const std::vector<TensorRef>& tensors,
                       const std::map<std::string, std::string>& metadata = {}, DType dtype = DType::F32);

// Whole-file helpers shared by loaders (throw tmx::Error naming the path).
// max_bytes is 64-bit: size_t(4) << 30 is 0 on wasm32, which refused every file in the browser build.
std::vector<uint8_t> read_file_bytes(const std::string& path, uint64_t max_bytes = uint64_t(4) << 30);
std::string read_file_text(const std::string& path, size_t max_bytes = 64u << 20);
void write_file_bytes(const std::string& path, const void* data, size_t n);

}  // namespace tmx
