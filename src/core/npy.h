// NumPy .npy (format version 1.0) for float32 matrices: what `tmx forward --logits` writes and
// what tests / notebooks read back with np.load.
#pragma once
#include <string>
#include <vector>

#include "core/tensor.h"

namespace tmx {

// Writes m as a 2-D little-endian float32 array of shape (rows, cols), C order.
std::vector<uint8_t> npy_bytes(const Mat& m);
void write_npy(const std::string& path, const Mat& m);

// Reads a 1-D or 2-D '<f4' C-order array (1-D -> (1, n)). Throws tmx::Error on anything else.
Mat read_npy(const std::string& path);
Mat npy_from_bytes(const std::vector<uint8_t>& bytes, const std::string& source = "npy");

}  // namespace tmx
