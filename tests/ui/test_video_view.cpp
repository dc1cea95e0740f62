// Videos in the UI (ui/video_view.h, ui/scene_video.h): the file-name rule, the problems a view
// reports (bad name, not in the build, no playback on this platform), what it asks of the
// platform (never anything for a rejected name), and how the Cinema video follows its player.
// The platform is faked through ui::Host::video.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "headless_imgui.h"
#include "ui/host.h"
#include "ui/markdown/document.h"
#include "ui/markdown/note_view.h"
#include "ui/scene_video.h"
#include "ui/video_view.h"

using namespace tmx::ui;

namespace {

// A fake platform: one video "good.mp4" (and "attention-mechanism.mp4"); records every call.
struct FakeVideo {
  std::vector<std::string> opened;  // names passed to open()
  std::vector<std::pair<VideoCmd, double>> cmds;
  VideoStatus status;
  VideoHooks saved;

  FakeVideo() {
    saved = host().video;
    status.phase = VideoPhase::Ready;
    status.duration = 20;
    status.width = 320;
    status.height = 180;
    status.texture = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(7));
    VideoHooks& h = host().video;
    h.unavailable_reason = [] { return std::string(); };
    h.exists = [](const std::string& n) { return n == "good.mp4" || n == "attention-mechanism.mp4"; };
    h.open = [this](int, const std::string& n) {
      if (opened.empty() || opened.back() != n) opened.push_back(n);
    };
    h.control = [this](int, VideoCmd c, double v) { cmds.emplace_back(c, v); };
    h.poll = [this](int) { return status; };
    h.close = [](int) {};
  }
  ~FakeVideo() { host().video = saved; }
  bool sent(VideoCmd c) const {
    for (const auto& x : cmds)
      if (x.first == c) return true;
    return false;
  }
  double last(VideoCmd c) const {
    double v = -1;
    for (const auto& x : cmds)
      if (x.first == c) v = x.second;
    return v;
  }
};

}  // namespace

TEST_CASE("video: file names follow ^[a-z0-9][a-z0-9._-]{0,80}\\.mp4$", "[video]") {
  for (const char* ok : {"attention-mechanism.mp4", "a.mp4", "0.mp4", "rope_math.v2.mp4"}) {
    INFO(ok);
    CHECK(valid_video_name(ok));
  }
  const std::string long_ok = std::string(81, 'a') + ".mp4", long_bad = std::string(82, 'a') + ".mp4";
  CHECK(valid_video_name(long_ok));
  CHECK_FALSE(valid_video_name(long_bad));
  for (const char* bad : {"", "../x.mp4", "a/b.mp4", "a\\b.mp4", "A.mp4", ".hidden.mp4", "-x.mp4", "x.MP4", "x.mp4.exe",
                          "x..y.mp4", "x y.mp4", "x.mp4\n", ".mp4", "\xc3\xa9.mp4", "x%2f.mp4", "javascript:x.mp4"}) {
    INFO(bad);
    std::string why;
    CHECK_FALSE(valid_video_name(bad, &why));
    CHECK(why.find("is not allowed") != std::string::npos);
  }
  std::string why;
  valid_video_name(std::string("evil\x01\xff<b>.mp4"), &why);
  for (unsigned char c : why) CHECK((c >= 0x20 && c < 0x7f));  // shown names are printable ASCII
}

TEST_CASE("video: problems name the file; nothing is requested for a bad or unknown name", "[video]") {
  tmx::test::HeadlessImGui g;
  SECTION("no video hooks (headless, like the desktop app): a calm platform message") {
    VideoHooks saved = host().video;
    host().video = VideoHooks();
    VideoView v;
    v.set_file("good.mp4");
    CHECK(v.problem_is_platform());
    CHECK(v.problem().find("good.mp4") != std::string::npos);
    CHECK(v.problem().find("web build") != std::string::npos);
    g.frame([&] { v.draw(600); });
    host().video = saved;
  }
  SECTION("a platform that explains itself (offline file)") {
    FakeVideo f;
    host().video.unavailable_reason = [] { return std::string("Videos are not part of the offline single-file build."); };
    VideoView v;
    v.set_file("good.mp4");
    CHECK(v.problem_is_platform());
    CHECK(v.problem().find("offline") != std::string::npos);
    g.frame([&] { v.draw(600); });
    CHECK(f.opened.empty());
  }
  SECTION("hostile and missing names") {
    FakeVideo f;
    VideoView bad, missing;
    bad.set_file("../../etc/passwd");
    missing.set_file("nothere.mp4");
    CHECK(bad.problem().find("not allowed") != std::string::npos);
    CHECK(missing.problem().find("'nothere.mp4' is not in this build") != std::string::npos);
    CHECK_FALSE(bad.problem_is_platform());
    CHECK_FALSE(missing.problem_is_platform());
    float t = 3;
    bool playing = true;
    g.frame([&] {
      bad.draw(600);
      missing.draw(600);
      missing.follow(t, playing, 1, false);
    });
    CHECK(f.opened.empty());
    CHECK(f.cmds.empty());
    CHECK(t == 3.0f);  // the player keeps its own clock
  }
  SECTION("a known file opens, draws its frame and reacts to a decoding error") {
    FakeVideo f;
    VideoView v;
    v.set_file("good.mp4");
    CHECK(v.problem().empty());
    g.frame([&] { v.draw(600); });
    REQUIRE(f.opened == std::vector<std::string>{"good.mp4"});
    CHECK(v.status().phase == VideoPhase::Ready);
    f.status.phase = VideoPhase::Error;
    f.status.message = "the file is damaged or uses an encoding this browser cannot decode.";
    g.frame([&] { v.draw(600); });
    CHECK(v.status().phase == VideoPhase::Error);
  }
}

