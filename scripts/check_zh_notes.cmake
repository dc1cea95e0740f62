# cmake -DCONTENT=content -DREQUIRE=ON -P scripts/check_zh_notes.cmake
# Lists every chapter content/en/notes/NN-slug.md without content/zh/notes/NN-slug.md; with REQUIRE
# (the default) the build fails on any, so no chapter lands English-only. The zh files themselves
# are checked against the English ones by tests/ui/test_zh_notes.cpp (headings, directives, checked
# numbers, formulas, figures, links, code).
file(GLOB _en RELATIVE ${CONTENT}/en/notes ${CONTENT}/en/notes/*.md)
list(SORT _en)
set(_missing "")
foreach(f IN LISTS _en)
  if(NOT EXISTS ${CONTENT}/zh/notes/${f})
    list(APPEND _missing ${f})
  endif()
endforeach()
list(LENGTH _missing _n)
if(_n EQUAL 0)
  return()
endif()
string(REPLACE ";" "\n  " _list "${_missing}")
if(REQUIRE)
  message(FATAL_ERROR "${_n} chapter(s) have no Chinese translation in content/zh/notes/ "
                      "(the format: README.md, 'Its Chinese translation'; the terms: content/zh/GLOSSARY.md):\n  ${_list}")
else()
  message(WARNING "TMX_REQUIRE_ZH_NOTES=OFF: ${_n} chapter(s) have no Chinese translation yet:\n  ${_list}")
endif()
