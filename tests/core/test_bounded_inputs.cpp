// Hostile inputs to the core's loaders get a clear error before any large allocation: weights
// checked against the config before a model is allocated, safetensors header first and exact
// data_offsets, overflow-safe shapes, capped tokenizer files and inputs, strict UTF-8 in JSON.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>
#ifndef __EMSCRIPTEN__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "core/checked.h"
#include "core/error.h"
#include "core/json.h"
#include "core/model_loader.h"
#include "core/models/gpt.h"
#include "core/npy.h"
#include "core/safetensors.h"
#include "core/tokenizer/bpe_tokenizer.h"
#include "core/tokenizer/char_tokenizer.h"
#include "core/tokenizer/utf8.h"
#include "golden_util.h"

using namespace tmx;
using namespace tmx::test;

namespace {

// A safetensors file from a header text and a data section of n_data zero bytes.
std::vector<uint8_t> st_bytes(const std::string& header, size_t n_data) {
  std::vector<uint8_t> b(8 + header.size() + n_data, 0);
  const uint64_t n = header.size();
  for (int k = 0; k < 8; ++k) b[k] = static_cast<uint8_t>(n >> (8 * k));
  std::memcpy(b.data() + 8, header.data(), header.size());
  return b;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

std::string scratch_dir(const std::string& name) {
  const std::string d = "/tmp/tmx_bounded_" + name;
  std::filesystem::remove_all(d);
  REQUIRE(std::filesystem::create_directories(d));
  return d;
}

// Peak resident memory of this process so far, in MB (0 where unknown).
double peak_rss_mb() {
#ifndef __EMSCRIPTEN__
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
#else
  return 0;
#endif
}

}  // namespace

TEST_CASE("checked size arithmetic reports overflow instead of wrapping", "[core][bounded]") {
  int64_t out = 0;
  CHECK(checked_mul(3, 4, out));
  CHECK(out == 12);
  CHECK_FALSE(checked_mul(709551615, 20000000000LL * 1000000, out));
  CHECK_FALSE(checked_mul(-1, 4, out));
  CHECK_FALSE(checked_mul(1 << 16, 1 << 16, out, kMaxIndex));
  CHECK_FALSE(checked_add(INT64_MAX, 1, out));
  CHECK(checked_product({2, 3, 4}, kMaxIndex, "t") == 24);
  CHECK(checked_product({}, kMaxIndex, "t") == 1);
  CHECK_THROWS_WITH(checked_product({1000000000000LL, 1000000000000LL, 0}, kMaxIndex, "tensor 'w'"),
                    Catch::Contains("tensor 'w'") && Catch::Contains("too large"));
}

TEST_CASE("safetensors: data_offsets must tile the data section exactly", "[core][bounded][safetensors]") {
  const std::string ok = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})";
  CHECK_NOTHROW(SafeTensors::from_bytes(st_bytes(ok, 12)));
  // Overlapping tensors (b reuses a's bytes).
  const std::string overlap = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})";
  CHECK_THROWS_WITH(SafeTensors::from_bytes(st_bytes(overlap, 8)), Catch::Contains("overlaps"));
  // Trailing garbage after the last tensor.
  CHECK_THROWS_WITH(SafeTensors::from_bytes(st_bytes(ok, 12 + 5)), Catch::Contains("5 trailing bytes"));
  // An empty tensor may sit at any boundary, listed in any order.
  const std::string empty = R"({"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}})";
  CHECK_NOTHROW(SafeTensors::from_bytes(st_bytes(empty, 8)));
  // A hole between tensors.
  const std::string gap = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})";
  CHECK_THROWS_WITH(SafeTensors::from_bytes(st_bytes(gap, 12)), Catch::Contains("unused bytes"));
}

TEST_CASE("safetensors: absurd shapes are refused when the file is opened", "[core][bounded][safetensors]") {
  // 1e12 x 1e12 x 0 holds no bytes, but its row count overflows int64 (and any 32-bit index).
  const std::string h = R"({"w":{"dtype":"F32","shape":[1000000000000,1000000000000,0],"data_offsets":[0,0]}})";
  CHECK_THROWS_WITH(SafeTensors::from_bytes(st_bytes(h, 0)), Catch::Contains("tensor 'w'") && Catch::Contains("absurd shape"));
  const std::string rows = R"({"w":{"dtype":"F32","shape":[65536,65536,0],"data_offsets":[0,0]}})";
  CHECK_THROWS_WITH(SafeTensors::from_bytes(st_bytes(rows, 0)), Catch::Contains("absurd shape"));
  const std::string many = R"({"w":{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,1,1],"data_offsets":[0,4]}})";
  CHECK_THROWS_WITH(SafeTensors::from_bytes(st_bytes(many, 4)), Catch::Contains("dimensions"));
}

