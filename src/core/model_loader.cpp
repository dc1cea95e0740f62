#include "core/model_loader.h"

#include <cctype>

#include "core/error.h"
#include "core/models/gpt.h"
#include "core/models/llama.h"
#include "core/ssm/mamba_lm.h"

namespace tmx {

void ModelPlan::run_all(const SafeTensors& st) {
  for (const TensorRead& r : reads) st.read(r);
  if (finish) finish(st);
}

ModelPlan plan_model(const json::Value& config, const SafeTensors& weights, Gradients grads) {
  if (!config.is_object()) throw Error(ErrorKind::Json, "", "config: not a JSON object");
  const std::string type = config.get_string("model_type");
  // One line per model type.
  if (type == "gpt2") return GPT::plan_safetensors(GPTConfig::from_json(config), weights, grads);
  if (type == "llama") return Llama::plan_safetensors(LlamaConfig::from_json(config), weights, grads);
  if (type == "mamba") return ssm::plan_mamba_lm(config, weights, grads);
  throw Error(ErrorKind::ModelType, json::quote(type), "config: unsupported model_type " + json::quote(type));  // quoted: control characters escaped
}

std::unique_ptr<LanguageModel> make_model(const json::Value& config, const SafeTensors& weights, Gradients grads) {
  ModelPlan p = plan_model(config, weights, grads);
  p.run_all(weights);
  return std::move(p.model);
}

std::unique_ptr<LanguageModel> load_model(const std::string& dir, Gradients grads) {
  ModelLoader l(dir, grads);
  while (!l.step()) {
  }
  return l.take();
}

bool ModelLoader::step() {
  if (done_) return true;
  try {
    if (!st_) {
      try {
        cfg_ = json::parse(read_file_text(dir_ + "/config.json"));
      } catch (const Error& e) {
        throw Error(e.subject.empty() ? Error(e.kind, dir_ + "/config.json", "") : e, dir_ + "/config.json: " + e.what());
      }
      st_ = std::make_unique<SafeTensors>(SafeTensors::open_file(dir_ + "/model.safetensors"));
      pieces_total_ = static_cast<int>((st_->data_bytes() + kReadBytes - 1) / kReadBytes);
      return false;
    }
    if (!planned_) {  // a step of its own: with the header's it was one frame's 6.6 ms in the web build (busy machine)
      plan_ = plan_model(cfg_, *st_, grads_);  // names and shapes only: no tensor is read
      cfg_ = json::Value();
      planned_ = true;
      return false;
    }
    if (!st_->complete()) {
      st_->read_more(kReadBytes);
      ++pieces_;
      return false;
    }
    if (next_ < plan_.reads.size()) {
      st_->read(plan_.reads[next_++]);
      return false;
    }
    if (plan_.finish) plan_.finish(*st_);
    st_.reset();  // the file's bytes are no longer needed
  } catch (...) {
    plan_ = ModelPlan{};
    st_.reset();
    done_ = true;
    throw;
  }
  done_ = true;
  return true;
}

int ModelLoader::steps_total() const {
  if (!st_ && !done_) return 1;
  // Before the plan, one read per tensor in the header (the plan reads each at most once).
  const size_t reads = planned_ || done_ ? plan_.reads.size() : st_->size();
  return static_cast<int>(reads) + pieces_total_ + 3;
}

float ModelLoader::progress() const {
  if (done_) return 1.0f;
  if (!st_) return 0.0f;
  return static_cast<float>(1 + (planned_ ? 1 : 0) + pieces_ + next_) / static_cast<float>(steps_total());  // steps done of all
}

std::unique_ptr<LanguageModel> ModelLoader::take() {
  if (!done_) return nullptr;
  return std::move(plan_.model);
}

void save_model(LanguageModel& model, const std::string& dir, DType dtype) {
  const std::string cfg = model.config_json();
  write_file_bytes(dir + "/config.json", cfg.data(), cfg.size());
  std::vector<TensorRef> ts;
  for (const Param& p : model.params()) ts.push_back({p.name, p.shape, p.value->data()});
  write_safetensors(dir + "/model.safetensors", ts, {{"format", "pt"}}, dtype);
}

std::vector<int> parse_ids(const std::string& text) {
  std::vector<int> ids;
  size_t i = 0;
  auto skip = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  skip();
  if (i == text.size()) return ids;
  for (;;) {
    skip();
    const size_t s = i;
    if (i < text.size() && text[i] == '-') ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    const std::string tok = text.substr(s, i - s);
    if (tok.empty() || tok == "-" || tok.size() > 10) throw Error("ids: expected an integer at position " + std::to_string(s) + " of '" + text + "'");
    const long long v = std::stoll(tok);
    if (v < -1 || v > 2147483647LL) throw Error("ids: " + tok + " is out of range");
    ids.push_back(static_cast<int>(v));
    skip();
    if (i == text.size()) return ids;
    if (text[i] != ',') throw Error("ids: expected ',' at position " + std::to_string(i) + " of '" + text + "'");
    ++i;
  }
}

}  // namespace tmx
