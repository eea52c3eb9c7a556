# The IPTC writers (issue 21): ninjs and NewsML-G2 outputs of the seed, the
# reader cases, the fixtures, every node type and the corpus, judged by the
# IPTC schemas (xmllint, python3-jsonschema) and held against `-t json`.
# The schemas sit in ../shared/schemas/iptc beside the clone, like the
# corpus; without them the tests say they skipped.
get_filename_component(NC_IPTC_SCHEMAS_DEFAULT ${PROJECT_SOURCE_DIR}/../shared/schemas/iptc ABSOLUTE)
set(NC_IPTC_SCHEMAS ${NC_IPTC_SCHEMAS_DEFAULT} CACHE PATH "IPTC schemas (ninjs/, newsml-g2/)")
nc_add_unit(test_iptc ${CMAKE_CURRENT_LIST_DIR}/test_iptc.c)
target_include_directories(test_iptc PRIVATE ${PROJECT_SOURCE_DIR}/formats)
set_tests_properties(test_iptc PROPERTIES LABELS "unit;iptc")
nc_add_script(iptc_outputs LABELS validate TIMEOUT 300
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/outputs.py project $<TARGET_FILE:every_node>)
nc_add_script(iptc_corpus LABELS corpus TIMEOUT 600
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/outputs.py corpus)
foreach(t iptc_outputs iptc_corpus)
  set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT "IPTC_SCHEMAS=${NC_IPTC_SCHEMAS}")
endforeach()
set_tests_properties(iptc_outputs PROPERTIES LABELS "validate;iptc")
set_tests_properties(iptc_corpus PROPERTIES LABELS "corpus;validate;iptc")
