# The reader (issue 3): unit tests, the JSON cases, the BBC corpus, and
# hostile input through the CLI.
nc_add_unit(test_reader ${CMAKE_CURRENT_LIST_DIR}/test_reader.c)
target_include_directories(test_reader PRIVATE ${PROJECT_SOURCE_DIR}/src)
nc_add_script(reader_cases LABELS unit
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/cases.py)
nc_add_script(reader_hostile LABELS cli
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/hostile.sh)
nc_add_script(reader_corpus LABELS corpus TIMEOUT 120
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/corpus.py)
# The reader's fast paths (issue 10) against its slow ones.
nc_add_unit(test_reader_fastpaths ${CMAKE_CURRENT_LIST_DIR}/test_fastpaths.c)
target_include_directories(test_reader_fastpaths PRIVATE ${PROJECT_SOURCE_DIR}/src)
# Language detection on the wire development sample (issue 16): one summary
# line per measure; skipped when ../shared/corpus/wire is absent.
nc_add_script(reader_lang_corpus LABELS corpus TIMEOUT 120
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/lang_corpus.py)
# The detected language in every writer, and the PDF's hyphenation (issue 16).
nc_add_script(reader_lang_writers LABELS validate
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/lang_writers.py)
# The wire development sample (Reuters 1987, Der Standard): one summary
# line per convention found, failing below every one.
nc_add_script(reader_wire_corpus LABELS corpus TIMEOUT 300
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/wire.py)
# A kicker given without its own separator (-M kicker=EXCLUSIVE) is joined
# to the title once, by the reader: checked in every writer's text.
nc_add_script(reader_kicker_writers LABELS validate
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/kicker_writers.py)
