# The Markdown writer (issue 2): the escaping property test against libcmark,
# and every Markdown output the project can produce parsed back by cmark.
pkg_check_modules(CMARK REQUIRED IMPORTED_TARGET libcmark)
nc_add_unit(test_markdown_roundtrip ${CMAKE_CURRENT_LIST_DIR}/test_markdown_roundtrip.c)
target_link_libraries(test_markdown_roundtrip PRIVATE PkgConfig::CMARK)
set_tests_properties(test_markdown_roundtrip PROPERTIES LABELS "unit;markdown")
nc_add_script(markdown_outputs LABELS validate
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/outputs.py)
set_tests_properties(markdown_outputs PROPERTIES LABELS "validate;markdown")
