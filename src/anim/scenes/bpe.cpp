// "Byte-pair encoding": the bytes of a short text; the adjacent pairs counted; the most frequent
// merged into a new token, again and again, the vocabulary growing and the sequence shrinking;
// a new word encoded with the learned merges; why byte-level BPE never needs an unknown token;
// a Chinese word as UTF-8 bytes. The text, the merges, their counts and every segmentation come
// from the core's trainer and tokenizer (core/tokenizer/tokenization_example.h), the same trace
// the tokenization chapter prints.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "core/tokenizer/bpe_tokenizer.h"
#include "core/tokenizer/tokenization_example.h"
#include "core/tokenizer/utf8.h"

namespace tmx::anim {
namespace {

constexpr float kSlot = 0.38f;   // width of one byte on the stage
constexpr float kBoxH = 0.46f;   // height of a token box

std::string hex2(uint8_t b) {
  char t[4];
  std::snprintf(t, sizeof t, "%02X", static_cast<unsigned>(b));
  return t;
}

// A byte as a one-character label: printable ASCII as itself, a space as a middle dot, any other
// byte in hex (the stage fonts have no CJK or emoji glyphs).
std::string byte_label(uint8_t b) {
  if (b == ' ') return "\xC2\xB7";
  if (b > ' ' && b < 0x7F) return std::string(1, static_cast<char>(b));
  return hex2(b);
}

// A text laid out as byte slots (wrapped at given byte offsets) and its segmentations into
// tokens after 0, 1, 2, ... merges; draws the tokens as boxes that join when a merge applies.
struct SegRow {
  std::string bytes;
  std::vector<ImVec2> slot;                       // centre of each byte
  std::vector<std::vector<tok::TokenSpan>> state; // tokens after k merges

