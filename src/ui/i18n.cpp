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
    {S::FrameWork, {"Work per frame"}},
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
    {S::NoteCalloutNote, {"Note"}},
    {S::NoteCalloutTip, {"Tip"}},
    {S::NoteCalloutImportant, {"Important"}},
    {S::NoteCalloutWarning, {"Warning"}},
    {S::NoteCalloutCaution, {"Caution"}},
    {S::NoteCodeCopy, {"Copy"}},
    {S::NoteWidgetLabel, {"LIVE WIDGET"}},
    {S::NoteVideoLabel, {"VIDEO"}},
    {S::NoteOpenInLab, {"Open in Lab"}},
    {S::NoteDirectiveProblems, {"Directive parameters: {0}"}},
    {S::NoteWidgetUnknown, {"Unknown widget '{0}'. Available: {1}."}},
    {S::NoteNone, {"none"}},
    {S::NoteNotKeyValue, {"'{0}' is not key=value"}},
    {S::NoteDirectiveNoName, {"A ```{0} block needs a name, e.g. ```{0} {1}"}},
    {S::NoteNestedTooDeep, {"Lists or quotes are nested more than {0} levels deep; deeper levels are shown flat."}},
    {S::NoteBlockCut, {"A block longer than {0} characters was cut short here."}},
    {S::NoteParserStopped, {"The markdown parser stopped early (out of memory?); the rest of this note is missing."}},
    {S::NoteMathMissing, {"Formula not in the math cache (rebuild to typeset it): {0}"}},
    {S::NoteMathMissingTip, {"Formula image missing: {0}"}},
    {S::NoteImageOutside, {"Image '{0}': only files inside the content folder can be shown."}},
    {S::NoteImageFailed, {"Image '{0}': {1}."}},
    {S::NoteFigureBadName, {"Figure '{0}': use figures/NAME.svg (lower-case letters, digits, '-')."}},
    {S::NoteFigureMissing, {"Figure '{0}' was not generated ({1}): add the SVG to content/en/figures/ and rebuild."}},
    {S::VideoNameBad, {"Video name '{0}' is not allowed: {1}"}},
    {S::VideoNameEmpty, {"it is empty."}},
    {S::VideoNameLong, {"it is longer than 85 characters."}},
    {S::VideoNameFolders, {"give a bare file name from assets/videos/, without folders."}},
    {S::VideoNameDots, {"it contains '..'."}},
    {S::VideoNameExt, {"it must end in .mp4."}},
    {S::VideoNameFirst, {"it must start with a lower-case letter or a digit."}},
    {S::VideoNameChars, {"use only a-z, 0-9, '.', '_' and '-'."}},
    {S::ScenePlay, {"Play"}},
    {S::ScenePause, {"Pause"}},
    {S::SceneLoop, {"Loop"}},
    {S::SceneSpeed, {"Speed"}},
    {S::ScenePrevChapter, {"Previous chapter (\xE2\x86\x90)"}},
    {S::SceneNextChapter, {"Next chapter (\xE2\x86\x92)"}},
    {S::SceneFullscreen, {"Fullscreen"}},
    {S::SceneOpenInCinema, {"Open in Cinema"}},
    {S::SceneBlockLabel, {"SCENE"}},
    {S::SceneTimeOf, {"{0} / {1} s"}},
    {S::SceneAtTime, {"{0} s"}},
    {S::SceneAtTimeChapter, {"{0} s  \xC2\xB7  {1}"}},
    {S::SceneCardMeta, {"{0} s \xC2\xB7 {1} chapters"}},
    {S::SceneStageHint, {"Click to play or pause"}},
    {S::SceneKeysHint, {"Space: play or pause  \xC2\xB7  \xE2\x86\x90 \xE2\x86\x92: chapters"}},
    {S::SceneNotice, {"Note: {0}"}},
    {S::SceneTNotNumber, {"t={0} is not a number: starting at 0 s."}},
    {S::SceneTOutside, {"t={0} is outside the scene (0\xE2\x80\x93{1} s): clamped to {2} s."}},
    {S::SceneSpeedInvalid, {"speed={0} is not one of 0.25\xE2\x80\x93" "2: using {1}."}},
    {S::SceneUnknown, {"Unknown scene '{0}' (this build has {1} scenes)."}},
    {S::SceneParamChapter, {"chapter={0}: this scene has chapters 1\xE2\x80\x93{1}; starting at the beginning."}},
    {S::SceneParamLoop, {"loop={0}: use loop=1 or loop=0."}},
    {S::SceneParamUnknown, {"Unknown parameter '{0}' (a scene takes t=, chapter=, speed= and loop=)."}},
    {S::SceneParamBoth, {"t= and chapter= both given: using chapter={0}."}},
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
    {S::VideoLiveFallback, {"The recording {0} cannot play here, so this is the scene drawn live."}},
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

std::string trf(S id, std::initializer_list<std::string> args) {
  const std::string f = tr(id);
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '{' && i + 2 < f.size() && f[i + 1] >= '0' && f[i + 1] <= '9' && f[i + 2] == '}') {
      const size_t k = static_cast<size_t>(f[i + 1] - '0');
      if (k < args.size()) out += *(args.begin() + k);
      i += 2;
      continue;
    }
    out += f[i];
  }
  return out;
}

void set_language(Lang l) { g_lang = l; }
Lang language() { return g_lang; }
const char* language_name(Lang l) { return l == Lang::En ? "English" : "?"; }

}  // namespace tmx
