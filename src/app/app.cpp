// [SECTION] Frame statistics
// [SECTION] Navigation
// [SECTION] Frame: chrome and page dispatch
// [SECTION] Status for the JS API
#include "app/app.h"

#include <imgui.h>
#include <imgui_internal.h>  // GetActiveID

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "app/pages/pages.h"
#include "core/json.h"
#include "app/keyboard_nav.h"
#include "app/language.h"
#include "app/platform.h"
#include "app/present.h"
#include "app/text_input.h"
#include "app/text_layer.h"
#include "ui/a11y.h"
#include "app/touch_input.h"
#include "anim/scene.h"
#include "ui/catalog.h"
#include "ui/cjk_wrap.h"
#include "ui/export.h"
#include "ui/fonts.h"
#include "ui/host.h"
#include "ui/i18n.h"
#include "ui/legibility.h"
#include "ui/panels.h"
#include "ui/sliced_job.h"
#include "ui/math.h"
#include "ui/image.h"
#include "ui/model_store.h"
#include "ui/opaque_fill.h"
#include "ui/pack_store.h"
#include "ui/theme.h"
#include "ui/touch.h"
#include "ui/widget.h"

namespace tmx {

//-----------------------------------------------------------------------------
// [SECTION] Frame statistics
//-----------------------------------------------------------------------------
void FrameStats::push(float frame_ms) {
  ms[head] = frame_ms;
  head = (head + 1) % kHistory;
  count = std::min(count + 1, kHistory);
}

float FrameStats::mean_ms() const {
  if (count == 0) return 0;
  float s = 0;
  for (int i = 0; i < count; ++i) s += ms[i];
  return s / count;
}

float FrameStats::percentile_ms(float q) const {
  if (count == 0) return 0;
  float tmp[kHistory];
  std::copy(ms, ms + count, tmp);
  const int k = std::clamp(static_cast<int>(count * q), 0, count - 1);
  std::nth_element(tmp, tmp + k, tmp + count);
  return tmp[k];
}

float FrameStats::p95_ms() const { return percentile_ms(0.95f); }
float FrameStats::last_ms() const { return count ? ms[(head + kHistory - 1) % kHistory] : 0.0f; }

//-----------------------------------------------------------------------------
// [SECTION] Navigation
//-----------------------------------------------------------------------------
std::string app_math_dir() {
#ifdef __EMSCRIPTEN__
  return "/math";  // preloaded from the build's gen/math (see CMakeLists.txt)
#else
  if (const char* env = std::getenv("TMX_MATH")) return env;
  return TMX_MATH_DIR;
#endif
}

App::App(std::string content_root) : content_root_(std::move(content_root)) {
  // First visit: the system's colour scheme; after that, the reader's own choice (remembered).
  dark_ = platform::preferred_dark_theme();
  reduced_motion_ = platform::reduced_motion();
  if (platform::coarse_pointer()) touch_input().set_device(true);
  touch_input().set_reduced_motion(reduced_motion_);
  ui::touch_frame().device = touch_input().device();
  touch_sized_ = ui::touch_frame().device;
  ui::apply_theme(dark_);
  // Scenes draw typeset formulas too, so the math is loaded before any page (not just Notes).
  if (ui::math_cache().size() == 0) ui::math_cache().load(app_math_dir());
  // What the UI layer may ask of the app (links in notes, copy buttons, exports).
  ui::Host& h = ui::host();
  h.navigate = [this](const std::string& hash) { go_hash(hash); };
  h.open_external = platform::open_external;
  h.copy_to_clipboard = platform::copy_to_clipboard;
  h.save_file = platform::save_file;
  platform::install_video_hooks(h.video);
  platform::install_model_hooks(h.models);
  platform::install_font_hooks(h.fonts);
  platform::install_pack_hooks(h.packs);
  // The language: from the address, else remembered, else the browser's (app/language.h).
  const LanguageChoice lc = choose_language(platform::address_language(), platform::stored_language(),
                                            platform::browser_languages());
  if (lc.bad_address) lang_notice_ = trf(S::LangUnknownInAddress, {language_name(lc.lang)});
  set_language(lc.lang);
  // The address says Chinese whenever the page is Chinese (a copied link keeps it); a bad value is dropped.
  if (lc.lang == Lang::Zh || lc.bad_address) platform::set_address_language(lc.lang == Lang::Zh ? "zh" : "");
  if (lc.from == LanguageChoice::From::Address) platform::remember_language(lang_code(lc.lang));
}

void App::set_language_choice(Lang l, bool remember) {
  pending_lang_ = static_cast<int>(l);
  if (remember) platform::remember_language(lang_code(l));
}

// Switching language: the address follows in place; the open Lab widget's parameters that were
// still at their defaults take the new language's defaults (tang-gpt and a Chinese prompt for zh);
// the notes (content/<lang>/notes) and figures follow on their next frame (notes_page.cpp).
void App::apply_language(Lang l) {
  if (l != language()) {
    if (route_.room == Room::Lab && !route_.slug.empty()) {
      auto it = lab_widgets_.find(route_.slug);
      if (it != lab_widgets_.end()) {
        ui::Params kept;
        for (const auto& kv : route_.params) {
          const ui::ParamSpec* spec = it->second->param_specs().find(kv.first);
          if (!spec || spec->def != kv.second) kept.push_back(kv);
        }
        route_.params = kept;
      }
    }
    set_language(l);
    lab_widgets_.clear();
    lab_params_applied_.clear();
    platform::set_hash(format_route(route_), /*replace=*/true);
  }
  platform::set_address_language(l == Lang::Zh ? "zh" : "");
  lang_notice_.clear();
}

void App::take_lang_param(Route& r) {
  const auto it = std::find_if(r.params.begin(), r.params.end(), [](const auto& kv) { return kv.first == "lang"; });
  if (it == r.params.end()) return;
  Lang l = Lang::En;
  if (parse_lang_code(it->second, l)) {
    if (l != language()) pending_lang_ = static_cast<int>(l);
  } else {
    lang_notice_ = trf(S::LangUnknownInAddress, {language_name(language())});
  }
  r.params.erase(it);
}

void App::set_dark_theme(bool dark) {
  // Applied at the start of the next frame: changing style colours while a PushStyleColor is
  // active would be undone by the matching Pop.
  pending_dark_ = dark ? 1 : 0;
}

void App::on_hash(const std::string& hash) {
  Route r = parse_route(hash);
  take_lang_param(r);
  if (r == route_ && r.room != Room::NotFound) return;  // our own pushState echoing back
  route_ = std::move(r);
  lab_params_applied_.clear();
  nav_open_ = false;
}

void App::go(const Route& r) {
  route_ = r;
  lab_params_applied_.clear();
  nav_open_ = false;
  ImGui::SetScrollY(0);
  platform::set_hash(format_route(route_), /*replace=*/false);
}

void App::replace_params(const ui::Params& params) {
  if (route_.params == params) return;
  route_.params = params;
  platform::set_hash(format_route(route_), /*replace=*/true);
}

ui::Widget* App::lab_widget(const std::string& slug) {
  auto it = lab_widgets_.find(slug);
  if (it != lab_widgets_.end()) return it->second.get();
  const ui::WidgetInfo* info = ui::find_widget(slug);
  if (!info) return nullptr;
  auto w = info->create();
  ui::Widget* raw = w.get();
  lab_widgets_[slug] = std::move(w);
  return raw;
}

//-----------------------------------------------------------------------------
// [SECTION] Frame: chrome and page dispatch
//-----------------------------------------------------------------------------
void App::frame(float dt_seconds) {
  if (pending_dark_ >= 0) {
    dark_ = pending_dark_ == 1;
    ui::apply_theme(dark_);
    pending_dark_ = -1;
  }
  if (pending_lang_ >= 0) {
    apply_language(static_cast<Lang>(pending_lang_));
    pending_lang_ = -1;
  }
  if (ui::touch_frame().device != touch_sized_) {  // finger-sized controls once a touch screen shows up
    touch_sized_ = ui::touch_frame().device;
    ui::apply_theme(dark_);
  }
  stats_.push(dt_seconds * 1000.0f);
  ui::touch_new_frame();  // last frame's drag claims and probe targets age
  ui::legibility_new_frame();
  ui::panels_new_frame();
  ui::opaque_fill_new_frame();
  ui::slice_frame_begin();  // the page's sliced work shares one budget per frame
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  narrow_ = vp->Size.x < kDrawerBelowPx;

  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  // No background: the frame is cleared to WindowBg before drawing (main.cpp), and painting it
  // again would fill every pixel once more for nothing (a third of a frame's fill on the home page).
  const ImGuiWindowFlags root_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                      ImGuiWindowFlags_NoBackground;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("##root", nullptr, root_flags);
  ImGui::PopStyleVar();

  const bool stage_fullscreen = platform::is_fullscreen() && route_.room == Room::Cinema && !route_.slug.empty();
  if (route_.embed || stage_fullscreen) {
    // Embed: the content only, no chrome (for iframes in other pages). Fullscreen scene: the stage.
    ImGui::BeginChild("##embed", ImVec2(0, 0), false,
                      ImGuiWindowFlags_NavFlattened | (stage_fullscreen ? 0 : ImGuiWindowFlags_AlwaysUseWindowPadding));
    draw_page();
    ImGui::EndChild();
  } else {
    draw_top_bar();
    const float nav_w = narrow_ ? 0.0f : 200.0f;
    if (!narrow_) {
      draw_nav(nav_w);
      ImGui::SameLine(0, 0);
    }
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(narrow_ ? 16.0f : 32.0f, 20.0f));
    // The content card's background is most of the screen, so it is filled by a clear
    // (ui/opaque_fill.h), on the root's draw list (drawn before its children's) under anything
    // ImGui puts there for the card: a child without a background has its scrollbar drawn in its
    // parent's list. The card's rect is known after EndChild, hence the two channels.
    ImDrawList* root_dl = ImGui::GetWindowDrawList();
    card_layers_.Split(root_dl, 2);
    card_layers_.SetCurrentChannel(root_dl, 1);
    ImGui::BeginChild("##content", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding |
                      ImGuiWindowFlags_NavFlattened | ImGuiWindowFlags_NoBackground);
    ImGui::PopStyleVar();
    draw_page();
    ImGui::EndChild();
    card_layers_.SetCurrentChannel(root_dl, 0);
    ui::fill_opaque_rect(root_dl, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ImGui::GetColorU32(ImGuiCol_ChildBg),
                         ImGui::GetStyle().ChildRounding);
    card_layers_.Merge(root_dl);
    if (narrow_ && nav_open_) draw_drawer();
    drawer_shown_ = narrow_ && nav_open_;
  }
  ImGui::End();
  ui::draw_font_progress();  // while a Chinese font downloads (ui/fonts.h)
  ui::draw_pack_progress();  // packs downloading for a while, or failed with Retry (ui/pack_store.h)

