# The DocBook writer (issue 6): documents built in C for every node type,
# and the CLI on the seed, the reader cases, the fixtures and the corpus;
# xmllint and the DocBook 5.0 RELAX NG schema judge every output.
# (nc_add_script takes one label; more are set afterwards.)
find_program(NC_XMLLINT xmllint REQUIRED)
nc_add_unit(test_docbook ${CMAKE_CURRENT_LIST_DIR}/test_docbook.c)
target_compile_definitions(test_docbook PRIVATE NC_XMLLINT="${NC_XMLLINT}")
set_tests_properties(test_docbook PROPERTIES LABELS "unit;validate;docbook")
nc_add_script(docbook_outputs LABELS validate
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/outputs.py project $<TARGET_FILE:every_node>)
set_tests_properties(docbook_outputs PROPERTIES LABELS "validate;docbook")
nc_add_script(docbook_corpus LABELS corpus TIMEOUT 120
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/outputs.py corpus)
set_tests_properties(docbook_corpus PROPERTIES LABELS "corpus;validate;docbook")
