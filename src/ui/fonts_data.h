// Font bytes embedded at build time (see scripts/gen_fonts.py): Inter for UI text,
// Inter SemiBold for headings, JetBrains Mono for code and numbers.
#pragma once
extern const unsigned char tmx_font_ui[];
extern const unsigned int tmx_font_ui_size;
extern const unsigned char tmx_font_bold[];
extern const unsigned int tmx_font_bold_size;
extern const unsigned char tmx_font_mono[];
extern const unsigned int tmx_font_mono_size;