TEST_CASE("video: the Cinema video follows its player and is its clock while playing", "[video]") {
  tmx::test::HeadlessImGui g;
  FakeVideo f;
  VideoView v;
  v.set_file("attention-mechanism.mp4");
  float t = 5;
  bool playing = false;
  g.frame([&] { v.follow(t, playing, 1.5f, false); });
  CHECK(f.last(VideoCmd::Seek) == Approx(5));  // first frame: the video goes to the player's t
  CHECK(f.last(VideoCmd::Rate) == Approx(1.5));
  CHECK_FALSE(f.sent(VideoCmd::Play));

  playing = true;  // Space
  f.cmds.clear();
  g.frame([&] { v.follow(t, playing, 1.5f, false); });
  CHECK(f.sent(VideoCmd::Play));
  CHECK_FALSE(f.sent(VideoCmd::Seek));

  f.status.phase = VideoPhase::Playing;
  f.status.time = 6.25;
  f.status.rate = 1.5f;
  f.cmds.clear();
  t += ImGui::GetIO().DeltaTime * 1.5f;  // the player advances t by itself first: not a jump
  g.frame([&] { v.follow(t, playing, 1.5f, false); });
  CHECK(t == Approx(6.25f));  // the video is the clock
  CHECK_FALSE(f.sent(VideoCmd::Seek));

  t = 30;  // a scrub or chapter step while playing: seek
  g.frame([&] { v.follow(t, playing, 1.5f, false); });
  CHECK(f.last(VideoCmd::Seek) == Approx(30));

  f.status.time = 30.5;
  playing = false;  // Space again
  f.cmds.clear();
  g.frame([&] { v.follow(t, playing, 1.5f, false); });
  CHECK(f.sent(VideoCmd::Pause));

  // Played to its end: the player stops there.
  f.status.phase = VideoPhase::Playing;
  playing = true;
  g.frame([&] { v.follow(t, playing, 1.5f, false); });
  f.status.phase = VideoPhase::Ended;
  f.status.time = 20;
  g.frame([&] { v.follow(t, playing, 1.5f, false); });
  CHECK_FALSE(playing);
  CHECK(t == Approx(20));
  // Play pressed at the end starts over.
  playing = true;
  f.cmds.clear();
  g.frame([&] { v.follow(t, playing, 1.5f, false); });
  CHECK(t == 0);
  CHECK(f.last(VideoCmd::Seek) == Approx(0));
  CHECK(f.sent(VideoCmd::Play));
}

TEST_CASE("video: on pause the player takes the time the picture stopped at", "[video]") {
  tmx::test::HeadlessImGui g;
  FakeVideo f;
  VideoView v;
  v.set_file("attention-mechanism.mp4");
  float t = 8;
  bool playing = true;
  f.status.phase = VideoPhase::Playing;
  f.status.time = 8;
  f.status.rate = 1;
  g.frame([&] { v.follow(t, playing, 1, false); });
  playing = false;  // Space: paused while the element's reported time lagged the picture
  f.cmds.clear();
  t += ImGui::GetIO().DeltaTime;
  g.frame([&] { v.follow(t, playing, 1, false); });
  CHECK(f.sent(VideoCmd::Pause));
  f.status.phase = VideoPhase::Ready;  // the element stopped at its exact position
  f.status.time = 8.13;
  g.frame([&] { v.follow(t, playing, 1, false); });
  CHECK(t == Approx(8.13f));
  CHECK_FALSE(f.sent(VideoCmd::Seek));
  // Once settled, t is the player's again: a later scrub seeks the paused video.
  t = 3;
  f.cmds.clear();
  g.frame([&] { v.follow(t, playing, 1, false); });
  CHECK(t == 3);
  CHECK(f.last(VideoCmd::Seek) == Approx(3));
}

TEST_CASE("video: the Cinema toggle exists only for scenes with a video in the build", "[video]") {
  tmx::test::HeadlessImGui g;
  FakeVideo f;
  SceneVideo with, without;
  CHECK(with.available("attention-mechanism"));
  CHECK_FALSE(without.available("rope-math"));
  float t = 4;
  bool playing = false;
  bool drew = true;
  g.frame([&] {
    with.draw_toggle("attention-mechanism");
    without.draw_toggle("rope-math");
    drew = with.draw_stage("attention-mechanism", ImGui::GetWindowDrawList(), ImVec2(0, 0), ImVec2(320, 180), t,
                           playing, 1, false, 60);
  });
  CHECK_FALSE(drew);  // off until toggled: the scene is drawn live
  CHECK(f.opened.empty());
}

TEST_CASE("video: ```video blocks in notes open only valid, listed files", "[video][markdown]") {
  tmx::test::HeadlessImGui g(1280, 3000);
  FakeVideo f;
  using namespace tmx::ui::md;
  const Document d = parse("```video good.mp4\n```\n\n```video ../../etc/passwd\n```\n\n```video nothere.mp4\n```\n\n"
                           "```video Evil<script>.mp4\n```\n");
  NoteView v;
  v.set_document(d, "n", ".", "/nonexistent");
  for (int i = 0; i < 3; ++i) g.frame([&] { v.draw(); }, ImVec2(760, 3000));
  CHECK(f.opened == std::vector<std::string>{"good.mp4"});
  CHECK(v.total_height() > 400);
}