  // The DOM text layer takes the pointer only when nothing ImGui draws on top covers the note.
  std::string title;
  route_found(&title);
  const bool covered = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId) || (narrow_ && nav_open_);
  text_layer::end_frame(route_.room == Room::Home ? std::string() : title, language_tag(language()),
                        !covered);

  // Ready (the shell hides its loader) once the reader's edition is here: on the website the
  // Chinese text is a pack (ui/pack_store.h) and the Chinese font a file (ui/fonts.h), both fetched
  // by the shell with the wasm. A failure shows on the page (the pack's with Retry) at once.
  const ui::ModelPhase edition = ui::pack_store().want(lang_code(language())).phase;
  const bool font_in = language() != Lang::Zh || ui::cjk_ui_font_settled();
  if (!ready_reported_ && ((edition == ui::ModelPhase::Ready && font_in) || edition == ui::ModelPhase::Failed)) {
    ready_reported_ = true;
    platform::report_ready();
  }
}

// The navigation as a drawer over the content (narrow windows): the Menu button opens it; a tap
// outside it (on the dimmed page), Esc or choosing a room closes it.
void App::draw_drawer() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float top = vp->Pos.y + top_bar_height();
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
  // The scrim: dims the page and takes the tap that closes the drawer (so the tap does not also
  // press whatever is under it). Begun first, so the drawer stays on top of it.
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, top));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, vp->Size.y - (top - vp->Pos.y)));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::GetStyleColorVec4(ImGuiCol_ModalWindowDimBg));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  ImGui::Begin("##scrim", nullptr, flags | ImGuiWindowFlags_NoNav);
  // Each time the drawer opens, the scrim and then the drawer go on top of everything (a window
  // that is new, or was clicked last time, would otherwise keep its old place).
  const bool opening = !drawer_shown_;
  if (opening) ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  ImGui::SetCursorScreenPos(ImVec2(vp->Pos.x, top));
  if (ImGui::InvisibleButton("##close_drawer", ImVec2(vp->Size.x, std::max(1.0f, vp->Size.y - (top - vp->Pos.y)))))
    nav_open_ = false;
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();

  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, top));
  ImGui::SetNextWindowSize(ImVec2(std::min(280.0f, vp->Size.x * 0.8f), vp->Size.y - (top - vp->Pos.y)));
  ImGui::Begin("##drawer", nullptr, flags);
  if (opening) ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) nav_open_ = false;
  const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
  drawer_rect_[0] = p.x, drawer_rect_[1] = p.y, drawer_rect_[2] = s.x, drawer_rect_[3] = s.y;
  draw_nav(0);
  ImGui::End();
}

