// Trained models as lazy assets. The shipped models (assets/models/NAME/) are not in the initial
// download: the build bakes each one's files with their sizes and SHA-256 (CMakeLists.txt ->
// gen/model_manifest.cpp), and the first widget that wants a model asks the store for it:
//
//   ModelState s = model_store().want("kjv-gpt");   // every frame: starts / advances the work
//   if (s.phase == ModelPhase::Ready) load_model(model_store().dir("kjv-gpt"));
//   else draw_model_progress(s);                    // progress bar, or the message when it failed
//
// Natively (and for a model the offline file carries) the files are already in the local root;
// on the web the shell downloads them from the same origin (assets/models/NAME/FILE, a relative
// URL built from this table only), keeps them in the browser's Cache API and writes them into the
// virtual file system (Host::models hooks). Either way every file's size and SHA-256 is checked,
// a slice per frame, before the bounded loaders (core/model_loader.h) see it; a missing or damaged
// file gives a message naming it. Drop-in checkpoints join the same list for the session.
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/sha256.h"

namespace tmx::ui {

struct ShippedFile {
  const char* name;    // config.json, model.safetensors, tokenizer.tmxbpe | tokenizer.char.txt
  size_t bytes;
  const char* sha256;  // lowercase hex
};
struct ShippedModel {
  const char* name;
  const char* type;  // config.json's model_type: gpt2, llama, mamba, encdec
  std::vector<ShippedFile> files;
};
const std::vector<ShippedModel>& shipped_models();  // generated from assets/models at configure time
const ShippedModel* find_shipped_model(const std::string& name);
size_t shipped_model_bytes(const ShippedModel& m);

enum class ModelPhase { Absent, Downloading, Verifying, Ready, Failed };
const char* model_phase_name(ModelPhase p);  // "absent", "downloading", ... (status JSON)

struct ModelState {
  ModelPhase phase = ModelPhase::Absent;
  size_t done = 0, total = 0;  // bytes downloaded or verified so far, of total
  std::string message;         // Failed: what went wrong, as a sentence naming the file
  float progress() const { return total ? static_cast<float>(done) / static_cast<float>(total) : 0.0f; }
};

class ModelStore {
 public:
  // local_root: where models already are (natively assets/models; on the web /models, which the
  // offline file pre-fills with its default model and downloads are written into).
  explicit ModelStore(std::string local_root);

  // Requests the model and does at most ~budget_ms of verification; returns its state.
  ModelState want(const std::string& name, double budget_ms = 4.0);
  ModelState state(const std::string& name) const;
  void retry(const std::string& name);          // a failed model: forget the failure, try again
  std::string dir(const std::string& name) const;  // its directory (files complete once Ready)
  // Every model a picker can offer: the shipped ones, then drop-ins (in the order added).
  std::vector<std::string> names() const;
  // The ones a language-model picker can offer: names() without the encoder-decoders.
  std::vector<std::string> language_models() const;
  bool known(const std::string& name) const;
  // A checkpoint the user dropped in (already written to dir): ready at once, for this session.
  void add_local(const std::string& name, const std::string& dir);
  std::string status_json() const;  // {"kjv-gpt": {"phase": "ready", "done": N, "total": N}, ...}

  // Drop-in checkpoints (config.json + model.safetensors [+ tokenizer file] of a GPT-2, LLaMA or
  // Mamba model in HF layout). accept_drop(dir) loads it fully with the bounded loaders (every
  // tensor's name, shape, size and finiteness) and its tokenizer; on success it joins names() as
  // "dropped-TYPE-N" for the session, otherwise nothing changes. Either way drop_message() says
  // what happened, naming the problem. poll_drops() takes what the shell received (web).
  bool accept_drop(const std::string& dir);
  void poll_drops();
  const std::string& drop_message() const { return drop_message_; }
  bool drop_ok() const { return drop_ok_; }

 private:
  struct Entry {
    ModelState st;
    size_t file = 0, offset = 0;  // verification position
    Sha256 hash;
  };
  void verify_step(const std::string& name, Entry& e, double budget_ms);
  void fail(const std::string& name, Entry& e, std::string message);
  std::string root_;
  std::map<std::string, Entry> entries_;
  static constexpr size_t kHashSliceBytes = 64 * 1024;
  std::vector<char> hash_buf_;  // (kHashSliceBytes) verify_step's read buffer
  std::vector<std::pair<std::string, std::string>> local_;  // drop-ins: name, dir
  std::string drop_message_;
  bool drop_ok_ = false;
  int drops_ = 0;
  std::string drop_waiting_;  // a dropped checkpoint waiting for the GPT-2 table's pack
};

ModelStore& model_store();  // the app's store (local root per platform)

// One line: a progress bar and "Downloading kjv-gpt: 0.4 of 1.7 MB", or the failure in the
// warning colour. For widgets waiting on a model.
void draw_model_progress(const std::string& name, const ModelState& s);
// The same line for a model being read into memory over frames ("Loading kjv-gpt into memory: 40%").
void draw_load_progress(const std::string& name, float fraction);

// "Open a checkpoint..." (web: the file picker; files dropped on the page work too) and the last
// drop-in's message. Only where the platform can take files.
void draw_drop_in();

}  // namespace tmx::ui
