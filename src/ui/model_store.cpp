#include "ui/model_store.h"
#include "ui/cjk_wrap.h"
#include "ui/error_text.h"
#include "ui/pack_store.h"
#include "ui/paths.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "core/error.h"
#include "core/json.h"
#include "core/model_loader.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "ui/fit.h"
#include "ui/fonts.h"
#include "ui/host.h"
#include "ui/i18n.h"
#include "ui/sliced_job.h"
#include "ui/theme.h"
#include "ui/touch.h"

namespace tmx::ui {

namespace {

std::string mb(size_t bytes) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", static_cast<double>(bytes) / 1048576.0);
  return b;
}

}  // namespace

const ShippedModel* find_shipped_model(const std::string& name) {
  for (const auto& m : shipped_models())
    if (name == m.name) return &m;
  return nullptr;
}

size_t shipped_model_bytes(const ShippedModel& m) {
  size_t n = 0;
  for (const auto& f : m.files) n += f.bytes;
  return n;
}

const char* model_phase_name(ModelPhase p) {
  switch (p) {
    case ModelPhase::Absent: return "absent";
    case ModelPhase::Downloading: return "downloading";
    case ModelPhase::Verifying: return "verifying";
    case ModelPhase::Ready: return "ready";
    case ModelPhase::Failed: return "failed";
  }
  return "?";
}

ModelStore::ModelStore(std::string local_root) : root_(std::move(local_root)) {}

std::string ModelStore::dir(const std::string& name) const {
  for (const auto& [n, d] : local_)
    if (n == name) return d;
  return root_ + "/" + name;
}

std::vector<std::string> ModelStore::names() const {
  std::vector<std::string> out;
  for (const auto& m : shipped_models()) out.push_back(m.name);
  for (const auto& [n, d] : local_) out.push_back(n);
  return out;
}

std::vector<std::string> ModelStore::language_models() const {
  std::vector<std::string> out;
  for (const auto& m : shipped_models())
    if (std::string(m.type) != "encdec") out.push_back(m.name);
  for (const auto& [n, d] : local_) out.push_back(n);  // drop-ins are GPT-2, LLaMA or Mamba
  return out;
}

bool ModelStore::known(const std::string& name) const {
  const auto all = names();
  return std::find(all.begin(), all.end(), name) != all.end();
}

void ModelStore::add_local(const std::string& name, const std::string& dir) {
  for (auto& [n, d] : local_)
    if (n == name) {
      d = dir;
      entries_[name] = Entry{};
      entries_[name].st.phase = ModelPhase::Ready;
      return;
    }
  local_.emplace_back(name, dir);
  entries_[name].st.phase = ModelPhase::Ready;
}

ModelState ModelStore::state(const std::string& name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? ModelState{} : it->second.st;
}

void ModelStore::retry(const std::string& name) {
  auto it = entries_.find(name);
  if (it != entries_.end() && it->second.st.phase == ModelPhase::Failed) entries_.erase(it);
}

void ModelStore::fail(const std::string& name, Entry& e, std::string message) {
  e.st.phase = ModelPhase::Failed;
  e.st.message = std::move(message);
  if (host().models.forget) host().models.forget(name);  // never keep a bad copy in the cache
}

