# The epub writer, and the XHTML renderer it shares with the html writer.
nc_add_unit(test_xhtml ${CMAKE_CURRENT_LIST_DIR}/test_xhtml.c)
# It unzips what the writer made; the library itself only dlopen()s libzip.
target_link_libraries(test_xhtml PRIVATE PkgConfig::LIBZIP)
# The unit test also leaves its documents (every structure of the model,
# with and without images) in a folder for the epubcheck run below.
set(NC_STRUCTURES_OUT ${CMAKE_CURRENT_BINARY_DIR}/work/epub_structures)
file(MAKE_DIRECTORY ${NC_STRUCTURES_OUT})
set_tests_properties(test_xhtml PROPERTIES
  ENVIRONMENT "NC_STRUCTURES_OUT=${NC_STRUCTURES_OUT}"
  FIXTURES_SETUP epub_structures)
nc_add_script(epub_seed LABELS cli
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/seed.py)
nc_add_script(epub_epubcheck LABELS "validate;slow" TIMEOUT 120
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/epubcheck.sh ${NC_STRUCTURES_OUT})
set_tests_properties(epub_epubcheck PROPERTIES FIXTURES_REQUIRED epub_structures)
