// Packs (ui/pack_store.h): the manifest written by scripts/make_packs.py is read with each file's
// place in its pack; a download through the platform hooks is checked (size, SHA-256 against
// core/sha256's peer, Python's hashlib, in make_packs.py) and unpacked where the manifest says;
// a damaged, short or missing pack fails with a message naming it and is forgotten, and retry()
// fetches again. A manifest that points outside the packs' folders is refused.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "core/sha256.h"
#include "ui/host.h"
#include "ui/pack_store.h"

using namespace tmx;
using namespace tmx::ui;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const char* tag) {
    path = fs::temp_directory_path() / (std::string("tmx_packs_") + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << s;
}
std::string read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// A site with one pack of two files, built with make_packs.py's format; `served` is what the
// fake download hands over (the real bytes, or a damaged copy).
struct Site {
  TempDir dir{"site"};
  std::string a = "first file", b = "second, longer file";
  std::string body = a + b;
  int fetches = 0, forgets = 0;
  std::string served;
  PackStore store;

  Site() {
    Sha256 h;
    h.update(body.data(), body.size());
    write(dir.path / "manifest.txt", "tmx-packs 1\npack en-04-1x " + std::to_string(body.size()) + " " + h.hex() +
                                         "\nfile /math/a.1x.png " + std::to_string(a.size()) + " 12 7\nfile /figures/b.1x.png " +
                                         std::to_string(b.size()) + " 0 0\n");
    served = body;
    REQUIRE(store.load((dir.path / "manifest.txt").string()));
    store.set_root((dir.path / "vfs").string());
    store.set_download_dir((dir.path / "downloads").string());
    ModelHooks& h2 = host().packs;
    h2 = ModelHooks{};
    h2.unavailable_reason = [] { return std::string(); };
    h2.fetch = [this](const std::string& name, const std::string&, const std::string& to) {
      ++fetches;
      write(fs::path(to) / name, served);
    };
    h2.poll = [](const std::string&) {
      ModelFetchStatus s;
      s.phase = ModelFetchStatus::Written;
      return s;
    };
    h2.forget = [this](const std::string&) { ++forgets; };
  }
  ~Site() { host().packs = ModelHooks{}; }
};

}  // namespace

TEST_CASE("pack store: the manifest gives each file its pack, place and pixel size", "[packs]") {
  Site s;
  REQUIRE(s.store.active());
  const PackFile* f = s.store.file("/figures/b.1x.png");
  REQUIRE(f);
  CHECK(f->pack == "en-04-1x");
  CHECK(f->offset == s.a.size());
  CHECK(f->bytes == s.b.size());
  const PackFile* m = s.store.file("/math/a.1x.png");
  REQUIRE(m);
  CHECK(m->width == 12);
  CHECK(m->height == 7);
  CHECK(s.store.file("/math/other.png") == nullptr);
  CHECK(s.store.want_path("/math/other.png").phase == ModelPhase::Ready);  // not in a pack: in place
  CHECK(s.store.want("en").phase == ModelPhase::Ready);                  // no such pack: preloaded
  CHECK(s.store.want("en", /*must_exist=*/true).phase == ModelPhase::Failed);
  CHECK(s.fetches == 0);
}

TEST_CASE("pack store: a download is checked and unpacked where the manifest says", "[packs]") {
  Site s;
  CHECK(s.store.want_path("/math/a.1x.png", /*fetch=*/false).phase == ModelPhase::Absent);
  CHECK(s.fetches == 0);
  const ModelState st = s.store.want_path("/math/a.1x.png");
  REQUIRE(st.phase == ModelPhase::Ready);
  CHECK(s.fetches == 1);
  CHECK(read(s.dir.path / "vfs/math/a.1x.png") == s.a);
  CHECK(read(s.dir.path / "vfs/figures/b.1x.png") == s.b);
  CHECK_FALSE(fs::exists(s.dir.path / "downloads/en-04-1x.pack"));  // the pack itself is dropped
  CHECK(s.store.want("en-04-1x").phase == ModelPhase::Ready);
  CHECK(s.fetches == 1);
  CHECK(s.store.status_json().find("\"en-04-1x\":{\"phase\":\"ready\"") != std::string::npos);
}

TEST_CASE("pack store: a download nobody asks for any more still finishes (step)", "[packs]") {
  Site s;
  int polls = 0;
  bool arrived = false;
  host().packs.poll = [&](const std::string&) {  // the network is slow: the pack arrives later
    ++polls;
    ModelFetchStatus f;
    f.phase = arrived ? ModelFetchStatus::Written : ModelFetchStatus::Downloading;
    return f;
  };
  CHECK(s.store.want_path("/math/a.1x.png").phase == ModelPhase::Downloading);  // the reader leaves the chapter
  CHECK(s.store.downloading() == std::vector<std::string>{"en-04-1x"});
  s.store.step();
  CHECK(s.store.state("en-04-1x").phase == ModelPhase::Downloading);
  arrived = true;
  s.store.step();
  CHECK(s.store.state("en-04-1x").phase == ModelPhase::Ready);
  CHECK(s.store.downloading().empty());
  CHECK(read(s.dir.path / "vfs/math/a.1x.png") == s.a);
  const int seen = polls;
  s.store.step();  // nothing left to move on
  CHECK(polls == seen);
}