// 48 px, or taller when finger-sized buttons (touch screens) need it.
float App::top_bar_height() { return std::max(48.0f, ImGui::GetFrameHeight() + 8.0f); }

void App::draw_top_bar() {
  const ui::Palette& pal = ui::palette();
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_MenuBarBg));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(16, std::min(10.0f, (top_bar_height() - ImGui::GetFrameHeight()) / 2)));
  ImGui::BeginChild("##topbar", ImVec2(0, top_bar_height()), false, ImGuiWindowFlags_AlwaysUseWindowPadding |
                                                              ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NavFlattened);
  ImGui::PopStyleVar();
  ui::a11y::begin_region(tr(S::A11yTopBar), ui::a11y::Landmark::Banner);  // the page's landmarks (ui/a11y.h)
  if (narrow_) {
    if (ImGui::Button(tr(S::Menu), ImVec2(0, std::max(ImGui::GetFrameHeight(), ui::finger_min_height()))))
      nav_open_ = !nav_open_;
    ui::touch_note_item("menu");
    ImGui::SameLine();
  }
  ImGui::PushFont(ui::fonts().h3);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 2.0f);
  if (ImGui::Selectable(tr(S::AppTitle), false, 0, ImGui::CalcTextSize(tr(S::AppTitle)))) go_hash("#/");
  ui::check_item_fits(tr(S::AppTitle));
  ImGui::PopFont();

  // Right side: language menu and theme toggle (in the drawer on narrow screens).
  if (!narrow_) {
    const char* theme_label = dark_ ? tr(S::ThemeLight) : tr(S::ThemeDark);
    const ImGuiStyle& st = ImGui::GetStyle();
    const float right_w = ImGui::CalcTextSize(theme_label).x + ImGui::CalcTextSize(language_name(language())).x +
                          4 * st.FramePadding.x + st.ItemSpacing.x + 16.0f;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20.0f, ImGui::GetWindowWidth() - right_w));
    ImGui::SetCursorPosY(6.0f);
    draw_settings_buttons();
  }
  ui::a11y::end_region();
  ImGui::EndChild();
  ImGui::PopStyleColor();
  // Hairline under the bar.
  const ImVec2 p = ImGui::GetItemRectMin(), q = ImGui::GetItemRectMax();
  ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, q.y), ImVec2(q.x, q.y), pal.border);
}