ModelState ModelStore::want(const std::string& name, double budget_ms) {
  Entry& e = entries_[name];
  const ShippedModel* m = find_shipped_model(name);
  if (e.st.phase == ModelPhase::Ready || e.st.phase == ModelPhase::Failed) return e.st;
  if (!m) {  // neither shipped nor dropped in
    fail(name, e, trf(S::ModelUnknown, {name.substr(0, 60)}));
    return e.st;
  }
  if (e.st.phase == ModelPhase::Absent) {
    e.st.total = shipped_model_bytes(*m);
    bool here = true;
    std::error_code ec;
    for (const auto& f : m->files) here = here && std::filesystem::exists(dir(name) + "/" + f.name, ec);
    if (here) {
      e.st.phase = ModelPhase::Verifying;
    } else if (host().models.fetch && host().models.unavailable_reason && host().models.unavailable_reason().empty()) {
      std::string files = "[";
      for (const auto& f : m->files)
        files += std::string(files.size() > 1 ? "," : "") + "{\"name\":" + json::quote(f.name) +
                 ",\"bytes\":" + std::to_string(f.bytes) + ",\"sha256\":" + json::quote(f.sha256) + "}";
      host().models.fetch(name, files + "]", dir(name));
      e.st.phase = ModelPhase::Downloading;
    } else {
      const std::string why = host().models.unavailable_reason ? host().models.unavailable_reason() : "";
      for (const auto& f : m->files)
        if (!std::filesystem::exists(dir(name) + "/" + f.name, ec)) {
          fail(name, e, why.empty() ? trf(S::ModelFileMissing, {name, f.name}) : trf(S::ModelNotHere, {name, ui::page_message_text(why)}));
          break;
        }
      return e.st;
    }
  }
  if (e.st.phase == ModelPhase::Downloading) {
    const ModelFetchStatus f = host().models.poll ? host().models.poll(name) : ModelFetchStatus{};
    e.st.done = f.done;
    if (f.total) e.st.total = f.total;
    if (f.phase == ModelFetchStatus::Failed) fail(name, e, trf(S::ModelDownloadFailed, {name, ui::page_message_text(f.message)}));
    else if (f.phase == ModelFetchStatus::Written) e.st.phase = ModelPhase::Verifying, e.st.done = 0;
    return e.st;
  }
  if (e.st.phase == ModelPhase::Verifying) verify_step(name, e, budget_ms);
  return e.st;
}

// Hashes the files in 64 KB slices until the budget is used (at most what the frame has left for
// sliced work, which this counts against: a page that wants two models, or wants one twice, still
// hashes only that much per frame), then checks size and SHA-256. At least one slice per call; it
// stops before a slice that would likely cross the budget (SlicePacer). (The hash's
// first calls run unoptimised in the browser: a 256 KB slice took 4.6-5.6 ms, over the whole 2 ms
// a busy frame leaves; later ones 1.2-1.9 ms.)
void ModelStore::verify_step(const std::string& name, Entry& e, double budget_ms) {
  const ShippedModel& m = *find_shipped_model(name);
  budget_ms = std::min(budget_ms, frame_slice_ms());
  const SliceCharge charge;
  SlicePacer pace;
  std::vector<char>& buf = hash_buf_;
  buf.resize(kHashSliceBytes);  // kept between calls: new memory costs its first touch every frame
  while (e.file < m.files.size()) {
    const ShippedFile& f = m.files[e.file];
    const std::string path = dir(name) + "/" + f.name;
    std::FILE* in = std::fopen(path.c_str(), "rb");  // stdio: an ifstream's read costs more in wasm than the hash
    if (!in) return fail(name, e, trf(S::ModelFileMissing, {name, f.name}));
    const bool at = std::fseek(in, static_cast<long>(e.offset), SEEK_SET) == 0;
    const size_t got = at ? std::fread(buf.data(), 1, buf.size(), in) : 0;
    std::fclose(in);
    e.hash.update(buf.data(), got);
    e.offset += got;
    e.st.done += got;
    if (e.offset > f.bytes) return fail(name, e, trf(S::ModelFileSize, {name, f.name, std::to_string(f.bytes)}));
    if (got < buf.size()) {  // end of this file
      if (e.offset != f.bytes) return fail(name, e, trf(S::ModelFileSize, {name, f.name, std::to_string(f.bytes)}));
      if (e.hash.hex() != f.sha256) return fail(name, e, trf(S::ModelFileHash, {name, f.name}));
      e.hash = Sha256();
      e.offset = 0;
      ++e.file;
    }
    if (!pace.room(budget_ms) && e.file < m.files.size()) return;
  }
  e.st.phase = ModelPhase::Ready;
  e.st.done = e.st.total;
}

std::string ModelStore::status_json() const {
  std::string out = "{";
  for (const auto& [name, e] : entries_) {
    out += std::string(out.size() > 1 ? "," : "") + json::quote(name) + ":{\"phase\":\"" + model_phase_name(e.st.phase) +
           "\",\"done\":" + std::to_string(e.st.done) + ",\"total\":" + std::to_string(e.st.total) +
           ",\"message\":" + json::quote(e.st.message) + "}";
  }
  return out + "}";
}

