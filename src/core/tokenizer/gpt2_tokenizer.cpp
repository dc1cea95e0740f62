// [SECTION] RankTable
// [SECTION] Loading
// [SECTION] Encoding: pieces, merge loop, cache
// [SECTION] Decoding
#include "core/tokenizer/gpt2_tokenizer.h"

#include <algorithm>

#include "core/tokenizer/bpe_merge.h"
#include "core/tokenizer/pretokenize.h"

namespace tmx::tok {

//-----------------------------------------------------------------------------
// [SECTION] RankTable
//-----------------------------------------------------------------------------
static uint64_t hash_bytes(std::string_view s) {  // FNV-1a 64
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : s) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001b3ull;
  return h;
}

void RankTable::build(const std::vector<std::string>& tokens) {
  pool_.clear();
  off_.assign(1, 0);
  max_len_ = 0;
  for (const auto& t : tokens) {
    pool_ += t;
    off_.push_back(uint32_t(pool_.size()));
    max_len_ = std::max(max_len_, t.size());
  }
  size_t cap = 16;
  while (cap < 2 * tokens.size()) cap *= 2;  // load factor <= 0.5
  slots_.assign(cap, -1);
  mask_ = cap - 1;
  for (int id = 0; id < int(tokens.size()); ++id) {
    size_t h = hash_bytes(bytes(id)) & mask_;
    while (slots_[h] >= 0) h = (h + 1) & mask_;
    slots_[h] = id;
  }
}