void App::draw_settings_buttons() {
  if (ImGui::Button(language_name(language()))) ImGui::OpenPopup("##lang");
  if (ImGui::BeginPopup("##lang")) {
    ui::a11y::begin_region(tr(S::Language), ui::a11y::Landmark::Dialog);
    ImGui::TextDisabled("%s", tr(S::Language));
    // Each language named in itself, so a reader who cannot read the current one still finds theirs.
    for (Lang l : {Lang::En, Lang::Zh})
      if (ImGui::MenuItem(language_name(l), nullptr, language() == l)) set_language_choice(l, /*remember=*/true);
    ui::a11y::end_region();
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button(dark_ ? tr(S::ThemeLight) : tr(S::ThemeDark))) {
    set_dark_theme(!dark_);
    platform::remember_theme(!dark_);
  }
}

void App::draw_nav(float width) {
  if (width > 0) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_MenuBarBg));
    ImGui::BeginChild("##nav", ImVec2(width, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NavFlattened);
  }
  ui::a11y::begin_region(tr(S::A11yNavigation), ui::a11y::Landmark::Navigation);
  struct Item { S label; Room room; };
  const Item items[] = {{S::Home, Room::Home},     {S::Notes, Room::Notes}, {S::Cinema, Room::Cinema},
                        {S::Lab, Room::Lab},       {S::About, Room::About}};
  ImGui::Dummy(ImVec2(0, 6));
  for (const Item& it : items) {
    const bool active = route_.room == it.room;
    ImGui::PushFont(active ? ui::fonts().bold : ui::fonts().body);
    const bool picked = ImGui::Selectable(tr(it.label), active, 0, ImVec2(0, std::max(30.0f, ImGui::GetFrameHeight())));
    if (width <= 0) ui::touch_note_item(it.room == Room::Home ? "nav-home" : (std::string("nav-") + room_slug(it.room)).c_str());
    if (picked) {
      Route r;
      r.room = it.room;
      go(r);
    }
    ImGui::PopFont();
  }
  if (width <= 0) {  // the narrow drawer also carries the settings
    ImGui::Separator();
    draw_settings_buttons();
  }
  ui::a11y::end_region();
  if (width > 0) {
    ImGui::EndChild();
    ImGui::PopStyleColor();
  }
}

