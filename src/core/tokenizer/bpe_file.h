// The .tmxbpe file: a compact binary BPE tokenizer, used both for GPT-2's ranks (converted
// from js-tiktoken by scripts/tokenizer/gpt2_to_tmxbpe.mjs during the build) and for
// tokenizers trained in the app (BpeTokenizer::save).
//
// All integers little-endian.
//   offset  size  field
//   0       4     magic "TMXB"
//   4       4     u32 version (1)
//   8       4     u32 kind: 1 = ranked tokens (tiktoken style: token bytes listed by rank,
//                                id == rank, merging picks the lowest-ranked concatenation)
//                           2 = merge list (ids 0..255 are the bytes; merge i joins two earlier
//                                ids into id 256+i and has rank i)
//   12      4     u32 pretokenizer: 0 = none (the whole text is one word), 1 = GPT-2 pattern
//   16      4     u32 count: tokens (kind 1) or merges (kind 2)
//   20      4     u32 n_special
//   24      ...   kind 1: count x { u16 len, len bytes }
//                 kind 2: count x { u32 left, u32 right }
//   ...           n_special x { u32 id, u16 len, len bytes }   (e.g. <|endoftext|> = 50256)
//   end-4   4     u32 FNV-1a (32-bit) of every preceding byte
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tmx::tok {

enum class Pretokenizer : uint32_t { None = 0, Gpt2 = 1 };

struct BpeFile {
  uint32_t kind = 1;
  Pretokenizer pretokenizer = Pretokenizer::Gpt2;
  std::vector<std::string> tokens;                     // kind 1: bytes of token id i
  std::vector<std::pair<int, int>> merges;             // kind 2: merge i -> id 256+i
  std::vector<std::pair<int, std::string>> specials;   // (id, text)
};

constexpr uint32_t kBpeKindRanked = 1, kBpeKindMerges = 2;
constexpr uint32_t kBpeMaxCount = 1u << 22;  // sanity cap against corrupt counts
// Cap on the bytes of all tokens together (GPT-2's 50257 tokens hold ~330 KB): merges can double
// a token's length each time, so 40 merges in a 348-byte file would otherwise describe 2^40 bytes.
constexpr uint64_t kBpeMaxTokenBytes = uint64_t(32) << 20;
constexpr size_t kBpeMaxFileBytes = size_t(64) << 20;  // .tmxbpe files larger than this are refused

// Parses and validates (bounds, checksum, ids refer backwards). False + err on any problem.
bool read_bpe_file(std::string_view bytes, BpeFile& out, std::string& err);
std::string write_bpe_file(const BpeFile& f);

// read_bpe_file in bounded steps (the app parses GPT-2's 50257 tokens over a few frames):
// begin() checks the header and checksum, each step() reads up to max_items tokens or merges
// (the specials and end checks with the last). read_bpe_file is begin + one unbounded step.
// `bytes` must outlive the reader.
class BpeFileReader {
 public:
  bool begin(std::string_view bytes, BpeFile& out, std::string& err);  // false + err on error
  bool step(size_t max_items, BpeFile& out, std::string& err);         // true when finished
  bool ok() const { return ok_; }                                      // no error so far

 private:
  std::string_view body_;  // without the checksum
  size_t pos_ = 0;
  uint32_t count_ = 0, n_special_ = 0, next_ = 0;
  std::vector<uint64_t> merged_len_;  // kind 2: bytes of id 256+i
  uint64_t token_bytes_ = 0;          // all tokens so far (checked against kBpeMaxTokenBytes)
  bool ok_ = false, done_ = false;
  bool fail(std::string& err, std::string msg);
};

// Reads a whole regular file of at most max_bytes; false + err otherwise.
bool read_file_bytes(const std::string& path, std::string& out, std::string& err, size_t max_bytes = kBpeMaxFileBytes);
bool write_file_bytes(const std::string& path, std::string_view bytes, std::string& err);

}  // namespace tmx::tok
