# The JSON writer (issue 2): every JSON output we can produce validates
# against tests/schema/document.schema.json, and the schema rejects broken
# documents. every_node builds a document with every node type in C.
add_executable(every_node ${CMAKE_CURRENT_LIST_DIR}/every_node.c)
target_compile_definitions(every_node PRIVATE _POSIX_C_SOURCE=200809L _DEFAULT_SOURCE)
target_link_libraries(every_node PRIVATE newsconv_static newsconv_internal)
nc_add_script(json_schema LABELS validate
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/outputs.py $<TARGET_FILE:every_node>)
set_tests_properties(json_schema PROPERTIES LABELS "validate;json")
