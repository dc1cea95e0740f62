#include "ui/sliced_job.h"

#include <algorithm>
#include <chrono>

namespace tmx::ui {

namespace {
double g_slice_ms = kFrameSliceMs;
}
double frame_slice_ms() { return g_slice_ms; }
void set_frame_slice_ms(double ms) { g_slice_ms = ms >= 1.0 && ms <= 50.0 ? ms : kFrameSliceMs; }

int SlicedJob::add_stage(std::string name, Step step) {
  stages_.push_back({std::move(name), std::move(step)});
  return static_cast<int>(stages_.size()) - 1;
}

void SlicedJob::start(int first_stage, int estimated_steps) {
  stage_ = std::clamp(first_stage, 0, static_cast<int>(stages_.size()) - 1);
  jump_ = -1;
  steps_ = 0;
  total_ = std::max(1, estimated_steps);
}

bool SlicedJob::run(double budget_ms) {
  if (!running()) return false;
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  auto last = t0;
  while (running()) {
    jump_ = -1;
    const bool more = stages_[static_cast<size_t>(stage_)].step();
    ++steps_;
    if (jump_ >= 0) stage_ = jump_;
    else if (!more) ++stage_;
    if (stage_ >= static_cast<int>(stages_.size())) {
      stage_ = -1;
      return true;
    }
    const auto now = clock::now();
    const double ms = std::chrono::duration<double, std::milli>(now - t0).count();
    const double step_ms = std::chrono::duration<double, std::milli>(now - last).count();
    last = now;
    if (ms + step_ms > budget_ms) break;
  }
  return false;
}

float SlicedJob::progress() const {
  if (!running()) return 1.0f;
  return std::clamp(static_cast<float>(steps_) / static_cast<float>(std::max(1, total_)), 0.0f, 0.99f);
}

const std::string& SlicedJob::stage_name() const {
  static const std::string none;
  return running() ? stages_[static_cast<size_t>(stage_)].name : none;
}

}  // namespace tmx::ui