void App::draw_page() {
  // The page's content is the main landmark, named by the page's title (ui/a11y.h).
  std::string title;
  route_found(&title);
  ui::a11y::begin_region(title, ui::a11y::Landmark::Main);
  draw_page_content();
  ui::a11y::end_region();
}

void App::draw_page_content() {
  if (!lang_notice_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::palette().warning);
    ui::text_wrapped(lang_notice_);
    ImGui::PopStyleColor();
  }
  switch (route_.room) {
    case Room::Home: draw_home_page(*this); break;
    case Room::Notes: draw_notes_page(*this); break;
    case Room::Cinema: draw_cinema_page(*this); break;
    case Room::Lab: draw_lab_page(*this); break;
    case Room::About: draw_about_page(*this); break;
    case Room::NotFound: draw_not_found_page(*this, route_); break;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Status for the JS API
//-----------------------------------------------------------------------------
static std::string json_escape(const std::string& s) {
  std::string o;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') { o += '\\'; o += static_cast<char>(c); }
    else if (c < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); o += b; }
    else o += static_cast<char>(c);
  }
  return o;
}

// The UI kit's export controls drawn last frame (CSS px), so automation can find and click them.
static std::string exports_json() {
  std::string out = "[";
  char buf[160];
  for (const ui::ExportTarget& t : ui::export_targets()) {
    std::snprintf(buf, sizeof buf, "\",\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f,\"plot\":[%.1f,%.1f,%.1f,%.1f]}",
                  t.min.x, t.min.y, t.max.x - t.min.x, t.max.y - t.min.y, t.plot_min.x, t.plot_min.y,
                  t.plot_max.x - t.plot_min.x, t.plot_max.y - t.plot_min.y);
    out += (out.size() > 1 ? ",{\"name\":\"" : "{\"name\":\"") + json_escape(t.name) + buf;
  }
  return out + "]";
}

