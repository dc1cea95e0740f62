// Font bytes embedded at build time (see scripts/gen_fonts.py): Inter for UI text,
// Inter SemiBold for headings, JetBrains Mono for code and numbers.
#pragma once
extern const unsigned char tmx_font_ui[];
extern const unsigned int tmx_font_ui_size;
extern const unsigned char tmx_font_bold[];
extern const unsigned int tmx_font_bold_size;
extern const unsigned char tmx_font_mono[];
extern const unsigned int tmx_font_mono_size;

// Chinese (scripts/gen_cjk_fonts.py, Noto Sans CJK SC): the two on-demand files' names, sizes,
// SHA-256 and the code points each merges (0-terminated, sorted); the base font with the few CJK
// characters the English UI shows ("简体中文").
extern const char tmx_cjk_subset_file[];
extern const unsigned int tmx_cjk_subset_bytes;
extern const char tmx_cjk_subset_sha256[];
extern const unsigned int tmx_cjk_subset_cps[];
extern const unsigned int tmx_cjk_subset_cps_count;
extern const char tmx_cjk_fallback_file[];
extern const unsigned int tmx_cjk_fallback_bytes;
extern const char tmx_cjk_fallback_sha256[];
extern const unsigned int tmx_cjk_fallback_cps[];
extern const unsigned int tmx_cjk_fallback_cps_count;
// The subset's characters that are rasterised at the heading sizes too (what headings show).
extern const unsigned int tmx_cjk_heading_cps[];
extern const unsigned int tmx_cjk_heading_cps_count;
extern const unsigned char tmx_font_cjk_base[];
extern const unsigned int tmx_font_cjk_base_size;
extern const unsigned int tmx_cjk_base_cps[];
extern const unsigned int tmx_cjk_base_cps_count;
