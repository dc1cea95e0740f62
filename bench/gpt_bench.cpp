// GPT forward, training step and per-token KV-cache decode: this core vs a fair peer, PyTorch
// (Debian's python3-torch) at 1 thread on Debian's OpenBLAS, same config (6 layers, d=288,
// 6 heads, T=256, vocab 32000 like llama2.c's 15M model). Then the limit: a large single-thread
// SGEMM on this CPU and our forward's achieved GFLOP/s as a fraction of it. Prints markdown tables.
//   build/native/gpt_bench [rounds=5]
// The peer (bench/lib/gpt_torch_peer.py) runs as one child process under bench/lib/openblas.sh,
// which selects OpenBLAS and its kernel for that process only; rounds are interleaved (ours and
// the peer's alternate, order swapped every round), medians and per-pair ratios are printed with
// the load average. A footnote gives the peer on the machine's default BLAS (Debian's reference).
// Exit code 1 if a peer could not run (our figures are still printed).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "core/models/gpt.h"
#include "core/optim.h"
#include "core/rng.h"

using Clock = std::chrono::steady_clock;

namespace {

double time_ms(const std::function<void()>& f) {
  const auto t0 = Clock::now();
  f();
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string loadavg() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

// A child process answering one line per command line (bench/lib/gpt_torch_peer.py).
class Peer {
 public:
  explicit Peer(const std::vector<std::string>& argv) {
    int to[2], from[2];
    if (pipe(to) != 0 || pipe(from) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(to[0], 0);
      dup2(from[1], 1);
      close(to[0]); close(to[1]); close(from[0]); close(from[1]);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execvp(args[0], args.data());
      std::fprintf(stderr, "gpt_bench: cannot run %s: %s\n", args[0], std::strerror(errno));
      _exit(127);
    }
    close(to[0]);
    close(from[1]);
    in_ = fdopen(to[1], "w");
    out_ = fdopen(from[0], "r");
    ok_ = pid_ > 0 && in_ && out_ && read_line() == "ready";
  }
  ~Peer() {
    if (in_) { std::fputs("quit\n", in_); std::fclose(in_); }
    if (out_) std::fclose(out_);
    if (pid_ > 0) waitpid(pid_, nullptr, 0);
  }
  bool ok() const { return ok_; }
  // Sends `cmd`; returns the answer's value after "key " or "" (and marks the peer failed).
  std::string ask(const std::string& cmd, const std::string& key) {
    if (!ok_) return "";
    std::fprintf(in_, "%s\n", cmd.c_str());
    std::fflush(in_);
    const std::string line = read_line();
    if (line.rfind(key + " ", 0) != 0) {
      std::fprintf(stderr, "gpt_bench: peer answered \"%s\" to \"%s\"\n", line.c_str(), cmd.c_str());
      ok_ = false;
      return "";
    }
    return line.substr(key.size() + 1);
  }
  double ask_num(const std::string& cmd, const std::string& key) {
    const std::string v = ask(cmd, key);
    return v.empty() ? -1 : std::atof(v.c_str());
  }

 private:
  std::string read_line() {
    std::string s;
    int c;
    while ((c = std::fgetc(out_)) != EOF && c != '\n') s.push_back(static_cast<char>(c));
    return s;
  }
  pid_t pid_ = -1;
  FILE* in_ = nullptr;
  FILE* out_ = nullptr;
  bool ok_ = false;
};

struct Measure {
  const char* name;
  std::function<void()> ours;
  std::string peer_cmd;
  double per = 1;  // divide times by this (decode: per token)
  std::vector<double> us, them, ratio;
};

std::string fmt(const char* f, double v) {
  if (v < 0) return "n/a";
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  signal(SIGPIPE, SIG_IGN);  // a peer that died makes writes fail, not this process
  tmx::GPTConfig cfg;
  cfg.n_layer = 6;
  cfg.n_embd = 288;
  cfg.n_head = 6;
  cfg.n_positions = 256;
  cfg.vocab_size = 32000;
  const int T = 256, L = cfg.n_layer, C = cfg.n_embd, V = cfg.vocab_size;
  tmx::GPT model(cfg);
  tmx::Rng rng(1);
  std::vector<int> ids(T), tg(T);
  for (int t = 0; t < T; ++t) {
    ids[t] = static_cast<int>(rng.below(cfg.vocab_size));
    tg[t] = static_cast<int>(rng.below(cfg.vocab_size));
  }
  tmx::ParamList ps = model.params();
  tmx::AdamW opt(1e-4f);
  volatile float sink = 0;

  const std::string src = TMX_SOURCE_DIR;
  const std::vector<std::string> shape = {std::to_string(L), std::to_string(C), std::to_string(cfg.n_head),
                                          std::to_string(T), std::to_string(V)};
  auto peer_argv = [&](bool openblas) {
    std::vector<std::string> a;
    if (openblas) a = {"bash", src + "/bench/lib/openblas.sh", "exec"};
    a.push_back("/usr/bin/python3");
    a.push_back(src + "/bench/lib/gpt_torch_peer.py");
    a.insert(a.end(), shape.begin(), shape.end());
    return a;
  };
  const std::string load0 = loadavg();
  int status = 0;
  Peer peer(peer_argv(true));
  if (!peer.ok()) {
    std::fprintf(stderr, "gpt_bench: the PyTorch+OpenBLAS peer did not start (see above)\n");
    status = 1;
  }
  const std::string blas = peer.ask("info", "blas");

  std::vector<Measure> ms = {
      {"forward (T=256)", [&] { sink = sink + model.forward(ids)(0, 0); }, "fwd"},
      {"training step (fwd+bwd+AdamW)",
       [&] {
         tmx::zero_grad(ps);
         sink = sink + model.forward_backward(ids, tg);
         opt.step(ps);
       },
       "train"},
      {"decode, per token (KV cache, positions 0-255)",
       [&] {
         model.reset_state();
         for (int p = 0; p < T; ++p) sink = sink + model.step(ids[p])[0];
       },
       "decode " + std::to_string(T), double(T)},
  };
  for (auto& m : ms) {  // warm-up, both sides
    m.ours();
    peer.ask_num(m.peer_cmd, "ms");
  }
  for (int r = 0; r < rounds; ++r) {
    for (auto& m : ms) {
      double a, b;
      if (r % 2 == 0) {
        a = time_ms(m.ours);
        b = peer.ask_num(m.peer_cmd, "ms");
      } else {
        b = peer.ask_num(m.peer_cmd, "ms");
        a = time_ms(m.ours);
      }
      m.us.push_back(a / m.per);
      if (b > 0) {
        m.them.push_back(b / m.per);
        m.ratio.push_back(b / a);
      }
    }
  }
  // The limit: a large single-thread SGEMM through the same OpenBLAS (same process, same kernel).
  const int n_sgemm = 2048;
  const double sgemm = peer.ask_num("sgemm " + std::to_string(n_sgemm) + " 5", "gflops");
  if (!peer.ok()) status = 1;
  const std::string load1 = loadavg();

  // Reference-BLAS footnote: the peer as the machine's BLAS alternative gives it (Debian's default).
  double ref_fwd = -1;
  std::string ref_blas;
  {
    Peer ref(peer_argv(false));
    ref_blas = ref.ask("info", "blas");
    ref.ask_num("fwd", "ms");
    std::vector<double> t;
    for (int i = 0; i < 3 && ref.ok(); ++i) t.push_back(ref.ask_num("fwd", "ms"));
    if (ref.ok()) ref_fwd = median(t);
    else status = 1;
  }

  auto field = [&](const std::string& s, int i) {
    std::stringstream ss(s);
    std::string f;
    for (int k = 0; k <= i && std::getline(ss, f, '|'); ++k) {
      if (k == i) return f;
    }
    return std::string("?");
  };
  std::printf("GPT: %d layers, d=%d, %d heads, T=%d, vocab %d; 1 thread each; %d interleaved rounds, medians\n", L, C,
              cfg.n_head, T, V, rounds);
  std::printf("Load average: %s at start, %s at end (%ld cores)\n", load0.c_str(), load1.c_str(),
              sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("Peer: PyTorch %s, BLAS %s, OpenBLAS kernel %s (%s)\n\n", "(Debian python3-torch)",
              field(blas, 0).c_str(), field(blas, 1).c_str(), field(blas, 2).c_str());
  std::printf("| measure | tmx (ms) | PyTorch+OpenBLAS (ms) | speed vs PyTorch (median of per-round ratios) | ratio range |\n");
  std::printf("|---|---|---|---|---|\n");
  for (const auto& m : ms) {
    const double rmin = m.ratio.empty() ? -1 : *std::min_element(m.ratio.begin(), m.ratio.end());
    const double rmax = m.ratio.empty() ? -1 : *std::max_element(m.ratio.begin(), m.ratio.end());
    std::printf("| %s | %s | %s | %s | %s |\n", m.name, fmt("%.2f", median(m.us)).c_str(),
                fmt("%.2f", median(m.them)).c_str(), fmt("%.2fx", median(m.ratio)).c_str(),
                m.ratio.empty() ? "n/a" : (fmt("%.2f", rmin) + "-" + fmt("%.2f", rmax)).c_str());
  }
  std::printf("\nspeed vs PyTorch > 1 means tmx is faster. Decode: %s tokens/s (tmx), %s tokens/s (PyTorch).\n",
              fmt("%.0f", 1e3 / median(ms[2].us)).c_str(), fmt("%.0f", 1e3 / median(ms[2].them)).c_str());

  // Forward FLOPs: the matmuls (qkv, proj, MLP: 12·C² per token per layer; lm_head C·V per token) and
  // attention's QK^T and AV counted over the full T×T (2·T²·C per layer each), 2 FLOPs per multiply-add.
  const double flops = 2.0 * T * (12.0 * L * C * C + double(C) * V) + 4.0 * L * double(T) * T * C;
  const double ours_gf = flops / (median(ms[0].us) * 1e-3) / 1e9;
  const double peer_gf = median(ms[0].them) > 0 ? flops / (median(ms[0].them) * 1e-3) / 1e9 : -1;
  std::printf("\n### The limit: single-thread SGEMM\n\n");
  std::printf("| | GFLOP/s | fraction of SGEMM |\n|---|---|---|\n");
  std::printf("| SGEMM %dx%dx%d float32, OpenBLAS %s, 1 thread (median of 5) | %s | 100%% |\n", n_sgemm, n_sgemm,
              n_sgemm, field(blas, 1).c_str(), fmt("%.1f", sgemm).c_str());
  std::printf("| tmx forward (%.2f GFLOP) | %.1f | %s |\n", flops / 1e9, ours_gf,
              sgemm > 0 ? fmt("%.0f%%", 100 * ours_gf / sgemm).c_str() : "n/a");
  std::printf("| PyTorch+OpenBLAS forward | %s | %s |\n", fmt("%.1f", peer_gf).c_str(),
              sgemm > 0 && peer_gf > 0 ? fmt("%.0f%%", 100 * peer_gf / sgemm).c_str() : "n/a");
  std::printf("\nFootnote (not a fair peer): PyTorch on the machine's default BLAS (%s, kernel %s): forward %s ms "
              "(median of 3, after the table); tmx's median forward is %s faster.\n",
              field(ref_blas, 0).c_str(), field(ref_blas, 1).c_str(), fmt("%.1f", ref_fwd).c_str(),
              ref_fwd > 0 ? fmt("%.2fx", ref_fwd / median(ms[0].us)).c_str() : "n/a");
  if (status) std::fprintf(stderr, "gpt_bench: a peer failed; its figures are n/a\n");
  return status;
}
