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

// Sleeping. Skipping the draw still leaves the app logic, ImGui and the browser's frame clock
// running every animation frame: on an idle page that is nearly all it costs (0.16-0.18 cores of
// headless Chromium; asleep 0.09-0.10: bench/idle_cpu_web.mjs). After
// kSleepAfterFrames frames in a row with the same picture and no sliced work the app falls asleep:
// the web build's loop leaves requestAnimationFrame for a timer that runs one frame every
// kSleepTickMs, and the browser draws no frames. Anything from outside wakes it at once, back on
// animation frames for at least the next kSleepAfterFrames: an input event (the page's listener or
// a queued event), a call from the page, a changed picture or sliced work. Work the app only polls
// for (a fetched model, a font, a video) waits at most one tick longer.
inline constexpr int kSleepAfterFrames = 30;
inline constexpr int kSleepTickMs = 67;  // ~4 animation frames at 60 Hz
// Called after every frame by the loop's owner: true = the next frame runs on the sleep timer.
bool settle_sleep();
bool asleep();
// Ends sleep, or postpones it: the next kSleepAfterFrames frames run.
void wake();
// Called with the new value whenever asleep() changes (in settle_sleep or wake): the loop's owner
// moves its loop to the sleep timer or back to animation frames.
void set_on_sleep(void (*on_sleep)(bool asleep));

// Frames presented and skipped since start (window.explorer.status().present, for tests/benches);
// slept = the frames after which the app was asleep (the next one ran on the sleep timer).
struct Counts {
  long presented = 0, skipped = 0, slept = 0;
};
Counts counts();

}  // namespace tmx::present
