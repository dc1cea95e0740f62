#pragma once
// Present a frame only when its picture changed.
//
// The web build runs one ImGui frame per requestAnimationFrame, but most frames of a reader's
// visit draw exactly what the last one drew (a note being read, a paused scene). Rasterizing
// and compositing that same picture again is most of the page's CPU (1.8 of 2 cores on an idle
// note in headless Chromium's software GL, 0.3 without it: bench/idle_cpu_web.mjs). The app logic still runs
// every frame (input, training, loading); only the GL draw and the browser's composite are
// skipped. The canvas keeps showing the last presented picture, which is the same picture.
#include <cstdint>

struct ImDrawData;

namespace tmx::present {

// A 64-bit fingerprint of everything that decides the pixels of a frame: display rect and
// scale, and every draw list's vertices, indices and commands (clip rects, textures, ranges).
std::uint64_t fingerprint(const ImDrawData& d);

// Something changed pixels that the draw data does not show: a texture's content (a figure,
// a heatmap, a video frame, the font atlas), the canvas itself (resized, its context restored).
void invalidate();

// Decides, after ImGui::Render(), whether this frame must be drawn and presented. `now` is in
// seconds; a frame is presented at least every kMaxStaleSeconds anyway, so a change we could not
// see (a browser that cleared the canvas on its own) lasts at most that long.
bool should_present(const ImDrawData& d, double now);

inline constexpr double kMaxStaleSeconds = 1.0;

// Present every frame, as before this existed (window.explorer.presentAlways, for the bench that
// measures what skipping saves).
void set_always(bool on);

// Resting. Skipping the draw still leaves the app logic and ImGui running every frame: on an idle
// note that is most of what the page costs (bench/idle_cpu_web.mjs). After kRestAfterFrames frames
// in a row with the same picture and no sliced work, the app rests: of every kRestStride animation
// frames it runs one, and skips the others before any app code. Anything from outside ends the rest
// at once, and the kRestAfterFrames frames after it run: an input event (the caller passes
// events_pending), a call from the page (wake()), a changed picture or sliced work (wake()). Work the app only polls for (a fetched model, a font, a
// video) waits at most kRestStride - 1 frames longer. Measured (bench/idle_cpu_web.mjs, headless
// Chromium): an idle lab page 0.31 -> 0.18 cores, a note 0.23 -> 0.16; what remains is mostly the
// browser's own frame clock.
inline constexpr int kRestAfterFrames = 30;
inline constexpr int kRestStride = 4;
// Called at the start of every animation frame: true = skip this frame entirely.
bool should_rest(bool events_pending);
// Run the next kRestAfterFrames frames: the page called into the app (navigate, typed text, a DOM
// control), or this frame did work its picture may not show yet (sliced work).
void wake();

// Frames presented and skipped since start (window.explorer.status().present, for tests/benches);
// rested = the skipped frames in which the app did not run at all.
struct Counts {
  long presented = 0, skipped = 0, rested = 0;
};
Counts counts();

}  // namespace tmx::present
