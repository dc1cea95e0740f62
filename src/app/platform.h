// The few things that differ between the browser and the desktop build.
#pragma once
#include <string>
#include <vector>

namespace tmx::ui {
struct VideoHooks;
struct ModelHooks;
}

namespace tmx::platform {

bool is_web();
std::string initial_hash();                                  // web: current location.hash; native: ""
void set_hash(const std::string& hash, bool replace);        // web: history push/replace; native: no-op
void open_external(const std::string& url);                  // http(s) only; new tab on the web
bool copy_to_clipboard(const std::string& text);  // false: this page has no clipboard API
// Web: a browser download; native: a file in the working directory. Returns where it went.
std::string save_file(const std::string& name, const std::string& bytes, const char* mime);
std::string share_base_url();                                // web: page URL without the hash
void report_ready();                                         // tells the shell to hide the loader
// Cinema fullscreen: the stage alone. Web: document fullscreen (left with Esc as well); native:
// the stage fills the app window until toggled again (Esc in the Cinema).
void toggle_fullscreen();
bool is_fullscreen();
// Videos (platform_video.cpp): web: <video> elements in the shell, frames uploaded as textures;
// native: "available in the web build". video_end_frame pauses videos not drawn this frame.
void install_video_hooks(ui::VideoHooks& hooks);
void video_end_frame();
// Trained models (platform_models.cpp): web: downloads through the shell into the virtual file
// system; native: nothing to install (the model store reads assets/models in place).
void install_model_hooks(ui::ModelHooks& hooks);
// Chinese fonts (ui/fonts.h): window.explorerFonts fetches assets/fonts/NAME (web only).
void install_font_hooks(ui::ModelHooks& hooks);
// Packs (ui/pack_store.h): the same download path for assets/packs/NAME.pack (web only).
void install_pack_hooks(ui::ModelHooks& hooks);
// Device and reader preferences, and the hidden text input (platform_input.cpp). Web: media
// queries and localStorage; native: a mouse, dark, motion on, nothing remembered.
bool coarse_pointer();                 // a touch screen is the main pointer
bool preferred_dark_theme();           // the reader's remembered choice, else prefers-color-scheme
void remember_theme(bool dark);        // an explicit choice, kept for the next visit
bool reduced_motion();                 // prefers-reduced-motion: reduce
// The reader's language (app/language.h). address_language: the `lang` value of the page address's
// query, before the hash (at most 32 bytes; "" when none; natively $TMX_LANG); stored_language: the
// remembered code; browser_languages: navigator.languages (natively none). set_address_language
// writes `lang=CODE` into the address in place (history.replaceState: no reload, no history entry,
// the hash and other query keys kept); "" removes it. Codes are the app's own ("en", "zh").
std::string address_language();
std::string stored_language();
std::vector<std::string> browser_languages();
void remember_language(const char* code);
void set_address_language(const char* code);
// The page's hidden input follows the active ImGui text field (focus, caret position in CSS px).
void text_field_changed(bool active, float x, float y, float h);

}  // namespace tmx::platform