TEST_CASE("pack store: a damaged or short pack fails with a message, is forgotten, and retry fetches again", "[packs]") {
  Site s;
  s.served[3] ^= 0x20;  // one flipped bit
  ModelState st = s.store.want("en-04-1x");
  REQUIRE(st.phase == ModelPhase::Failed);
  CHECK(st.message.find("en-04-1x") != std::string::npos);
  CHECK(st.message.find("SHA-256") != std::string::npos);
  CHECK(s.forgets == 1);
  CHECK_FALSE(fs::exists(s.dir.path / "vfs/math/a.1x.png"));
  CHECK(s.store.failed() == std::vector<std::string>{"en-04-1x"});
  CHECK(s.store.want("en-04-1x").phase == ModelPhase::Failed);  // stays failed until retry
  CHECK(s.fetches == 1);

  s.served = s.body.substr(0, 5);
  s.store.retry("en-04-1x");
  st = s.store.want("en-04-1x");
  REQUIRE(st.phase == ModelPhase::Failed);
  CHECK(st.message.find("5 bytes") != std::string::npos);
  CHECK(s.fetches == 2);

  s.served = s.body;
  s.store.retry("en-04-1x");
  CHECK(s.store.want("en-04-1x").phase == ModelPhase::Ready);
  CHECK(s.store.failed().empty());
}

TEST_CASE("pack store: a failed download or a page that cannot download gives the reason", "[packs]") {
  Site s;
  host().packs.poll = [](const std::string&) {
    ModelFetchStatus f;
    f.phase = ModelFetchStatus::Failed;
    f.message = "en-04-1x.pack: HTTP 404 (not on the server)";
    return f;
  };
  ModelState st = s.store.want("en-04-1x");
  REQUIRE(st.phase == ModelPhase::Failed);
  CHECK(st.message.find("HTTP 404") != std::string::npos);
  host().packs.unavailable_reason = [] { return std::string("this browser cannot download files (no fetch)."); };
  s.store.retry("en-04-1x");
  st = s.store.want("en-04-1x");
  CHECK(st.phase == ModelPhase::Failed);
  CHECK(st.message.find("no fetch") != std::string::npos);
}

TEST_CASE("pack store: a manifest that points outside the packs' folders is refused", "[packs]") {
  TempDir d("bad");
  PackStore st;
  const std::string sha(64, 'a');
  for (const std::string& bad : {"file /math/../etc/passwd 3 0 0", "file /etc/passwd 3 0 0", "file /math/ok.png 99 0 0",
                                 "file /math/a b.png 3 0 0"}) {
    write(d.path / "m.txt", "tmx-packs 1\npack p 10 " + sha + "\n" + bad + "\n");
    CHECK_FALSE(st.load((d.path / "m.txt").string()));
    CHECK_FALSE(st.active());
    CHECK(st.error().find("malformed") != std::string::npos);
  }
  write(d.path / "m.txt", "something else\n");
  CHECK_FALSE(st.load((d.path / "m.txt").string()));
  CHECK_FALSE(st.load((d.path / "missing.txt").string()));
  CHECK(st.want("zh").phase == ModelPhase::Ready);  // inactive: everything is in place
}

TEST_CASE("pack store: a line with a missing field, a bad number or an unknown kind is malformed", "[packs]") {
  TempDir d("fields");
  PackStore st;
  const std::string sha(64, 'a');
  for (const std::string& bad : std::vector<std::string>{"pack q 10", "pack q ten " + sha, "pack q -10 " + sha, "pack q 10 abc",
                                 "file /math/x.png 3 0", "file /math/x.png 3x 0 0", "file /math/x.png -3 0 0",
                                 "file /math/x.png 3 0 1.5", "   ", "blob /math/x.png 3 0 0", "pack p 10 " + sha}) {
    write(d.path / "m.txt", "tmx-packs 1\npack p 10 " + sha + "\n" + bad + "\n");
    CHECK_FALSE(st.load((d.path / "m.txt").string()));
    CHECK_FALSE(st.active());
    CHECK(st.error() == "the pack manifest's line 3 is malformed");
  }
  // Windows line ends and blank lines are fine; fields are split at runs of spaces.
  write(d.path / "m.txt", "tmx-packs 1\r\n\r\npack  p 10 " + sha + "\r\nfile /math/x.png  3 4 5\r\n");
  REQUIRE(st.load((d.path / "m.txt").string()));
  REQUIRE(st.file("/math/x.png"));
  CHECK(st.file("/math/x.png")->bytes == 3);
  CHECK(st.file("/math/x.png")->width == 4);
  CHECK(st.file("/math/x.png")->height == 5);
}