// The current Lab widget's numbers for tests (Widget::probe_json), as ',"widget":{...}' or "".
std::string App::widget_probe_json() const {
  if (route_.room != Room::Lab || route_.slug.empty()) return "";
  auto it = lab_widgets_.find(route_.slug);
  if (it == lab_widgets_.end()) return "";
  std::string w = ",\"warnings\":[";  // what the widget says it clamped or refused
  for (size_t i = 0; i < it->second->warnings().size(); ++i) w += (i ? "," : "") + json::quote(it->second->warnings()[i]);
  w += "]";
  const std::string j = it->second->probe_json();
  return w + (j.empty() ? "" : ",\"widget\":" + j);
}

// The keyboard's place (app/keyboard_nav.h): the focused item, whether its ring shows, and
// whether it is active (a slider reached by Tab takes the arrow keys).
static std::string nav_json() {
  char buf[96];
  std::snprintf(buf, sizeof buf, "{\"id\":%u,\"ring\":%s,\"active\":%s}", keyboard_nav::focused_id(),
                keyboard_nav::ring_visible() ? "true" : "false", ImGui::GetActiveID() != 0 ? "true" : "false");
  return buf;
}

// For tests: last frame's interactive ImGui items inside the page's landmarks, the DOM controls
// recorded for them, and those without a named record (ui/a11y.h).
static std::string a11y_json() {
  std::string missing;
  for (const std::string& m : ui::a11y::missing_last_frame()) missing += (missing.empty() ? "" : ",") + json::quote(m);
  return "{\"items\":" + std::to_string(ui::a11y::items_last_frame()) +
         ",\"controls\":" + std::to_string(ui::a11y::controls_last_frame()) + ",\"missing\":[" + missing + "]}";
}

// The narrow layout's navigation drawer: whether the layout has one, whether it is open, where.
std::string App::drawer_json() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "{\"narrow\":%s,\"open\":%s,\"rect\":[%.1f,%.1f,%.1f,%.1f]}", narrow_ ? "true" : "false",
                narrow_ && nav_open_ ? "true" : "false", static_cast<double>(drawer_rect_[0]),
                static_cast<double>(drawer_rect_[1]), static_cast<double>(drawer_rect_[2]), static_cast<double>(drawer_rect_[3]));
  return buf;
}