#ifndef __EMSCRIPTEN__
TEST_CASE("safetensors: the header is checked before the rest of a large file is read", "[core][bounded][safetensors]") {
  // A 1.5 GiB sparse file whose header is not JSON: the error must come without reading the data.
  const std::string d = scratch_dir("bigfile");
  const std::string path = d + "/model.safetensors";
  const std::vector<uint8_t> head = st_bytes("{nope", 0);
  write_file_bytes(path, head.data(), head.size());
  REQUIRE(truncate(path.c_str(), off_t(3) << 29) == 0);
  const double before = peak_rss_mb();
  CHECK_THROWS_WITH(SafeTensors::from_file(path), Catch::Contains("bad header"));
  CHECK(peak_rss_mb() - before < 200);
  std::filesystem::remove_all(d);
}
#endif

TEST_CASE("files that are directories are named as such", "[core][bounded]") {
  const std::string d = scratch_dir("dir");
  REQUIRE(std::filesystem::create_directories(d + "/config.json"));
  REQUIRE(std::filesystem::create_directories(d + "/model.safetensors"));
  CHECK_THROWS_WITH(load_model(d), Catch::Contains("config.json") && Catch::Contains("is a directory"));
  CHECK_THROWS_WITH(SafeTensors::from_file(d + "/model.safetensors"), Catch::Contains("is a directory"));
  std::filesystem::remove_all(d);
}

TEST_CASE("npy: a shape whose product overflows is refused with a clear message", "[core][bounded]") {
  std::vector<uint8_t> b = npy_bytes(Mat::Zero(1, 1));
  std::string h = "{'descr': '<f4', 'fortran_order': False, 'shape': (709551615, 20000000000), }";
  while ((10 + h.size() + 1) % 64 != 0) h += ' ';
  h += '\n';
  std::vector<uint8_t> f(b.begin(), b.begin() + 8);
  f.push_back(static_cast<uint8_t>(h.size() & 0xFF));
  f.push_back(static_cast<uint8_t>(h.size() >> 8));
  f.insert(f.end(), h.begin(), h.end());
  f.insert(f.end(), 4, 0);
  CHECK_THROWS_WITH(npy_from_bytes(f, "x.npy"), Catch::Contains("x.npy") && Catch::Contains("too large"));
}

TEST_CASE("a config's sizes are checked against the weights before the model is allocated", "[core][bounded][checkpoint]") {
  const SafeTensors st = SafeTensors::from_file(golden("transformer/gpt2/model.safetensors"));
  // GPT-2 small's sizes (124M parameters, ~1 GB with gradients) against the 10 KB golden weights.
  const char* gpt_small =
      R"({"model_type":"gpt2","vocab_size":50257,"n_positions":1024,"n_embd":768,"n_head":12,"n_layer":12})";
  const char* llama_7b = R"({"model_type":"llama","vocab_size":32000,"hidden_size":1024,"num_hidden_layers":24,
      "num_attention_heads":16,"intermediate_size":4096,"max_position_embeddings":2048})";
  const char* mamba_big = R"({"model_type":"mamba","d_model":1024,"n_layer":48,"vocab_size":50280})";
  const double before = peak_rss_mb();
  CHECK_THROWS_WITH(make_model(json::parse(gpt_small), st), Catch::Contains("transformer.wte.weight"));
  CHECK_THROWS_WITH(make_model(json::parse(llama_7b), st), Catch::Contains("model.embed_tokens.weight"));
  CHECK_THROWS_WITH(make_model(json::parse(mamba_big), st), Catch::Contains("backbone.embedding"));
  CHECK(peak_rss_mb() - before < 100);
}

TEST_CASE("a checkpoint config without its sizes is an error, not a default model", "[core][bounded][checkpoint]") {
  const SafeTensors st = SafeTensors::from_file(golden("transformer/gpt2/model.safetensors"));
  CHECK_THROWS_WITH(make_model(json::parse(R"({"model_type":"gpt2"})"), st), Catch::Contains("missing field 'vocab_size'"));
  CHECK_THROWS_WITH(make_model(json::parse(R"({"model_type":"gpt2","vocab_size":11,"n_positions":16,"n_embd":8,"n_head":2})"), st),
                    Catch::Contains("missing field 'n_layer'"));
  CHECK_THROWS_WITH(make_model(json::parse(R"({"model_type":"llama","vocab_size":11})"), st), Catch::Contains("missing field 'hidden_size'"));
}

