#include "app/present.h"

#include <imgui.h>

#include <cstring>

#include "ui/host.h"
#include "ui/opaque_fill.h"

namespace tmx::present {

namespace {

struct State {
  std::uint64_t last = 0;
  bool have_last = false;
  bool dirty = true;
  bool always = false;
  double last_time = 0;
  int quiet = 0;      // frames in a row that drew the same picture and did no sliced work
  bool asleep = false;
  void (*on_sleep)(bool) = nullptr;
  Counts counts;
};
State& state() {
  static State s;
  return s;
}

// 64-bit multiply-xor over 8-byte words (the tail zero-padded): cheap next to drawing the same
// vertices (bench/idle_cpu_web.mjs prints its cost per frame); a collision has odds ~2^-64.
struct Hasher {
  std::uint64_t h = 0x9E3779B97F4A7C15ull;
  void word(std::uint64_t w) {
    h ^= w + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
  }
  void bytes(const void* p, std::size_t n) {
    const unsigned char* c = static_cast<const unsigned char*>(p);
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t w;
      std::memcpy(&w, c + i, 8);
      word(w);
    }
    if (i < n) {
      std::uint64_t w = 0;
      std::memcpy(&w, c + i, n - i);
      word(w);
    }
    word(n);
  }
  template <class T>
  void pod(const T& v) {
    bytes(&v, sizeof v);
  }
};

}  // namespace

std::uint64_t fingerprint(const ImDrawData& d) {
  Hasher h;
  h.pod(d.DisplayPos);
  h.pod(d.DisplaySize);
  h.pod(d.FramebufferScale);
  h.word(static_cast<std::uint64_t>(d.CmdListsCount));
  for (int n = 0; n < d.CmdListsCount; ++n) {
    const ImDrawList* l = d.CmdLists[n];
    h.bytes(l->VtxBuffer.Data, static_cast<std::size_t>(l->VtxBuffer.Size) * sizeof(ImDrawVert));
    h.bytes(l->IdxBuffer.Data, static_cast<std::size_t>(l->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& c : l->CmdBuffer) {
      h.pod(c.ClipRect);
      h.word(static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(c.TextureId)));
      h.word(c.VtxOffset);
      h.word(c.IdxOffset);
      h.word(c.ElemCount);
      h.word(static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(c.UserCallback)));
      // A clear's rect and colour are not in the vertices (ui/opaque_fill.h).
      if (c.UserCallback && c.UserCallback == ui::host().clear_rect && c.UserCallbackData)
        h.pod(*static_cast<const ui::ClearRect*>(c.UserCallbackData));
    }
  }
  return h.h;
}

void invalidate() { state().dirty = true; }

bool should_present(const ImDrawData& d, double now) {
  State& s = state();
  const std::uint64_t f = fingerprint(d);
  const bool changed = s.always || s.dirty || !s.have_last || f != s.last;
  // The once-a-second safety present draws the same picture: it does not wake a sleeping app.
  const bool present = changed || now - s.last_time >= kMaxStaleSeconds || now < s.last_time;
  s.quiet = changed ? 0 : s.quiet + 1;
  if (present) {
    s.last = f;
    s.have_last = true;
    s.dirty = false;
    s.last_time = now;
    ++s.counts.presented;
  } else {
    ++s.counts.skipped;
  }
  return present;
}

namespace {
void set_asleep(State& s, bool asleep) {
  if (s.asleep == asleep) return;
  s.asleep = asleep;
  if (s.on_sleep) s.on_sleep(asleep);
}
}  // namespace

bool settle_sleep() {
  State& s = state();
  set_asleep(s, !s.always && s.quiet >= kSleepAfterFrames);
  if (s.asleep) ++s.counts.slept;
  return s.asleep;
}

bool asleep() { return state().asleep; }

void wake() {
  State& s = state();
  s.quiet = 0;
  set_asleep(s, false);
}

void set_on_sleep(void (*on_sleep)(bool)) { state().on_sleep = on_sleep; }

Counts counts() { return state().counts; }

void set_always(bool on) { state().always = on; }

}  // namespace tmx::present
