#include "ui/i18n.h"

namespace tmx {

namespace {

struct Entry {
  S id;
  const char* text[static_cast<int>(Lang::Count)];  // one column per language
};

// Keep in enum order; tests/ui/test_i18n.cpp checks every id has text in every language.
const Entry kStrings[] = {
    {S::AppTitle, {"Transformer & Mamba Explorer"}},
    {S::Home, {"Home"}},
    {S::Notes, {"Notes"}},
    {S::Cinema, {"Cinema"}},
    {S::Lab, {"Lab"}},
    {S::ThemeDark, {"Dark theme"}},
    {S::ThemeLight, {"Light theme"}},
    {S::Language, {"Language"}},
    {S::LangEnglish, {"English"}},
    {S::Menu, {"Menu"}},
    {S::HomeTagline, {"Watch, touch and run the real math of Transformers and Mamba."}},
    {S::HomeIntro,
     {"Everything you see here is computed live by the same C++ code that runs the models: "
      "read a chapter, watch a scene, then change the numbers yourself."}},
    {S::HomeNotesCard, {"Chapters with typeset math, worked examples and live widgets inline."}},
    {S::HomeCinemaCard, {"Animated scenes drawn live: play, pause, scrub and step through each idea."}},
    {S::HomeLabCard, {"Interactive widgets: change a value and watch every intermediate number update."}},
    {S::Open, {"Open"}},
    {S::BuildInfo, {"Build"}},
    {S::Version, {"Version"}},
    {S::Platform, {"Platform"}},
    {S::Built, {"Built"}},
    {S::Revision, {"Revision"}},
    {S::FrameTime, {"Frame time"}},
    {S::Fps, {"FPS"}},
    {S::DisplayScale, {"Display scale"}},
    {S::NotesIndexTitle, {"Notes"}},
    {S::NotesIndexIntro, {"Chapters, in reading order. Each one computes its numbers with the project's own core."}},
    {S::NotesEmpty, {"No chapters were found in content/en/notes."}},
    {S::Chapter, {"Chapter"}},
    {S::CinemaIndexTitle, {"Cinema"}},
    {S::CinemaIndexIntro, {"Animated scenes, drawn live by the engine from numbers the core computes."}},
    {S::CinemaEmpty, {"This build contains no scenes yet."}},
    {S::LabIndexTitle, {"Lab"}},
    {S::LabIndexIntro, {"Interactive widgets. Every one can be linked to, embedded, and used inline in notes."}},
    {S::LabEmpty, {"This build contains no widgets yet."}},
    {S::NotFoundTitle, {"Page not found"}},
    {S::NotFoundBody, {"There is nothing at this address. The link may be mistyped or from a newer version."}},
    {S::BackHome, {"Back to the home page"}},
    {S::UnknownNote, {"There is no chapter with this name."}},
    {S::UnknownScene, {"There is no scene with this name."}},
    {S::UnknownWidget, {"There is no widget with this name."}},
    {S::OpenStandalone, {"Open in the full app"}},
    {S::CopyLink, {"Copy link"}},
    {S::CopyEmbed, {"Copy embed code"}},
    {S::Copied, {"Copied"}},
    {S::Loading, {"Loading…"}},
    {S::Warning, {"Warning"}},
    {S::SearchNotes, {"Search the notes"}},
    {S::NoResults, {"No matches."}},
    {S::OnThisPage, {"ON THIS PAGE"}},
    {S::PreviousChapter, {"\xE2\x86\x90 Previous chapter"}},
    {S::NextChapter, {"Next chapter \xE2\x86\x92"}},
    {S::AllChaptersOnePage, {"All chapters on one page"}},
    {S::VideoToggle, {"Video"}},
    {S::VideoToggleTip, {"Play the rendered MP4 of this scene instead of drawing it live (V)"}},
    {S::VideoPlay, {"Play"}},
    {S::VideoPause, {"Pause"}},
    {S::VideoMute, {"Mute"}},
    {S::VideoUnmute, {"Unmute"}},
    {S::VideoLoading, {"Loading video\xE2\x80\xA6"}},
    // "{file}" is replaced by the video's file name.
    {S::VideoUnavailable, {"Video '{file}' cannot play here."}},
    {S::VideoWebOnly, {"Video playback is available in the web build (open the website or scripts/run.sh)."}},
    {S::VideoMissing,
     {"Video '{file}' is not in this build: videos are files in assets/videos/ (scene videos are rendered by "
      "scripts/render_videos.sh)."}},
    {S::VideoFailed, {"Video '{file}' could not be played:"}},
};
static_assert(sizeof(kStrings) / sizeof(kStrings[0]) == static_cast<int>(S::Count), "every S needs an entry");

Lang g_lang = Lang::En;

}  // namespace

const char* tr(S id) {
  const int i = static_cast<int>(id);
  if (i < 0 || i >= static_cast<int>(S::Count)) return "?";
  const char* t = kStrings[i].text[static_cast<int>(g_lang)];
  return t ? t : kStrings[i].text[0];  // fall back to English for a missing translation
}

void set_language(Lang l) { g_lang = l; }
Lang language() { return g_lang; }
const char* language_name(Lang l) { return l == Lang::En ? "English" : "?"; }

}  // namespace tmx
