// "Rotary position embeddings (RoPE)": one pair of a query as a 2-D vector turned by m·θ on a
// circle; the pairs of a head turning at their own frequencies; a query and a key moved together
// keep their angle, so q_m·k_n depends on m − n only (numbers from rope_forward / rope_dot); the
// rotate-half layout of a 64-dim head next to the interleaved one. Every number comes from the
// core (core/nn/ops.h rope_forward, core/positions.h rope_dot, rope_frequency,
// rope_interleaved_to_half).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "core/nn/ops.h"
#include "core/numeric.h"
#include "core/positions.h"
#include "core/rng.h"

namespace tmx::anim {
namespace {

constexpr int kHd = 8;        // head width of the worked head: 4 pairs
constexpr int kPairs = kHd / 2;
constexpr int kSpin = 6;      // chapter 1: positions 0..kSpin
constexpr int kMulti = 12;    // chapter 2: positions 0..kMulti
constexpr int kM = 5, kN = 3; // chapter 3: q at m, k at n, both shifted by s = 0..kShift
constexpr int kShift = 8;
constexpr int kBig = 64;      // chapter 4: a 64-dim head

std::string n(int v) { return std::to_string(v); }

// The (first, second) coordinates of pair i of a rotate-half head at every position 0..P-1.
struct PairTrack {
  std::vector<float> a, b;
};
PairTrack track(const Mat& v, int pair, int P) {
  Mat rep(P, v.cols()), out;
  for (int t = 0; t < P; ++t) rep.row(t) = v.row(0);
  rope_forward(out, rep, 1, static_cast<int>(v.cols()), 0);
  PairTrack tr;
  const int half = static_cast<int>(v.cols()) / 2;
  for (int t = 0; t < P; ++t) {
    tr.a.push_back(out(t, pair));
    tr.b.push_back(out(t, pair + half));
  }
  return tr;
}

// A vector of the track at fractional position p (integer positions from the core; between
// them the drawing turns at the pair's constant rate).
ImVec2 at(const PairTrack& tr, float p) {
  const int last = static_cast<int>(tr.a.size()) - 1;
  const int i = std::clamp(static_cast<int>(std::floor(p)), 0, last);
  if (i == last) return {tr.a[i], tr.b[i]};
  const float a0 = std::atan2(tr.b[i], tr.a[i]), a1 = std::atan2(tr.b[i + 1], tr.a[i + 1]);
  float d = a1 - a0;
  while (d < 0) d += 6.2831853f;
  const float r = std::hypot(tr.a[i], tr.b[i]), ang = a0 + d * (p - i);
  return {r * std::cos(ang), r * std::sin(ang)};
}

class Rope : public Scene {
 public:
  Rope() : Scene("Rotary position embeddings (RoPE)", "one head of width {0}, seeded q and k, base 10000", {n(kHd)}) {
    // 1. Data, from the core.
    Rng rng(5);
    Mat q(1, kHd), k(1, kHd);
    for (int c = 0; c < kHd; ++c) q(0, c) = rng.normal();
    for (int c = 0; c < kHd; ++c) k(0, c) = rng.normal();
    const int P = kM + kShift + 1 + kMulti;
    std::vector<PairTrack> qt, kt;
    std::vector<double> theta;
    for (int i = 0; i < kPairs; ++i) {
      qt.push_back(track(q, i, P));
      kt.push_back(track(k, i, P));
      theta.push_back(rope_frequency(i, kHd));
    }
    std::vector<double> dots;  // q_{m+s} . k_{n+s}
    for (int s = 0; s <= kShift; ++s) dots.push_back(rope_dot(q, k, kM + s, kN + s));
    const double far = rope_dot(q, k, 1000 + kM, 1000 + kN), unrot = rope_dot(q, k, 0, 0);
    const double other = rope_dot(q, k, kM + 3, kN);  // a different offset
    const std::vector<int> perm = rope_interleaved_to_half(kBig);

    // 2. Objects.
    const ImVec2 c1{4.2f, 4.6f};
    const float r1 = 2.0f;
    const PairTrack q0 = qt[0];
    const float unit1 = r1 / std::max(0.1f, std::hypot(q0.a[0], q0.b[0]));
    int spin = obj([=](Stage& s, const ObjState& o) {
      s.circle(c1, r1, s.col().faint, o.alpha, false);
      s.line({c1.x - r1 - 0.3f, c1.y}, {c1.x + r1 + 0.3f, c1.y}, s.col().faint, o.alpha, 0.015f);
      s.line({c1.x, c1.y - r1 - 0.3f}, {c1.x, c1.y + r1 + 0.3f}, s.col().faint, o.alpha, 0.015f);
      const float p = o.morph * kSpin;
      for (int m = 0; m <= std::min(kSpin, static_cast<int>(p)); ++m) {
        const ImVec2 v{q0.a[m], q0.b[m]};
        s.vector2(c1, v.x, v.y, unit1, m == 0 ? s.col().faint : Stage::with_alpha(s.col().q, 0.45f), o.alpha);
        const float len = std::hypot(v.x, v.y);
        s.text({c1.x + v.x / len * (r1 + 0.3f), c1.y - v.y / len * (r1 + 0.3f)}, "m=" + n(m), Txt::small().center().alpha(o.alpha));
      }
      const ImVec2 v = at(q0, p);
      s.vector2(c1, v.x, v.y, unit1, s.col().q, o.alpha);
    });
    int spin_eq = obj([=](Stage& s, const ObjState& o) {
      s.math({11.3f, 3.0f}, R"tex(\begin{pmatrix} q'_1 \\ q'_2 \end{pmatrix} = \begin{pmatrix} \cos m\theta & -\sin m\theta \\ \sin m\theta & \cos m\theta \end{pmatrix} \begin{pmatrix} q_1 \\ q_2 \end{pmatrix})tex",
             Txt().center().alpha(o.alpha));
      s.text({11.3f, 4.9f}, s.tr("pair 0 of q: \xCE\xB8 = {0} rad per position", {format_number("%.0f", theta[0])}), Txt::label().center().alpha(o.alpha));
      s.text({11.3f, 5.6f}, s.tr("the length never changes, only the angle"), Txt::label().center().col(s.col().dim).alpha(o.alpha));
      const int m = std::min(kSpin, static_cast<int>(std::floor(st(spin, o.t).morph * kSpin)));
      s.text({11.3f, 6.5f}, s.tr("m = {0}: the pair is ({1}, {2})", {n(m), format_number("%.3f", q0.a[static_cast<size_t>(m)]), format_number("%.3f", q0.b[static_cast<size_t>(m)])}),
             Txt::label().center().col(s.col().q).alpha(o.alpha));
    });

    std::vector<int> wheels;
    const float r2 = 1.35f;
    for (int i = 0; i < kPairs; ++i) {
      const PairTrack tq = qt[static_cast<size_t>(i)];
      const double th = theta[static_cast<size_t>(i)];
      const ImVec2 c{2.0f + 4.0f * i, 4.3f};
      const float unit = r2 / std::max(0.1f, std::hypot(tq.a[0], tq.b[0]));
      wheels.push_back(obj([=](Stage& s, const ObjState& o) {
        s.circle(c, r2, s.col().faint, o.alpha, false);
        const float p = o.morph * kMulti;
        s.vector2(c, tq.a[0], tq.b[0], unit, s.col().faint, o.alpha);
        const ImVec2 v = at(tq, p);
        s.vector2(c, v.x, v.y, unit, s.col().q, o.alpha);
        s.text({c.x, c.y - r2 - 0.45f}, s.tr("pair {0}", {n(i)}), Txt::label().center().alpha(o.alpha));
        s.text({c.x, c.y + r2 + 0.4f}, s.tr("\xCE\xB8 = {0}", {format_number("%g", th)}), Txt::label().center().alpha(o.alpha));
        s.text({c.x, c.y + r2 + 0.85f}, s.tr("angle {0} rad", {format_number("%.2f", th * std::floor(p))}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      }));
    }
    int wheel_pos = obj([=](Stage& s, const ObjState& o) {
      const float p = st(wheels[0], o.t).morph * kMulti;
      s.text({8.0f, 2.0f}, s.tr("position m = {0}", {n(static_cast<int>(std::floor(p)))}), Txt::heading().center().alpha(o.alpha));
    });

    const ImVec2 c3{3.6f, 4.7f};
    const float r3 = 1.9f;
    const PairTrack q3 = qt[0], k3 = kt[0];
    const float unit3 = r3 / std::max({0.1f, std::hypot(q3.a[0], q3.b[0]), std::hypot(k3.a[0], k3.b[0])});
    int shift = obj([=](Stage& s, const ObjState& o) {
      s.circle(c3, r3, s.col().faint, o.alpha, false);
      const float sh = o.morph * kShift;
      const ImVec2 vq = at(q3, kM + sh), vk = at(k3, kN + sh);
      s.vector2(c3, vq.x, vq.y, unit3, s.col().q, o.alpha);
      s.vector2(c3, vk.x, vk.y, unit3, s.col().k, o.alpha);
      const int si = static_cast<int>(std::floor(sh));
      s.text({c3.x, c3.y - r3 - 0.45f}, s.tr("q at m = {0}, k at n = {1}", {n(kM + si), n(kN + si)}), Txt::label().center().alpha(o.alpha));
      s.text({c3.x - 1.2f, c3.y + r3 + 0.45f}, "q", Txt::label().center().col(s.col().q).alpha(o.alpha));
      s.text({c3.x + 1.2f, c3.y + r3 + 0.45f}, "k", Txt::label().center().col(s.col().k).alpha(o.alpha));
      s.text({c3.x, c3.y + r3 + 0.95f}, s.tr("pair 0 drawn; the score sums all {0} pairs", {n(kPairs)}),
             Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    int dot_table = obj([=](Stage& s, const ObjState& o) {
      const float sh = st(shift, o.t).morph * kShift;
      const float x0 = 7.6f, y0 = 2.3f, dy = 0.5f;
      s.text({x0, y0}, s.tr("shift s"), Txt::label().alpha(o.alpha));
      s.text({x0 + 1.7f, y0}, "(m, n)", Txt::label().alpha(o.alpha));
      s.math({x0 + 4.2f, y0}, R"tex(q_m \cdot k_n)tex", Txt::label().alpha(o.alpha));
      const int shown = std::min(kShift, static_cast<int>(std::floor(sh)));
      for (int r = 0; r <= shown; r += 2) {
        const float y = y0 + dy * (1 + r / 2);
        s.text({x0, y}, n(r), Txt::label().alpha(o.alpha));
        s.text({x0 + 1.7f, y}, "(" + n(kM + r) + ", " + n(kN + r) + ")", Txt::label().alpha(o.alpha));
        s.text({x0 + 4.2f, y}, format_number("%.4f", dots[static_cast<size_t>(r)]), Txt::label().mono().alpha(o.alpha));
      }
    });
    int dot_far = obj([=](Stage& s, const ObjState& o) {
      const float y = 5.3f + 0.55f;
      s.text({7.6f, y}, s.tr("at ({0}, {1}): {2}", {n(1000 + kM), n(1000 + kN), format_number("%.4f", far)}), Txt::label().col(s.col().good).alpha(o.alpha));
      s.text({7.6f, y + 0.55f}, s.tr("a different offset, ({0}, {1}): {2}", {n(kM + 3), n(kN), format_number("%.4f", other)}), Txt::label().col(s.col().warn).alpha(o.alpha));
      s.text({7.6f, y + 1.1f}, s.tr("unrotated q\xC2\xB7k: {0}", {format_number("%.4f", unrot)}), Txt::small().col(s.col().dim).alpha(o.alpha));
    });

    // Chapter 4: which dimensions form a pair in a 64-dim head, in both layouts.
    const float cw = 0.2f, x0 = 1.6f;
    int layouts = obj([=](Stage& s, const ObjState& o) {
      const float yh = 3.0f, yi = 5.4f, h = 0.55f;
      // Pairs 0, 1 and 2 in colour, every other dimension grey; brackets join the two halves of a pair.
      const ImU32 hl[3] = {s.col().q, s.col().k, s.col().warn};
      auto colour = [&](int pair) { return pair < 3 ? hl[pair] : Stage::with_alpha(s.col().faint, 0.6f); };
      for (int j = 0; j < kBig; ++j) {
        const int pair_half = j % (kBig / 2), pair_inter = j / 2;
        s.box(Rect::at({x0 + j * cw, yh}, {cw * 0.9f, h}), colour(pair_half), colour(pair_half), o.alpha * o.create, 0.02f);
        s.box(Rect::at({x0 + j * cw, yi}, {cw * 0.9f, h}), colour(pair_inter), colour(pair_inter), o.alpha * o.create, 0.02f);
      }
      for (int p = 0; p < 3; ++p) {
        auto bracket = [&](float y, int a, int b, float rise) {
          const float xa = x0 + (a + 0.45f) * cw, xb = x0 + (b + 0.45f) * cw, yb = y + h + rise;
          s.line({xa, y + h + 0.03f}, {xa, yb}, hl[p], o.alpha * o.create, 0.025f);
          s.line({xa, yb}, {xb, yb}, hl[p], o.alpha * o.create, 0.025f);
          s.line({xb, yb}, {xb, y + h + 0.03f}, hl[p], o.alpha * o.create, 0.025f);
        };
        bracket(yh, p, p + kBig / 2, 0.12f + 0.1f * p);
        bracket(yi, 2 * p, 2 * p + 1, 0.12f + 0.1f * p);
      }
      s.text({x0, yh - 0.45f}, s.tr("rotate-half (HF LLaMA, GPT-NeoX): pair i = dimensions i and i + {0}", {n(kBig / 2)}), Txt::label().alpha(o.alpha));
      s.text({x0, yi - 0.45f}, s.tr("interleaved (RoFormer, Meta LLaMA, GPT-J): pair i = dimensions 2i and 2i + 1"), Txt::label().alpha(o.alpha));
      s.text({x0 + kBig * cw, yh - 0.45f}, s.tr("pairs 0, 1, 2 in colour"), Txt::small().right().col(s.col().dim).alpha(o.alpha));
      s.text({x0, yh + h + 0.65f}, "0", Txt::small().alpha(o.alpha));
      s.text({x0 + (kBig / 2) * cw, yh + h + 0.65f}, n(kBig / 2), Txt::small().alpha(o.alpha));
      s.text({x0 + (kBig - 1) * cw, yh + h + 0.65f}, n(kBig - 1), Txt::small().alpha(o.alpha));
      s.text({x0, yi + h + 0.65f}, "0", Txt::small().alpha(o.alpha));
      s.text({x0 + (kBig - 1) * cw, yi + h + 0.65f}, n(kBig - 1), Txt::small().alpha(o.alpha));
    });
    int layouts_perm = obj([=](Stage& s, const ObjState& o) {
      s.text({8.0f, 7.1f}, s.tr("To convert, HF permutes the query and key weight rows of each head: new dimension j takes old {0}, {1}, {2}, \xE2\x80\xA6, {3}, {4}, \xE2\x80\xA6",
                                {n(perm[0]), n(perm[1]), n(perm[2]), n(perm[kBig / 2]), n(perm[kBig / 2 + 1])}),
             Txt::label().center().alpha(o.alpha));
    });

    // 3. Timeline. t = 0 shows the circle and the formula (the poster).
    tl_.chapter("A pair is a vector", "Take two dimensions of q as a 2-D vector: at position m RoPE turns it by m\xC2\xB7\xCE\xB8.")
        .create({spin, spin_eq}, 0)
        .wait(1.0f)
        .transform({spin}, 6.0f, Ease::Linear)
        .then(2.0f);
    tl_.chapter("Every pair its own speed", "A head of width {0} has {1} pairs, each turning at its own frequency \xCE\xB8; pair 0 is the fastest.",
                {n(kHd), n(kPairs)})
        .fade_out({spin, spin_eq}, 0.5f)
        .then()
        .create(wheels, 0.6f, 0.15f)
        .create({wheel_pos}, 0.6f)
        .then()
        .transform(wheels, 7.0f, Ease::Linear)
        .then(2.5f);
    tl_.chapter("Only the offset matters", "Move q and k forward together: their angle stays, so q\xC2\xB7k stays. It depends on m \xE2\x88\x92 n only.")
        .fade_out(wheels, 0.5f)
        .fade_out({wheel_pos}, 0.5f)
        .then()
        .create({shift, dot_table}, 0.6f)
        .then()
        .transform({shift}, 6.0f, Ease::Linear)
        .then(0.3f)
        .create({dot_far}, 0.8f)
        .then(4.0f);
    tl_.chapter("Two layouts, one rotation", "Which dimensions pair up is a convention: rotate-half and interleaved differ by a fixed permutation.")
        .fade_out({shift, dot_table, dot_far}, 0.5f)
        .then()
        .create({layouts}, 1.5f)
        .then(0.8f)
        .create({layouts_perm}, 0.8f)
        .then(5.0f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE(Rope, "rope", "Rotary position embeddings (RoPE)",
                   "A pair of q turned by m\xC2\xB7\xCE\xB8; pairs at their own frequencies; q\xC2\xB7k depends on m \xE2\x88\x92 n only; rotate-half vs interleaved.");

}  // namespace tmx::anim
