# The PDF writer: unit tests on built documents, then validators we did not
# write (qpdf, pdffonts, pdfinfo, pdftotext) on the seed, the reader's cases,
# the corpus fixtures, a long document and a document with every structure.
nc_add_unit(test_pdf ${CMAKE_CURRENT_LIST_DIR}/test_pdf.c)
# The hyphenation dictionary cut down to a document's words.
nc_add_unit(test_pdf_hyphen ${CMAKE_CURRENT_LIST_DIR}/test_pdf_hyphen.c)
target_include_directories(test_pdf_hyphen PRIVATE ${PROJECT_SOURCE_DIR}/formats/pdf)
target_link_libraries(test_pdf_hyphen PRIVATE ${HYPHEN_LIBRARY})
# Line-break opportunities: libunibreak shown runs of letters cut short
# answers as libunibreak shown the whole text.
nc_add_unit(test_pdf_breaks ${CMAKE_CURRENT_LIST_DIR}/test_pdf_breaks.c)
target_include_directories(test_pdf_breaks PRIVATE ${PROJECT_SOURCE_DIR}/formats/pdf)
target_link_libraries(test_pdf_breaks PRIVATE PkgConfig::UNIBREAK)
# The optimal line breaker.
nc_add_unit(test_pdf_paragraph ${CMAKE_CURRENT_LIST_DIR}/test_pdf_paragraph.c)
target_include_directories(test_pdf_paragraph PRIVATE ${PROJECT_SOURCE_DIR}/formats/pdf)
set(NC_PDF_CHECK ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/check_pdf.py)
nc_add_script(pdf_seed LABELS validate
  COMMAND ${NC_PDF_CHECK} seed)
nc_add_script(pdf_structures LABELS validate
  COMMAND ${NC_PDF_CHECK} structures $<TARGET_FILE:test_pdf>)
nc_add_script(pdf_reader_cases LABELS validate
  COMMAND ${NC_PDF_CHECK} reader-cases)
nc_add_script(pdf_corpus LABELS "validate;corpus"
  COMMAND ${NC_PDF_CHECK} corpus)
nc_add_script(pdf_long LABELS "validate;corpus"
  COMMAND ${NC_PDF_CHECK} long)
add_executable(nc_peak_rss ${CMAKE_CURRENT_LIST_DIR}/peak_rss.c)
target_compile_options(nc_peak_rss PRIVATE ${NC_WARNINGS})
nc_add_script(pdf_memory LABELS validate TIMEOUT 120
  COMMAND ${NC_PDF_CHECK} memory $<TARGET_FILE:nc_peak_rss>)
set_property(TEST pdf_memory APPEND PROPERTY ENVIRONMENT "NC_SANITIZED=${NC_SANITIZE}")
nc_add_script(pdf_fonts LABELS validate
  COMMAND ${NC_PDF_CHECK} fonts)
# Body text measured as a typographer would (space ratios, hyphens, rivers).
nc_add_script(pdf_typography LABELS "validate;corpus"
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/typography.py suite)
nc_add_script(pdf_checker_selftest LABELS unit
  COMMAND ${NC_PDF_CHECK} selftest)
# Tagged PDF/UA-1 and PDF/A-2a (issue 19): pikepdf, qpdf and pdf.js (npm,
# pinned by tests/pdf/pdfjs/package-lock.json, installed by .ci/deps) on the
# seed, a photo, a German article, every reader case and corpus articles;
# the selftest makes sure the checks can fail.
nc_add_script(pdf_tagged LABELS "validate;corpus" TIMEOUT 600
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/check_tagged.py all)
nc_add_script(pdf_tagged_selftest LABELS unit
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/check_tagged.py selftest)
# Kerning and ligatures (issue 18): character origins from MuPDF against
# hb-shape's kerned and fontTools' unkerned advances; ligature glyphs found
# by fontTools in GSUB 'liga', drawn, and extracted as their letters.
nc_add_script(pdf_shaping LABELS validate
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/shaping.py suite)
# The face cache when libnewsconv.so is dlclose()d: freed then (no font
# file left mapped), and the library opened again writes the same bytes.
add_executable(pdf_dlclose ${CMAKE_CURRENT_LIST_DIR}/pdf_dlclose.c)
target_include_directories(pdf_dlclose PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_compile_options(pdf_dlclose PRIVATE ${NC_WARNINGS})
target_compile_definitions(pdf_dlclose PRIVATE _POSIX_C_SOURCE=200809L _DEFAULT_SOURCE)
target_link_libraries(pdf_dlclose PRIVATE ${CMAKE_DL_LIBS})
add_test(NAME pdf_dlclose COMMAND pdf_dlclose $<TARGET_FILE:newsconv_shared>)
set_tests_properties(pdf_dlclose PROPERTIES LABELS "api;unit")
if(NC_SANITIZE)
  # What the unloaded libraries leave is reported without their names, and
  # this test is about the font files' mappings.
  set_tests_properties(pdf_dlclose PROPERTIES ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0")
endif()
# Tables (a long cell wraps in its column; the type stays at the table's
# size): content order, type size, columns, rows on one page, from MuPDF's
# text of the PDF against newsconv's JSON of the same input.
nc_add_script(pdf_tables LABELS validate
  COMMAND ${NC_PDF_CHECK} tables)
