// safetensors: round trip in every dtype, and every kind of corrupt file rejected by name.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "core/error.h"
#include "core/halfprec.h"
#include "core/safetensors.h"
#include "../temp_dir.h"

using namespace tmx;

static std::vector<uint8_t> with_header(const std::string& header, size_t data_bytes) {
  std::vector<uint8_t> b(8 + header.size() + data_bytes, 0);
  uint64_t n = header.size();
  for (int k = 0; k < 8; ++k) b[k] = static_cast<uint8_t>(n >> (8 * k));
  std::memcpy(b.data() + 8, header.data(), header.size());
  return b;
}

TEST_CASE("safetensors round trip F32/F16/BF16 with names, shapes and metadata", "[core][safetensors]") {
  Mat a(2, 3);
  a << 1, -2, 0.5f, 3.25f, 1e-3f, -7;
  Mat bias(1, 3);
  bias << 0.1f, 0.2f, 0.3f;
  for (DType dt : {DType::F32, DType::F16, DType::BF16}) {
    auto bytes = safetensors_bytes({{"w.weight", {2, 3}, a.data()}, {"w.bias", {3}, bias.data()}}, {{"k", "v"}}, dt);
    SafeTensors st = SafeTensors::from_bytes(bytes);
    CHECK(st.names() == std::vector<std::string>{"w.bias", "w.weight"});
    CHECK(st.metadata().at("k") == "v");
    CHECK(st.info("w.bias").shape == std::vector<int64_t>{3});
    const Mat w = st.get("w.weight", {2, 3});
    for (int i = 0; i < 6; ++i) {
      const float ref = dt == DType::F32 ? a.data()[i] : dt == DType::F16 ? round_to_half(a.data()[i])
                                                                            : round_to_bf16(a.data()[i]);
      CHECK(w.data()[i] == ref);
    }
    CHECK(st.get("w.bias").rows() == 1);
  }
}

TEST_CASE("safetensors rejects bad files and names the tensor", "[core][safetensors]") {
  Mat a = Mat::Ones(2, 2);
  auto good = safetensors_bytes({{"emb.weight", {2, 2}, a.data()}});
  const SafeTensors st = SafeTensors::from_bytes(good);
  CHECK_THROWS_WITH(st.get("emb.weight", {3, 2}), Catch::Contains("emb.weight") && Catch::Contains("[3, 2]"));
  CHECK_THROWS_WITH(st.get("lm_head.weight"), Catch::Contains("missing tensor 'lm_head.weight'"));

  auto truncated = good;
  truncated.resize(truncated.size() - 4);
  CHECK_THROWS_WITH(SafeTensors::from_bytes(truncated), Catch::Contains("emb.weight") && Catch::Contains("truncated"));
  CHECK_THROWS_WITH(SafeTensors::from_bytes({1, 2, 3}), Catch::Contains("truncated"));

  auto huge = good;
  huge[7] = 0x40;  // header length ~ 2^62
  CHECK_THROWS_WITH(SafeTensors::from_bytes(huge), Catch::Contains("bad header"));

  CHECK_THROWS_WITH(SafeTensors::from_bytes(with_header("{\"x\": [", 0)), Catch::Contains("bad header"));
  CHECK_THROWS_WITH(SafeTensors::from_bytes(with_header(
                        R"({"x":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})", 8)),
                    Catch::Contains("'x'") && Catch::Contains("unsupported dtype I64"));
  CHECK_THROWS_WITH(SafeTensors::from_bytes(with_header(
                        R"({"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8)),
                    Catch::Contains("'x'") && Catch::Contains("does not match shape [3]"));
  CHECK_THROWS_WITH(SafeTensors::from_bytes(with_header(
                        R"({"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4)),
                    Catch::Contains("'x'") && Catch::Contains("shape"));
  CHECK_THROWS_WITH(SafeTensors::from_bytes(with_header(
                        R"({"x":{"dtype":"F32","shape":[100000,100000],"data_offsets":[0,4]}})", 4)),
                    Catch::Contains("'x'") && Catch::Contains("absurd"));
  CHECK_THROWS_WITH(SafeTensors::from_bytes(with_header(R"({"x":{"dtype":"F32","shape":[1]}})", 4)),
                    Catch::Contains("'x'") && Catch::Contains("data_offsets"));

  Mat bad(1, 2);
  bad << 1.0f, NAN;
  auto nan_file = safetensors_bytes({{"h.0.ln_1.weight", {2}, bad.data()}});
  CHECK_THROWS_WITH(SafeTensors::from_bytes(nan_file).get("h.0.ln_1.weight"),
                    Catch::Contains("h.0.ln_1.weight") && Catch::Contains("NaN"));
  CHECK_THROWS_WITH(SafeTensors::from_file("/nonexistent/model.safetensors"), Catch::Contains("cannot open"));
}

TEST_CASE("safetensors read in pieces (open_file, read_more) equals from_file; reads wait for the data",
          "[core][safetensors]") {
  test::TempDir tmp("safetensors_pieces");
  const std::string path = (tmp.path / "m.safetensors").string();
  Mat a(40, 30);
  for (int i = 0; i < a.size(); ++i) a.data()[i] = 0.01f * static_cast<float>(i) - 3.0f;
  Mat b(1, 7);
  b << 1, 2, 3, 4, 5, 6, 7;
  write_safetensors(path, {{"a", {40, 30}, a.data()}, {"b", {7}, b.data()}}, {}, DType::F16);
  const SafeTensors whole = SafeTensors::from_file(path);
  SafeTensors st = SafeTensors::open_file(path);
  CHECK(st.names() == whole.names());  // the header is read at once
  CHECK(st.info("a").shape == std::vector<int64_t>{40, 30});
  CHECK(st.data_bytes() == 2u * (40 * 30 + 7));
  CHECK_FALSE(st.complete());
  CHECK_THROWS_WITH(st.get("b"), Catch::Contains("before the file's data"));
  int pieces = 0;
  while (!st.read_more(1000)) ++pieces;
  CHECK(pieces + 1 == 3);  // 2,414 bytes in pieces of 1,000
  CHECK(st.complete());
  CHECK(st.read_more(1000));  // nothing more to do
  CHECK(st.get("a", {40, 30}) == whole.get("a", {40, 30}));
  CHECK(st.get("b") == whole.get("b"));

  // The file cut short between the header and the data: the piece that finds the end says so.
  SafeTensors cut = SafeTensors::open_file(path);
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  write_file_bytes(path, bytes.data(), bytes.size() - 100);
  CHECK_FALSE(cut.read_more(1000));
  CHECK_FALSE(cut.read_more(1000));
  CHECK_THROWS_WITH(cut.read_more(1000), Catch::Contains("cannot read") && Catch::Contains(path));
}