std::string App::status_json() const {
  const float mean = stats_.mean_ms();
  char fps[32];
  std::snprintf(fps, sizeof fps, "%.1f", mean > 0 ? 1000.0 / mean : 0.0);
  char work[160];  // per-frame CPU work over the last frames, in ms; last: the latest frame's; aim: sliced_job.h
  std::snprintf(work, sizeof work, "{\"p50\":%.2f,\"p95\":%.2f,\"max\":%.2f,\"last\":%.2f,\"frames\":%d,\"aim\":%.2f}",
                static_cast<double>(work_.percentile_ms(0.5f)), static_cast<double>(work_.p95_ms()),
                static_cast<double>(work_.percentile_ms(1.0f)), static_cast<double>(work_.last_ms()), work_.count,
                ui::frame_work_aim_ms());
  const char* room = route_.room == Room::NotFound ? "not-found" : route_.room == Room::Home ? "home" : room_slug(route_.room);
  std::string title;
  const bool found = route_found(&title);
  const ui::CopyFeedback cf = ui::copy_feedback();  // what a Copy link / Copy embed button shows now
  const char* copy_state = cf == ui::CopyFeedback::Copied ? "copied" : cf == ui::CopyFeedback::Fallback ? "fallback" : "";
  return std::string("{\"ready\":true,\"route\":\"") + json_escape(format_route(route_)) + "\",\"room\":\"" + room +
         "\",\"slug\":\"" + json_escape(route_.slug) + "\",\"found\":" + (found ? "true" : "false") +
         ",\"title\":\"" + json_escape(title) + "\",\"embed\":" + (route_.embed ? "true" : "false") +
         ",\"fps\":" + fps + ",\"work\":" + work + ",\"present\":{\"presented\":" +
         std::to_string(present::counts().presented) + ",\"skipped\":" + std::to_string(present::counts().skipped) + ",\"slept\":" + std::to_string(present::counts().slept) +
         ",\"asleep\":" + (present::asleep() ? "true" : "false") +
         ",\"clears\":" + std::to_string(ui::opaque_fill_clears()) + "},\"lastError\":\"" + json_escape(last_error_) +
         "\",\"exports\":" + exports_json() + ",\"models\":" + ui::model_store().status_json() + ",\"dropIn\":{\"ok\":" +
         (ui::model_store().drop_ok() ? "true" : "false") + ",\"message\":" + json::quote(ui::model_store().drop_message()) +
         "},\"copy\":\"" + copy_state + "\",\"nav\":" + nav_json() + ",\"toc\":" +
         (route_.room == Room::Notes ? notes_toc_json() : std::string("[]")) + ",\"theme\":\"" + (dark_ ? "dark" : "light") +
         "\",\"lang\":\"" + lang_code(language()) +
         "\",\"langNotice\":" + json::quote(lang_notice_) + ",\"reducedMotion\":" + (reduced_motion_ ? "true" : "false") +
         ",\"touch\":" + touch_input().status_json() + ",\"a11y\":" + a11y_json() +
         ",\"textInput\":" + text_input().status_json() + ",\"fonts\":" + ui::fonts_status_json() + ",\"packs\":" + ui::pack_store().status_json() +
         ",\"images\":" + ui::texture_status_json() +
         ",\"targets\":" + ui::touch_targets_json() + ",\"text\":" + ui::text_sizes_json(ui::kMinReadablePx) +
         ",\"clipped\":" + ui::clipped_json() + ",\"drawer\":" + drawer_json() + ",\"panels\":" + ui::panels_json() + widget_probe_json() + "}";
}

std::string App::catalog_json() const { return ui::catalog_json(content_root_); }

bool App::route_found(std::string* title) const {
  std::string t;
  bool found = false;
  switch (route_.room) {
    case Room::Home:
      found = true, t = tr(S::AppTitle);
      break;
    case Room::About:
      found = true, t = tr(S::About);
      break;
    case Room::NotFound:
      t = tr(S::NotFoundTitle);
      break;
    case Room::Notes:
      if (route_.slug.empty()) found = !route_.embed, t = tr(S::NotesIndexTitle);  // an embed needs a slug
      else if (route_.slug == "all") found = true, t = tr(S::AllChaptersOnePage);
      else found = !(t = ui::note_title(content_root_, route_.slug)).empty();
      break;
    case Room::Cinema:
      if (route_.slug.empty()) found = !route_.embed, t = tr(S::CinemaIndexTitle);  // an embed needs a slug
      else if (const auto* s = anim::find_scene(route_.slug)) found = true, t = s->title;
      break;
    case Room::Lab:
      if (route_.slug.empty()) found = !route_.embed, t = tr(S::LabIndexTitle);  // an embed needs a slug
      else if (const auto* w = ui::find_widget(route_.slug)) found = true, t = w->title;
      break;
  }
  if (!found && route_.room != Room::NotFound) t = tr(S::NotFoundTitle);
  if (title) *title = t;
  return found;
}

}  // namespace tmx