TEST_CASE("config errors never echo raw invalid bytes", "[core][bounded][json]") {
  // Invalid UTF-8 inside a JSON string is a parse error (RFC 8259), reported without the bytes.
  const std::string bad = "{\"model_type\": \"gpt\xff\xfe\xc0\xaf\"}";
  const std::string e = error_of([&] { json::parse(bad); });
  CHECK_THAT(e, Catch::Contains("invalid UTF-8"));
  CHECK(tok::utf8_valid(e));
  // Overlong forms and surrogates are invalid too.
  CHECK_THROWS_WITH(json::parse("\"\xc0\xaf\""), Catch::Contains("invalid UTF-8"));
  CHECK_THROWS_WITH(json::parse("\"\xed\xa0\x80\""), Catch::Contains("invalid UTF-8"));
  CHECK(json::parse("\"\xe4\xb8\xad\"").str == "\xe4\xb8\xad");  // valid UTF-8 is kept as is
  // A stray byte outside a string and a bad escape are shown as \xNN.
  const std::string e2 = error_of([] { json::parse("{\"a\": \xff}"); });
  CHECK_THAT(e2, Catch::Contains("\\xFF"));
  CHECK(tok::utf8_valid(e2));
  CHECK(tok::utf8_valid(error_of([] { json::parse("\"\\\xff\""); })));
  // A model_type with control characters comes back escaped.
  const SafeTensors st = SafeTensors::from_file(golden("transformer/gpt2/model.safetensors"));
  const std::string e3 = error_of([&] { make_model(json::parse(R"({"model_type":"x\u001b[31my"})"), st); });
  CHECK_THAT(e3, Catch::Contains("unsupported model_type"));
  CHECK(e3.find('\x1b') == std::string::npos);
}

TEST_CASE("GPT random init in chunks equals one pass, and fills every weight", "[core][bounded][gpt]") {
  GPTConfig c;
  c.vocab_size = 11, c.n_positions = 16, c.n_embd = 8, c.n_head = 2, c.n_layer = 2;
  GPT whole(c, /*random_init=*/true);
  GPT chunked(c, /*random_init=*/false);
  GPT::InitRun r;
  chunked.init_random_begin(r, 1337);
  chunked.init_random_step(r, 5);  // stop inside the first matrix, then finish in one unbounded step
  CHECK(chunked.init_random_step(r, INT64_MAX));
  CHECK(whole.w.wte.cwiseAbs().maxCoeff() > 0);
  for (auto [a, b] : {std::pair{whole.params(), chunked.params()}})
    for (size_t i = 0; i < a.size(); ++i) CHECK(*a[i].value == *b[i].value);
}

TEST_CASE("BPE files whose merges would describe huge tokens are refused", "[core][bounded][tokenizer]") {
  // 40 self-doubling merges: 348 bytes on disk, 2^40 bytes of tokens.
  tok::BpeFile f;
  f.kind = tok::kBpeKindMerges;
  f.pretokenizer = tok::Pretokenizer::None;
  f.merges.emplace_back('a', 'a');
  for (int i = 1; i < 40; ++i) f.merges.emplace_back(255 + i, 255 + i);
  const std::string bytes = tok::write_bpe_file(f);
  CHECK(bytes.size() == 348);
  std::string err;
  CHECK(tok::BpeTokenizer::load_bytes(bytes, err) == nullptr);
  CHECK_THAT(err, Catch::Contains("MiB"));
  // The constructor refuses such merges too (a trainer or UI bypassing the file).
  CHECK_THROWS_AS(tok::BpeTokenizer(f.merges, tok::Pretokenizer::None), Error);
  // 20 doublings (1 MiB tokens, ~2 MiB in all) are still fine.
  f.merges.resize(20);
  CHECK(tok::BpeTokenizer::load_bytes(tok::write_bpe_file(f), err) != nullptr);
}

TEST_CASE("tokenizer input is capped with a message", "[core][bounded][tokenizer]") {
  const std::string big(tok::kMaxTokenizeBytes + 1, 'a');
  tok::CharTokenizer ch;
  CHECK_THROWS_WITH(ch.encode(big), Catch::Contains("tokenizer") && Catch::Contains("MiB limit"));
  tok::BpeTokenizer bpe({}, tok::Pretokenizer::None);
  CHECK_THROWS_WITH(bpe.encode(big), Catch::Contains("MiB limit"));
  CHECK(ch.encode(std::string_view(big).substr(0, 1000)).size() == 1000);
}