  static SegRow make(const std::string& text, const std::vector<std::pair<int, int>>& merges, size_t max_states,
                     std::vector<size_t> breaks, float y0, float row_gap) {
    SegRow r;
    r.bytes = text;
    breaks.push_back(text.size());
    size_t b0 = 0;
    float y = y0;
    for (size_t e : breaks) {
      const float x0 = 8.0f - kSlot * static_cast<float>(e - b0) / 2 + kSlot / 2;
      for (size_t i = b0; i < e; ++i) r.slot.push_back({x0 + kSlot * static_cast<float>(i - b0), y});
      b0 = e;
      y += row_gap;
    }
    for (size_t k = 0; k <= std::min(max_states, merges.size()); ++k) {
      const tok::BpeTokenizer t(std::vector<std::pair<int, int>>(merges.begin(), merges.begin() + static_cast<long>(k)),
                                tok::Pretokenizer::Gpt2);
      std::vector<tok::TokenSpan> sp;
      t.encode_spans(text, sp);
      r.state.push_back(sp);
    }
    return r;
  }
  // The boxes of one state; `fresh` marks tokens that are not in `prev` (just merged).
  void boxes(Stage& s, int k, const std::vector<tok::TokenSpan>* prev, float alpha, float glow) const {
    const auto& sp = state[static_cast<size_t>(k)];
    for (const auto& t : sp) {
      bool fresh = false;
      if (prev) {
        fresh = true;
        for (const auto& p : *prev)
          if (p.begin == t.begin && p.end == t.end) fresh = false;
      }
      // A token spans its slots; one that wraps to the next row is drawn in two parts.
      size_t a = t.begin;
      while (a < t.end) {
        size_t b = a + 1;
        while (b < t.end && slot[b].y == slot[a].y) ++b;
        const Rect rr{{slot[a].x - kSlot / 2 + 0.03f, slot[a].y - kBoxH / 2}, {slot[b - 1].x + kSlot / 2 - 0.03f, slot[a].y + kBoxH / 2}};
        const ImU32 c = t.id >= 256 ? (fresh ? s.col().warn : s.col().accent) : s.col().faint;
        s.box(rr, Stage::with_alpha(c, t.id >= 256 ? 0.25f + 0.35f * glow * fresh : 0.12f), c, alpha, 0.1f);
        a = b;
      }
    }
  }
  // Tokens between state k and k + 1 (u = progress of the merge).
  void draw(Stage& s, float alpha, int k, float u, bool byte_values) const {
    if (alpha <= 0.003f) return;
    const int last = static_cast<int>(state.size()) - 1;
    k = std::clamp(k, 0, last);
    if (k < last && u > 0) {
      boxes(s, k, nullptr, alpha * (1 - u), 0);
      boxes(s, k + 1, &state[static_cast<size_t>(k)], alpha * u, 1);
    } else {
      boxes(s, k, k > 0 ? &state[static_cast<size_t>(k - 1)] : nullptr, alpha, 0.4f);
    }
    for (size_t i = 0; i < bytes.size(); ++i) {
      const auto b = static_cast<uint8_t>(bytes[i]);
      s.text(slot[i], byte_label(b), Txt::label().center().mono(b >= 0x80).alpha(alpha));
      if (byte_values)
        s.text({slot[i].x, slot[i].y + 0.42f}, b >= 0x80 ? hex2(b) : std::to_string(b),
               Txt::small().center().col(s.col().dim).alpha(alpha));
    }
  }
};

class BpeScene : public Scene {
 public:
  BpeScene() : Scene("Byte-pair encoding", "merges learned from \"{0}\" by the core's trainer", {tok::kBpeExampleText}) {
    // 1. Data, from the core.
    const std::string text = tok::kBpeExampleText;
    const tok::BpeTrainResult r = tok::bpe_example_training();
    const int K = static_cast<int>(r.steps.size());
    std::vector<std::pair<int, int>> merges;
    for (const auto& st : r.steps) merges.emplace_back(st.left, st.right);
    const tok::BpeTokenizer full(merges, tok::Pretokenizer::Gpt2);
    std::vector<std::vector<tok::BpePairCount>> pairs;
    for (int k = 0; k <= K; ++k)
      pairs.push_back(tok::bpe_pair_counts(text, tok::Pretokenizer::Gpt2,
                                           std::vector<std::pair<int, int>>(merges.begin(), merges.begin() + k), 4));
    std::vector<std::string> names(256 + static_cast<size_t>(K));
    for (int id = 0; id < 256 + K; ++id) {
      std::string n;
      for (char c : full.token_bytes(id)) n += byte_label(static_cast<uint8_t>(c));
      names[static_cast<size_t>(id)] = n;
    }
    // Wrap the text after the word nearest its middle.
    size_t brk = 0;
    for (const std::string& p : tok::gpt2_pieces(text)) {
      if (brk + p.size() > text.size() / 2 + 4) break;
      brk += p.size();
    }
    const SegRow row = SegRow::make(text, merges, static_cast<size_t>(K), {brk}, 2.05f, 1.0f);
    std::vector<int64_t> tokens_after = {r.tokens_before};
    for (const auto& st : r.steps) tokens_after.push_back(st.tokens_after);

    // A new word: its states under the learned merges (only those that change it).
    const std::string word = " chat";
    SegRow w_all = SegRow::make(word, merges, static_cast<size_t>(K), {}, 3.0f, 1.0f);
    SegRow wrow = w_all;
    wrow.state.clear();
    std::vector<int> w_merge;  // which merge made each state
    for (size_t k = 0; k < w_all.state.size(); ++k)
      if (wrow.state.empty() || w_all.state[k].size() != wrow.state.back().size()) {
        wrow.state.push_back(w_all.state[k]);
        w_merge.push_back(static_cast<int>(k));
      }
    const int WS = static_cast<int>(wrow.state.size());
    // Unseen text: only single bytes.
    const std::string unseen = " zebra \xF0\x9F\x8D\x95";  // " zebra 🍕"
    const SegRow urow = SegRow::make(unseen, merges, static_cast<size_t>(K), {}, 3.0f, 1.0f);
    std::vector<tok::TokenSpan> usp;
    full.encode_spans(unseen, usp);
    // A Chinese word: characters, code points and UTF-8 bytes.
    const std::string zh = "\xE4\xB8\xAD\xE6\x96\x87";  // U+4E2D U+6587
    struct ZhChar { uint32_t cp; std::string bytes; };
    std::vector<ZhChar> zchars;
    for (size_t i = 0; i < zh.size();) {
      const tok::Utf8Unit u = tok::utf8_next(zh, i);
      zchars.push_back({u.cp, zh.substr(i, static_cast<size_t>(u.len))});
      i += static_cast<size_t>(u.len);
    }

    // 2. Objects. Merge j (1-based) is an invisible timing object: its morph is the merge's progress.
    std::vector<int> step_obj;
    for (int j = 0; j < K; ++j) step_obj.push_back(obj([](Stage&, const ObjState&) {}));
    auto merges_done = [=, this](float t, float* u) {
      int k = 0;
      *u = 0;
      for (int j = 0; j < K; ++j) {
        const float m = st(step_obj[static_cast<size_t>(j)], t).morph;
        if (m >= 1.0f) k = j + 1;
        else if (m > 0) {
          *u = m;
          break;
        }
      }
      return k;
    };
    int bytes_obj = obj([=](Stage& s, const ObjState& o) {
      float u = 0;
      const int k = merges_done(o.t, &u);
      row.draw(s, o.alpha, k, u, /*byte_values=*/k == 0 && u == 0);
    });
    int counter = obj([=](Stage& s, const ObjState& o) {
      float u = 0;
      const int k = merges_done(o.t, &u) + (u >= 0.5f ? 1 : 0);
      s.text({8.0f, 4.45f},
             s.tr("{0} tokens from {1} bytes    vocabulary 256 + {2} = {3}",
                  {std::to_string(tokens_after[static_cast<size_t>(k)]), std::to_string(r.tokens_before), std::to_string(k),
                   std::to_string(256 + k)}),
             Txt::label().center().alpha(o.alpha));
    });
    const Rect pair_r{{0.8f, 5.0f}, {6.6f, 7.6f}};
    int pair_table = obj([=](Stage& s, const ObjState& o) {
      float u = 0;
      const int k = merges_done(o.t, &u);
      const auto& pc = pairs[static_cast<size_t>(k)];
      s.text({pair_r.min.x, pair_r.min.y}, s.tr("most frequent adjacent pairs"), Txt::label().col(s.col().dim).alpha(o.alpha));
      for (size_t i = 0; i < pc.size(); ++i) {
        const float y = pair_r.min.y + 0.5f + 0.46f * static_cast<float>(i);
        const float a = o.alpha * (i == 0 ? 1.0f : 0.75f);
        if (i == 0) s.box({{pair_r.min.x - 0.1f, y - 0.2f}, {pair_r.max.x, y + 0.2f}}, Stage::with_alpha(s.col().warn, 0.18f),
                          s.col().warn, o.alpha * (0.5f + 0.5f * o.highlight));
        s.text({pair_r.min.x + 0.1f, y}, names[static_cast<size_t>(pc[i].left)] + " + " + names[static_cast<size_t>(pc[i].right)],
               Txt::label().mono().alpha(a));
        s.text({pair_r.max.x - 0.2f, y}, s.tr("\xC3\x97 {0}", {std::to_string(pc[i].count)}), Txt::label().right().alpha(a));
      }
    });
    const Rect list_r{{8.6f, 5.0f}, {15.2f, 7.6f}};
    int merge_list = obj([=](Stage& s, const ObjState& o) {
      float u = 0;
      const int k = merges_done(o.t, &u) + (u >= 0.5f ? 1 : 0);
      s.text({list_r.min.x, list_r.min.y}, s.tr("merges learned, in order"), Txt::label().col(s.col().dim).alpha(o.alpha));
      const int cols = 2, per_col = (K + 1) / 2;
      for (int j = 0; j < k; ++j) {
        const float x = list_r.min.x + 3.3f * static_cast<float>(j / per_col);
        const float y = list_r.min.y + 0.5f + 0.42f * static_cast<float>(j % per_col);
        const auto& m = r.steps[static_cast<size_t>(j)];
        s.text({x, y}, std::to_string(j + 1) + ". " + names[static_cast<size_t>(m.left)] + " + " + names[static_cast<size_t>(m.right)] +
                           " \xE2\x86\x92 " + names[static_cast<size_t>(m.new_id)],
               Txt::label().mono().alpha(o.alpha));
      }
      (void)cols;
    });

    // The new word, its merges applied in training order.
    std::vector<int> wstep;
    for (int j = 1; j < WS; ++j) wstep.push_back(obj([](Stage&, const ObjState&) {}));
    int word_obj = obj([=, this](Stage& s, const ObjState& o) {
      int k = 0;
      float u = 0;
      for (int j = 0; j + 1 < WS; ++j) {
        const float m = st(wstep[static_cast<size_t>(j)], o.t).morph;
        if (m >= 1) k = j + 1;
        else if (m > 0) {
          u = m;
          break;
        }
      }
      s.text({8.0f, 2.3f}, s.tr("a new word"), Txt::label().col(s.col().dim).center().alpha(o.alpha));
      wrow.draw(s, o.alpha, k, u, false);
      const int shown = std::min(WS - 1, k + (u >= 0.5f ? 1 : 0));
      std::string toks;
      for (const auto& t : wrow.state[static_cast<size_t>(shown)]) toks += (toks.empty() ? "" : "  ") + names[static_cast<size_t>(t.id)];
      s.text({8.0f, 3.8f}, s.tr("{0} tokens: {1}", {std::to_string(wrow.state[static_cast<size_t>(shown)].size()), toks}),
             Txt::label().center().alpha(o.alpha));
      if (shown > 0)
        s.text({8.0f, 4.35f}, s.tr("merge {0} applies", {std::to_string(w_merge[static_cast<size_t>(shown)])}),
               Txt::small().center().col(s.col().warn).alpha(o.alpha));
    });
    int unseen_obj = obj([=](Stage& s, const ObjState& o) {
      s.text({8.0f, 2.3f}, s.tr("text the merges never saw"), Txt::label().col(s.col().dim).center().alpha(o.alpha));
      urow.draw(s, o.alpha, 0, 0, false);
      std::string ids;
      for (const auto& t : usp) ids += (ids.empty() ? "" : " ") + std::to_string(t.id);
      s.text({8.0f, 3.8f}, s.tr("ids: {0}", {ids}), Txt::small().center().alpha(o.alpha));
      s.text({8.0f, 4.6f}, s.tr("every byte 0\xE2\x80\x93" "255 is a token: nothing is ever unknown"),
             Txt::label().center().col(s.col().good).alpha(o.alpha * o.create));
    });
    int zh_obj = obj([=](Stage& s, const ObjState& o) {
      const float cw = 4.2f, x0 = 8.0f - cw * static_cast<float>(zchars.size()) / 2;
      for (size_t c = 0; c < zchars.size(); ++c) {
        const float cx = x0 + cw * (static_cast<float>(c) + 0.5f);
        char cp[16];
        std::snprintf(cp, sizeof cp, "U+%04X", static_cast<unsigned>(zchars[c].cp));
        s.text({cx, 2.3f}, cp, Txt().center().alpha(o.alpha));
        s.text({cx, 1.85f}, c == 0 ? "zh\xC5\x8Dng" : "w\xC3\xA9n", Txt::small().center().col(s.col().dim).alpha(o.alpha));
        s.box({{cx - cw / 2 + 0.15f, 2.75f}, {cx + cw / 2 - 0.15f, 3.35f}}, Stage::with_alpha(s.col().accent, 0.15f), s.col().accent,
              o.alpha * o.create);
        const int nb = static_cast<int>(zchars[c].bytes.size());
        for (int b = 0; b < nb; ++b) {
          const auto v = static_cast<uint8_t>(zchars[c].bytes[static_cast<size_t>(b)]);
          const float bx = cx + 1.25f * (static_cast<float>(b) - static_cast<float>(nb - 1) / 2);
          s.text({bx, 3.05f}, hex2(v), Txt::label().mono().center().alpha(o.alpha * o.create));
          std::string bits;
          for (int i = 7; i >= 0; --i) bits += ((v >> i) & 1) ? '1' : '0';
          s.text({bx, 3.8f}, bits, Txt::small().mono().center().col(s.col().dim).alpha(o.alpha * o.create));
        }
      }
      s.text({8.0f, 6.9f}, s.tr("Zh\xC5\x8Dngw\xC3\xA9n, \"Chinese\": the stage's fonts have no Chinese glyphs, so code points stand in"),
             Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.text({8.0f, 4.6f}, s.tr("one character, three bytes: 1110xxxx 10xxxxxx 10xxxxxx"),
             Txt::label().center().alpha(o.alpha * o.create));
      s.text({8.0f, 5.3f}, s.tr("the x bits spell the code point; a byte-level tokenizer sees the six bytes"),
             Txt::small().center().col(s.col().dim).alpha(o.alpha * o.create));
      s.text({8.0f, 6.1f}, s.tr("merges learned from Chinese text join them back into characters and words"),
             Txt::label().center().col(s.col().good).alpha(o.alpha * o.write));
    });

    // 3. Timeline. t = 0 shows the text as bytes (the poster).
    tl_.chapter("Text is bytes", "UTF-8 turns the text into {0} bytes: the first {1} tokens, one per byte.",
                {std::to_string(r.tokens_before), std::to_string(r.tokens_before)})
        .create({bytes_obj}, 0)
        .wait(0.5f)
        .create({counter}, 0.8f)
        .then(3.5f);
    tl_.chapter("Count adjacent pairs", "Inside each word, count every pair of neighbouring tokens; the most frequent wins.")
        .create({pair_table}, 0.8f)
        .then(0.5f)
        .highlight({pair_table}, 1.5f)
        .then(1.5f);
    tl_.chapter("Merge the most frequent pair", "{0} + {1} becomes token {2} everywhere: {3} tokens left.",
                {names[static_cast<size_t>(r.steps[0].left)], names[static_cast<size_t>(r.steps[0].right)],
                 std::to_string(r.steps[0].new_id), std::to_string(r.steps[0].tokens_after)})
        .create({merge_list}, 0.5f)
        .transform({step_obj[0]}, 1.4f)
        .then(2.5f);
    tl_.chapter("Repeat", "Recount, merge, recount: after {0} merges, {1} bytes are {2} tokens; no pair occurs twice any more.",
                {std::to_string(K), std::to_string(r.tokens_before), std::to_string(r.steps.back().tokens_after)});
    for (int j = 1; j < K; ++j) tl_.highlight({pair_table}, 0.8f).then().transform({step_obj[static_cast<size_t>(j)]}, 1.2f).then(0.6f);
    tl_.wait(2.0f);
    tl_.chapter("Encoding a new word", "A new word starts as bytes; the learned merges apply in the order they were learned.")
        .fade_out({bytes_obj, counter, pair_table}, 0.6f)
        .then()
        .create({word_obj}, 0.8f)
        .then(0.6f);
    for (int j = 0; j + 1 < WS; ++j) tl_.transform({wstep[static_cast<size_t>(j)]}, 1.2f).then(0.8f);
    tl_.wait(1.5f);
    tl_.chapter("Never an unknown token", "Text the merges never saw falls back to single bytes, and every byte is in the vocabulary.")
        .fade_out({word_obj, merge_list}, 0.6f)
        .then()
        .create({unseen_obj}, 1.5f)
        .then(3.5f);
    tl_.chapter("A Chinese word in UTF-8", "Each Chinese character is three UTF-8 bytes, so a byte-level tokenizer starts from six tokens here.")
        .fade_out({unseen_obj}, 0.6f)
        .then()
        .create({zh_obj}, 1.5f)
        .then(1.0f)
        .write({zh_obj}, 1.0f)
        .then(3.5f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE(BpeScene, "bpe", "Byte-pair encoding",
                   "Bytes, pair counts, merges; a new word encoded with them; no unknown token; a Chinese word in UTF-8.");

}  // namespace tmx::anim