int RankTable::find(std::string_view s) const {
  if (s.size() > max_len_ || slots_.empty()) return -1;
  for (size_t h = hash_bytes(s) & mask_;; h = (h + 1) & mask_) {
    const int id = slots_[h];
    if (id < 0) return -1;
    if (bytes(id) == s) return id;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Loading
//-----------------------------------------------------------------------------
std::unique_ptr<Gpt2Tokenizer> Gpt2Tokenizer::load_file(const std::string& path, std::string& err) {
  Loader l = Loader::from_file(path);
  while (!l.step()) {
  }
  err = l.error();
  return l.take();
}

std::unique_ptr<Gpt2Tokenizer> Gpt2Tokenizer::load_bytes(std::string_view bytes, std::string& err) {
  Loader l = Loader::from_bytes(std::string(bytes));
  while (!l.step()) {
  }
  err = l.error();
  return l.take();
}

Gpt2Tokenizer::Loader Gpt2Tokenizer::Loader::from_file(std::string path) {
  Loader l;
  l.path_ = std::move(path);
  return l;
}

Gpt2Tokenizer::Loader Gpt2Tokenizer::Loader::from_bytes(std::string bytes) {
  Loader l;
  *l.bytes_ = std::move(bytes);
  l.stage_ = kParse;
  return l;
}

bool Gpt2Tokenizer::Loader::fail(std::string msg) {
  err_ = std::move(msg);
  tok_.reset();
  stage_ = kDone;
  return true;
}

bool Gpt2Tokenizer::Loader::step() {
  switch (stage_) {
    case kRead:
      if (!read_file_bytes(path_, *bytes_, err_)) return fail(err_);
      stage_ = kParse;
      return false;
    case kParse:
      if (!reader_.begin(*bytes_, file_, err_)) return fail(err_);
      if (file_.kind != kBpeKindRanked || file_.pretokenizer != Pretokenizer::Gpt2)
        return fail("not a GPT-2 style table (expected ranked tokens with the GPT-2 pattern)");
      stage_ = kParseTokens;
      return false;
    case kParseTokens:
      if (!reader_.step(kChunk, file_, err_)) return false;
      if (!reader_.ok()) return fail(err_);
      bytes_->clear();
      bytes_->shrink_to_fit();
      stage_ = kBuild;
      return false;
    case kBuild:
      tok_ = std::make_unique<Gpt2Tokenizer>();
      tok_->ranks_.build(file_.tokens);
      file_.tokens = std::vector<std::string>();
      // Every byte must be a token, or some inputs could not be encoded.
      for (int b = 0; b < 256; ++b)
        if (tok_->ranks_.find(std::string(1, char(b))) < 0) return fail("table lacks single byte " + std::to_string(b));
      stage_ = kCheck;
      return false;
    case kCheck: {
      // Ranks must be unique: each token's bytes must find its own rank.
      const int end = std::min(tok_->ranks_.size(), next_id_ + kChunk);
      for (int id = next_id_; id < end; ++id)
        if (tok_->ranks_.find(tok_->ranks_.bytes(id)) != id) return fail("duplicate token at rank " + std::to_string(id));
      next_id_ = end;
      if (next_id_ < tok_->ranks_.size()) return false;
      tok_->vocab_size_ = tok_->ranks_.size();
      for (const auto& sp : file_.specials) {
        if (sp.first < tok_->ranks_.size()) return fail("special token id collides with a ranked token");
        tok_->vocab_size_ = std::max(tok_->vocab_size_, sp.first + 1);
      }
      tok_->specials_ = std::move(file_.specials);
      stage_ = kDone;
      return true;
    }
    default:
      return true;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Encoding: pieces, merge loop, cache
//-----------------------------------------------------------------------------
void Gpt2Tokenizer::encode_piece(std::string_view piece, std::vector<int>& ids) const {
  // Like tiktoken: a piece that is itself a token is taken whole, before any merging.
  if (const int whole = ranks_.find(piece); whole >= 0) {
    ids.push_back(whole);
    return;
  }
  std::vector<MergePart> parts(piece.size());
  for (size_t i = 0; i < piece.size(); ++i)
    parts[i] = {uint32_t(i), uint32_t(i + 1), ranks_.find(piece.substr(i, 1))};
  bpe_merge(parts, [&](const MergePart& a, const MergePart& b, int& new_id) {
    new_id = ranks_.find(piece.substr(a.begin, b.end - a.begin));
    return new_id;  // in GPT-2 the rank is the id
  });
  for (const auto& p : parts) ids.push_back(p.id);
}

void Gpt2Tokenizer::encode_spans(std::string_view text, std::vector<TokenSpan>& out) const {
  check_tokenize_input(text);
  out.clear();
  if (!allow_special_) return encode_ordinary(text, 0, out);
  // Split at special-token text (earliest occurrence; the first listed on ties, like a regex
  // alternation) and encode the ordinary text between them.
  for (size_t pos = 0;;) {
    size_t at = std::string_view::npos;
    const std::pair<int, std::string>* hit = nullptr;
    for (const auto& sp : specials_) {
      const size_t k = sp.second.empty() ? std::string_view::npos : text.find(sp.second, pos);
      if (k < at) at = k, hit = &sp;
    }
    encode_ordinary(text.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos), pos, out);
    if (!hit) return;
    out.push_back({hit->first, uint32_t(at), uint32_t(at + hit->second.size())});
    pos = at + hit->second.size();
  }
}

// Encodes text (which starts at byte `offset` of the caller's input), appending to out.
void Gpt2Tokenizer::encode_ordinary(std::string_view text, size_t offset, std::vector<TokenSpan>& out) const {
  constexpr size_t kMaxCachedPiece = 64, kMaxCacheEntries = 1 << 16;
  std::vector<int> scratch;
  Gpt2PreTokenizer pre(text);
  size_t begin, end;
  while (pre.next(begin, end)) {
    const std::string_view piece = text.substr(begin, end - begin);
    const std::vector<int>* ids = &scratch;
    if (piece.size() <= kMaxCachedPiece) {
      std::string key(piece);
      auto it = cache_.find(key);
      if (it == cache_.end()) {
        if (cache_.size() >= kMaxCacheEntries) cache_.clear();  // bounded memory, simple policy
        std::vector<int> v;
        encode_piece(piece, v);
        it = cache_.emplace(std::move(key), std::move(v)).first;
      }
      ids = &it->second;
    } else {
      scratch.clear();
      encode_piece(piece, scratch);
    }
    uint32_t pos = uint32_t(offset + begin);
    for (int id : *ids) {
      const uint32_t len = uint32_t(ranks_.bytes(id).size());
      out.push_back({id, pos, pos + len});
      pos += len;
    }
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Decoding
//-----------------------------------------------------------------------------
std::string Gpt2Tokenizer::token_bytes(int id) const {
  if (id >= 0 && id < ranks_.size()) return std::string(ranks_.bytes(id));
  for (const auto& sp : specials_)
    if (sp.first == id) return sp.second;
  return {};
}

std::string Gpt2Tokenizer::token_text(int id) const {
  if (id >= ranks_.size()) return token_bytes(id);  // specials are shown as written
  return bytes_to_visible(token_bytes(id));
}

}  // namespace tmx::tok
