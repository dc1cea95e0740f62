// Every UI string goes through tr(S::...) so a second language is one more column.
// Content (notes) is localized by folder instead: content/<lang>/.
#pragma once

namespace tmx {

enum class Lang { En, Count };

enum class S {
  AppTitle, Home, Notes, Cinema, Lab, ThemeDark, ThemeLight, Language, LangEnglish, Menu,
  HomeTagline, HomeIntro, HomeNotesCard, HomeCinemaCard, HomeLabCard, Open,
  BuildInfo, Version, Platform, Built, Revision, FrameTime, Fps, DisplayScale,
  NotesIndexTitle, NotesIndexIntro, NotesEmpty, Chapter,
  CinemaIndexTitle, CinemaIndexIntro, CinemaEmpty,
  LabIndexTitle, LabIndexIntro, LabEmpty,
  NotFoundTitle, NotFoundBody, BackHome, UnknownNote, UnknownScene, UnknownWidget,
  OpenStandalone, CopyLink, CopyEmbed, Copied, Loading, Warning,
  SearchNotes, NoResults, OnThisPage, PreviousChapter, NextChapter, AllChaptersOnePage,
  VideoToggle, VideoToggleTip, VideoPlay, VideoPause, VideoMute, VideoUnmute, VideoLoading,
  VideoUnavailable, VideoWebOnly, VideoMissing, VideoFailed,
  Count
};

const char* tr(S id);
void set_language(Lang l);
Lang language();
const char* language_name(Lang l);  // in its own language, for the menu

}  // namespace tmx
