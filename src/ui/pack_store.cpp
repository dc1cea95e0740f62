#include "ui/pack_store.h"

#include <imgui.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "core/json.h"
#include "core/safetensors.h"  // read_file_text
#include "core/sha256.h"
#include "ui/fonts.h"
#include "ui/error_text.h"
#include "ui/host.h"
#include "ui/i18n.h"
#include "ui/theme.h"
#include "ui/touch.h"

namespace tmx::ui {

namespace {

// Where a pack may write: the folders the web build leaves out of explorer.data.
bool allowed_path(const std::string& p) {
  if (p.find("..") != std::string::npos || p.find('\\') != std::string::npos) return false;
  for (const char* root : {"/math/", "/figures/", "/figures-zh/", "/content/zh/", "/assets/gen/"})
    if (p.rfind(root, 0) == 0 && p.size() > std::char_traits<char>::length(root)) return true;
  return false;
}

// What a pack is called on screen: the Chinese edition and the GPT-2 table by what they are, a
// chapter's images by their pack's name (like a model's).
std::string pack_label(const std::string& name) {
  if (name == "zh") return tr(S::PackChinese);
  if (name == "gpt2-tokenizer") return tr(S::PackTokenizer);
  if (name == "corpora") return tr(S::PackTexts);
  return name;
}

}  // namespace

namespace {

// A manifest line's fields, split at spaces. The manifest (~1,700 lines) is read before the first
// frame, where a std::istringstream per line cost ~35 ms in wasm; from_chars and views do not.
struct Fields {
  std::vector<std::string_view> v;
  explicit Fields(std::string_view line) {
    for (size_t at = 0; at < line.size();) {
      const size_t end = std::min(line.find(' ', at), line.size());
      if (end > at) v.push_back(line.substr(at, end - at));
      at = end + 1;
    }
  }
  template <class T>
  bool number(size_t i, T& out) const {
    if (i >= v.size()) return false;
    const auto r = std::from_chars(v[i].data(), v[i].data() + v[i].size(), out);
    return r.ec == std::errc() && r.ptr == v[i].data() + v[i].size();
  }
};

}  // namespace

bool PackStore::load(const std::string& manifest_path) {
  packs_.clear();
  files_.clear();
  states_.clear();
  error_.clear();
  std::string text;
  try {
    text = read_file_text(manifest_path);
  } catch (const std::exception&) {
    error_ = "no pack manifest at " + manifest_path;
    return false;
  }
  std::string_view rest(text);
  auto next_line = [&](std::string_view& line) {
    if (rest.empty()) return false;
    const size_t nl = std::min(rest.find('\n'), rest.size());
    line = rest.substr(0, nl);
    rest.remove_prefix(std::min(nl + 1, rest.size()));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
  };
  std::string_view line;
  if (!next_line(line) || line != "tmx-packs 1") {
    error_ = "the pack manifest has an unknown format";
    return false;
  }
  PackInfo* cur = nullptr;
  size_t offset = 0;
  int lineno = 1;
  while (next_line(line)) {
    ++lineno;
    if (line.empty()) continue;
    const Fields f(line);
    bool ok = false;
    if (f.v.empty()) {
      // a line of spaces: malformed, below
    } else if (f.v[0] == "pack" && f.v.size() >= 4) {
      PackInfo p;
      p.name = std::string(f.v[1]);
      p.sha256 = std::string(f.v[3]);
      ok = f.number(2, p.bytes) && p.sha256.size() == 64 && !packs_.count(p.name);
      if (ok) {
        cur = &(packs_[p.name] = p);
        offset = 0;
      }
    } else if (f.v[0] == "file" && cur && f.v.size() >= 5) {
      const std::string path(f.v[1]);
      PackFile pf;
      ok = f.number(2, pf.bytes) && f.number(3, pf.width) && f.number(4, pf.height) && allowed_path(path) &&
           offset + pf.bytes <= cur->bytes;
      if (ok) {
        pf.pack = cur->name;
        pf.offset = offset;
        offset += pf.bytes;
        cur->files.push_back(path);
        files_[path] = pf;
      }
    }
    if (!ok) {
      error_ = "the pack manifest's line " + std::to_string(lineno) + " is malformed";
      packs_.clear();
      files_.clear();
      return false;
    }
  }
  return true;
}

const PackFile* PackStore::file(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

const PackInfo* PackStore::pack(const std::string& name) const {
  auto it = packs_.find(name);
  return it == packs_.end() ? nullptr : &it->second;
}

ModelState PackStore::state(const std::string& name) const {
  auto it = states_.find(name);
  if (it != states_.end()) return it->second;
  ModelState s;
  if (!has(name)) s.phase = ModelPhase::Ready;  // in place
  return s;
}

void PackStore::retry(const std::string& name) {
  auto it = states_.find(name);
  if (it != states_.end() && it->second.phase == ModelPhase::Failed) states_.erase(it);
}

std::vector<std::string> PackStore::downloading() const {
  std::vector<std::string> out;
  for (const auto& [n, s] : states_)
    if (s.phase == ModelPhase::Downloading || s.phase == ModelPhase::Verifying) out.push_back(n);
  return out;
}

std::vector<std::string> PackStore::failed() const {
  std::vector<std::string> out;
  for (const auto& [n, s] : states_)
    if (s.phase == ModelPhase::Failed) out.push_back(n);
  return out;
}

void PackStore::fail(const std::string& name, ModelState& st, std::string message) {
  st.phase = ModelPhase::Failed;
  st.message = std::move(message);
  std::error_code ec;
  std::filesystem::remove(download_dir_ + "/" + name + ".pack", ec);
  if (host().packs.forget) host().packs.forget(name + ".pack");  // never keep a bad copy in the cache
}

ModelState PackStore::want_path(const std::string& path, bool fetch) {
  const PackFile* f = file(path);
  if (!f) return state("");
  return fetch ? want(f->pack) : state(f->pack);
}

ModelState PackStore::want(const std::string& name, bool must_exist) {
  const PackInfo* p = pack(name);
  if (!p) {
    ModelState s;
    s.phase = ModelPhase::Ready;
    if (must_exist && active()) {
      s.phase = ModelPhase::Failed;
      s.message = trf(S::PackUnknown, {name.substr(0, 60)});
    }
    return s;
  }
  ModelState& st = states_[name];
  if (st.phase == ModelPhase::Ready || st.phase == ModelPhase::Failed) return st;
  const std::string file_name = name + ".pack";
  if (st.phase == ModelPhase::Absent) {
    st.total = p->bytes;
    const ModelHooks& h = host().packs;
    const std::string why = h.unavailable_reason ? h.unavailable_reason() : std::string("this page cannot download it.");
    if (!h.fetch || !h.poll || !why.empty()) {
      fail(name, st, trf(S::PackFailed, {name, page_message_text(why)}));
      return st;
    }
    h.fetch(file_name,
            "[{\"name\":" + json::quote(file_name) + ",\"bytes\":" + std::to_string(p->bytes) + ",\"sha256\":" +
                json::quote(p->sha256) + "}]",
            download_dir_);
    st.phase = ModelPhase::Downloading;
  }
  if (st.phase == ModelPhase::Downloading) {
    const ModelFetchStatus f = host().packs.poll(file_name);
    st.done = f.done;
    if (f.phase == ModelFetchStatus::Failed) fail(name, st, trf(S::PackFailed, {name, page_message_text(f.message)}));
    else if (f.phase == ModelFetchStatus::Written) st.phase = ModelPhase::Verifying;
    if (st.phase != ModelPhase::Verifying) return st;
  }
  unpack(*p, st);  // Verifying: one step (a pack is at most about a megabyte)
  return st;
}

void PackStore::step() {
  for (const std::string& name : downloading()) want(name);
}

void PackStore::unpack(const PackInfo& p, ModelState& st) {
  const std::string path = download_dir_ + "/" + p.name + ".pack";
  std::string bytes;
  try {
    bytes = read_file_text(path);  // one read, not a byte at a time (the zh pack is before its first frame)
  } catch (const std::exception&) {
    return fail(p.name, st, trf(S::PackUnreadable, {p.name}));
  }
  if (bytes.size() != p.bytes)
    return fail(p.name, st, trf(S::PackSize, {p.name, std::to_string(bytes.size()), std::to_string(p.bytes)}));
  Sha256 h;
  h.update(bytes.data(), bytes.size());
  if (h.hex() != p.sha256) return fail(p.name, st, trf(S::PackHash, {p.name}));
  std::error_code ec;
  for (const std::string& fp : p.files) {
    const PackFile& f = files_.at(fp);
    std::filesystem::create_directories(std::filesystem::path(root_ + fp).parent_path(), ec);
    std::ofstream out(root_ + fp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data() + f.offset, static_cast<std::streamsize>(f.bytes));
    if (!out) return fail(p.name, st, trf(S::PackNoMemory, {p.name, fp}));
  }
  std::filesystem::remove(path, ec);
  st.phase = ModelPhase::Ready;
  st.done = st.total = p.bytes;
}

std::string PackStore::status_json() const {
  std::string out = std::string("{\"active\":") + (active() ? "true" : "false") + ",\"packs\":{";
  bool first = true;
  for (const auto& [name, s] : states_) {
    out += std::string(first ? "" : ",") + json::quote(name) + ":{\"phase\":\"" + model_phase_name(s.phase) +
           "\",\"done\":" + std::to_string(s.done) + ",\"total\":" + std::to_string(s.total) +
           ",\"message\":" + json::quote(s.message) + "}";
    first = false;
  }
  return out + "}}";
}

PackStore& pack_store() {
  static PackStore store = [] {
    PackStore s;
#ifdef __EMSCRIPTEN__
    s.load("/packs/manifest.txt");  // absent in the offline file: everything is embedded there
#endif
    return s;
  }();
  return store;
}

void draw_pack_wait(const std::string& label, const std::string& name, const ModelState& s) {
  draw_model_progress(label, s);
  if (s.phase == ModelPhase::Failed && small_button(tr(S::PackRetry))) pack_store().retry(name);
}

void draw_pack_progress() {
  PackStore& ps = pack_store();
  if (!ps.active()) return;
  ps.step();
  static std::map<std::string, double> since;  // when each download was first seen
  const double now = ImGui::GetTime();
  std::vector<std::string> show;
  for (const std::string& name : ps.failed()) show.push_back(name);
  std::vector<std::string> slow;  // downloads older than half a second
  for (const std::string& name : ps.downloading())
    if (now - since.emplace(name, now).first->second >= 0.5) slow.push_back(name);
  if (show.empty() && slow.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 12.0f, vp->WorkPos.y + vp->WorkSize.y - 12.0f), ImGuiCond_Always,
                          ImVec2(1, 1));
  ImGui::SetNextWindowBgAlpha(0.92f);
  const ImGuiWindowFlags fl = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                              ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
  if (ImGui::Begin("##pack-progress", nullptr, fl)) {
    // At most 30 ems, and never wider than the screen (a phone): the label wraps after the bar.
    ImGui::PushTextWrapPos(std::max(ImGui::GetFontSize() * 8.0f, std::min(ImGui::GetFontSize() * 30.0f, vp->WorkSize.x - 48.0f)));
    show.insert(show.end(), slow.begin(), slow.end());
    for (const std::string& name : show) {
      ImGui::PushID(name.c_str());
      draw_pack_wait(pack_label(name), name, ps.state(name));
      ImGui::PopID();
    }
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
}

}  // namespace tmx::ui
