// A Cinema scene as text for screen readers: the chapter shown at t, its caption, and the formulas on
// the stage by the chapter's end (their LaTeX). It changes only when the chapter (or the language)
// does, so a live region reads it once per chapter, not per frame.
#pragma once
#include <string>

namespace tmx::anim { class Scene; }

namespace tmx::ui {

// "Chapter 2 of 5: Scores. Every query meets every key… Formulas on the stage: QK^T / \sqrt{d}."
// Computed once per chapter (the scene drawn once, off screen, at the chapter's last moment).
std::string scene_description(const anim::Scene& scene, float t);

}  // namespace tmx::ui
