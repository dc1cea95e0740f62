// [SECTION] Byte reader/writer helpers
// [SECTION] read_bpe_file / write_bpe_file
// [SECTION] Whole-file I/O
#include "core/tokenizer/bpe_file.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <sys/stat.h>

#include "core/checksum.h"

namespace tmx::tok {

//-----------------------------------------------------------------------------
// [SECTION] Byte reader/writer helpers
//-----------------------------------------------------------------------------
static bool fail(std::string& err, std::string msg) {
  err = std::move(msg);
  return false;
}

namespace {
struct Reader {
  std::string_view s;
  size_t pos = 0;
  bool ok = true;
  uint32_t u(int nbytes) {
    if (!ok || s.size() - pos < size_t(nbytes)) {
      ok = false;
      return 0;
    }
    uint32_t v = 0;
    for (int k = 0; k < nbytes; ++k) v |= uint32_t(static_cast<uint8_t>(s[pos + k])) << (8 * k);
    pos += nbytes;
    return v;
  }
  std::string bytes(size_t n) {
    if (!ok || s.size() - pos < n) {
      ok = false;
      return {};
    }
    std::string out(s.substr(pos, n));
    pos += n;
    return out;
  }
};

struct Writer {
  std::string s;
  void u(uint32_t v, int nbytes) {
    for (int k = 0; k < nbytes; ++k) s += char((v >> (8 * k)) & 0xFF);
  }
};
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] read_bpe_file / write_bpe_file
//-----------------------------------------------------------------------------
bool read_bpe_file(std::string_view bytes, BpeFile& out, std::string& err) {
  BpeFileReader r;
  if (!r.begin(bytes, out, err)) return false;
  while (!r.step(SIZE_MAX, out, err)) {
  }
  return r.ok();
}

bool BpeFileReader::fail(std::string& err, std::string msg) {
  ok_ = false;
  done_ = true;
  err = std::move(msg);
  return false;
}

bool BpeFileReader::begin(std::string_view bytes, BpeFile& out, std::string& err) {
  out = BpeFile{};
  ok_ = true;
  done_ = false;
  next_ = 0;
  merged_len_.clear();
  token_bytes_ = 256;
  if (bytes.size() < 28 || bytes.substr(0, 4) != "TMXB") return fail(err, "not a .tmxbpe file (bad magic or too short)");
  body_ = bytes.substr(0, bytes.size() - 4);
  Reader tail{bytes, bytes.size() - 4};
  if (tail.u(4) != fnv1a32(body_)) return fail(err, "corrupt .tmxbpe file (checksum mismatch)");

  Reader r{body_, 4};
  const uint32_t version = r.u(4);
  out.kind = r.u(4);
  const uint32_t pre = r.u(4);
  count_ = r.u(4), n_special_ = r.u(4);
  if (version != 1) return fail(err, "unsupported .tmxbpe version " + std::to_string(version));
  if (out.kind != kBpeKindRanked && out.kind != kBpeKindMerges) return fail(err, "unknown .tmxbpe kind");
  if (pre > 1) return fail(err, "unknown pretokenizer id " + std::to_string(pre));
  if (count_ > kBpeMaxCount || n_special_ > kBpeMaxCount) return fail(err, "implausible token count");
  out.pretokenizer = Pretokenizer(pre);
  if (out.kind == kBpeKindRanked) out.tokens.reserve(count_);
  else out.merges.reserve(count_);
  pos_ = r.pos;
  return true;
}

bool BpeFileReader::step(size_t max_items, BpeFile& out, std::string& err) {
  if (done_) return true;
  Reader r{body_, pos_};
  const uint32_t end = static_cast<uint32_t>(std::min<size_t>(count_, size_t(next_) + std::max<size_t>(1, max_items)));
  if (out.kind == kBpeKindRanked) {
    for (uint32_t i = next_; i < end && r.ok; ++i) {
      const uint32_t len = r.u(2);
      if (len == 0) return !fail(err, "empty token at rank " + std::to_string(i));
      out.tokens.push_back(r.bytes(len));
      token_bytes_ += len;  // bounded by the file's size
    }
  } else {
    for (uint32_t i = next_; i < end && r.ok; ++i) {
      const uint32_t a = r.u(4), b = r.u(4);
      if (r.ok && (a >= 256 + i || b >= 256 + i))
        return !fail(err, "merge " + std::to_string(i) + " refers to a later id");
      if (!r.ok) break;
      const uint64_t len = (a < 256 ? 1 : merged_len_[a - 256]) + (b < 256 ? 1 : merged_len_[b - 256]);
      token_bytes_ += len;
      if (len > kBpeMaxTokenBytes || token_bytes_ > kBpeMaxTokenBytes)
        return !fail(err, "merge " + std::to_string(i) + ": the tokens would hold more than " +
                              std::to_string(kBpeMaxTokenBytes >> 20) + " MiB of bytes (self-repeating merges?)");
      merged_len_.push_back(len);
      out.merges.emplace_back(int(a), int(b));
    }
  }
  if (!r.ok) return !fail(err, "truncated .tmxbpe file");
  next_ = end;
  pos_ = r.pos;
  if (next_ < count_) return false;
  for (uint32_t i = 0; i < n_special_ && r.ok; ++i) {
    const uint32_t id = r.u(4), len = r.u(2);
    std::string text = r.bytes(len);
    if (id > kBpeMaxCount) return !fail(err, "implausible special token id");
    out.specials.emplace_back(int(id), std::move(text));
  }
  if (!r.ok) return !fail(err, "truncated .tmxbpe file");
  if (r.pos != body_.size()) return !fail(err, "trailing bytes in .tmxbpe file");
  done_ = true;
  return true;
}

std::string write_bpe_file(const BpeFile& f) {
  Writer w;
  w.s = "TMXB";
  w.u(1, 4);
  w.u(f.kind, 4);
  w.u(uint32_t(f.pretokenizer), 4);
  w.u(uint32_t(f.kind == kBpeKindRanked ? f.tokens.size() : f.merges.size()), 4);
  w.u(uint32_t(f.specials.size()), 4);
  if (f.kind == kBpeKindRanked) {
    for (const auto& t : f.tokens) w.u(uint32_t(t.size()), 2), w.s += t;
  } else {
    for (const auto& m : f.merges) w.u(uint32_t(m.first), 4), w.u(uint32_t(m.second), 4);
  }
  for (const auto& sp : f.specials) w.u(uint32_t(sp.first), 4), w.u(uint32_t(sp.second.size()), 2), w.s += sp.second;
  w.u(fnv1a32(w.s), 4);
  return w.s;
}

//-----------------------------------------------------------------------------
// [SECTION] Whole-file I/O
//-----------------------------------------------------------------------------
bool read_file_bytes(const std::string& path, std::string& out, std::string& err, size_t max_bytes) {
  struct stat sb;
  if (::stat(path.c_str(), &sb) != 0) return fail(err, "cannot open " + path);
  if (!S_ISREG(sb.st_mode)) return fail(err, path + " is not a regular file");
  if (static_cast<uint64_t>(sb.st_size) > max_bytes)
    return fail(err, path + " is too large (" + std::to_string(sb.st_size) + " bytes, limit " + std::to_string(max_bytes) + ")");
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return fail(err, "cannot open " + path);
  out.clear();
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && out.size() <= max_bytes) out.append(buf, n);
  const bool bad = std::ferror(f);
  std::fclose(f);
  if (bad) return fail(err, "error reading " + path);
  return true;
}

bool write_file_bytes(const std::string& path, std::string_view bytes, std::string& err) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return fail(err, "cannot create " + path);
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  if (std::fclose(f) != 0 || !ok) return fail(err, "error writing " + path);
  return true;
}

}  // namespace tmx::tok