bool ModelStore::accept_drop(const std::string& dir) {
  try {
    auto m = load_model(dir);  // bounded: names, shapes, sizes, NaN/Inf are all checked
    std::string err;
    auto tk = tok::load_model_tokenizer(dir, gpt2_table_path(), err);
    if (!tk) throw Error(ErrorKind::TokenizerFile, dir, err);
    if (tk->vocab_size() > m->vocab_size()) {
      drop_message_ = trf(S::ModelDropFailed, {trf(S::ModelDropVocab, {std::to_string(tk->vocab_size()), std::to_string(m->vocab_size())})});
      drop_ok_ = false;
      return false;
    }
    const std::string name = "dropped-" + m->model_type() + "-" + std::to_string(++drops_);
    add_local(name, dir);
    ParamList ps = m->params();
    drop_message_ = trf(S::ModelDropOk, {name, m->model_type(), std::to_string(param_count(ps))});
    drop_ok_ = true;
    return true;
  } catch (const std::exception& e) {
    drop_message_ = trf(S::ModelDropFailed, {ui::error_text(e)});
    drop_ok_ = false;
    return false;
  }
}

void ModelStore::poll_drops() {
  // A checkpoint without a tokenizer file uses the GPT-2 table: on the website a pack (ui/pack_store.h),
  // so a drop waits for it.
  auto table_here = [] { const ModelPhase p = pack_store().want_path(gpt2_table_path()).phase; return p == ModelPhase::Ready || p == ModelPhase::Failed; };
  if (!drop_waiting_.empty()) {
    if (!table_here()) return;
    const std::string dir = std::move(drop_waiting_);
    drop_waiting_.clear();
    accept_drop(dir);
    return;
  }
  if (!host().models.take_drop) return;
  std::string err;
  const std::string dir = host().models.take_drop(&err);
  if (!dir.empty() && !table_here()) drop_waiting_ = dir;
  else if (!dir.empty()) accept_drop(dir);
  else if (!err.empty()) drop_message_ = trf(S::ModelDropFailed, {ui::page_message_text(err)}), drop_ok_ = false;
}

ModelStore& model_store() {
#ifdef __EMSCRIPTEN__
  static ModelStore store("/models");
#else
  static ModelStore store(std::string(TMX_ASSETS_DIR) + "/models");
#endif
  return store;
}

void draw_drop_in() {
  ModelStore& st = model_store();
  st.poll_drops();
  if (host().models.pick_files) {
    // Callers put it after a model picker on the same line: on a narrow screen it goes below.
    new_line_unless_fits(button_width(tr(S::ModelDropButton)));
    if (ui::small_button(tr(S::ModelDropButton))) host().models.pick_files();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::ModelDropHelp));
  }
  if (!st.drop_message().empty()) {
    ImGui::PushFont(fonts().small);
    ImGui::PushStyleColor(ImGuiCol_Text, st.drop_ok() ? palette().accent : palette().warning);
    ui::text_wrapped(st.drop_message());
    ImGui::PopStyleColor();
    ImGui::PopFont();
  }
}

// A bar and a line of text after it, in the small font.
static void progress_line(float fraction, const std::string& text) {
  ImGui::PushFont(fonts().small);
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, palette().accent);
  ImGui::ProgressBar(fraction, ImVec2(160.0f, ImGui::GetTextLineHeight()), "");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopFont();
}

void draw_model_progress(const std::string& name, const ModelState& s) {
  if (s.phase == ModelPhase::Failed) {
    ImGui::PushFont(fonts().small);
    warning_wrapped(s.message);
    ImGui::PopFont();
    return;
  }
  const S what = s.phase == ModelPhase::Verifying ? S::ModelVerifying : S::ModelDownloading;
  progress_line(s.progress(), trf(what, {name, mb(s.done), mb(s.total)}));
}

void draw_load_progress(const std::string& name, float fraction) {
  progress_line(fraction, trf(S::ModelLoading, {name, std::to_string(static_cast<int>(fraction * 100.0f))}));
}

}  // namespace tmx::ui
